//! What an instrumented function records when it ends: the `ret`/`err`
//! events, each with its own callsite, and the span's `outcome` field.
//!
//! Input: the resolved [`Model`], the span's callsite statics, and the
//! generated locals. Output: statements that record `out: &Output` (for a
//! sync body, after it returns), and the hooks closure an instrumented
//! future's wrapper calls with how the function ended:
//!
//! ```text
//! |end| {
//!     if let Some(out) = end.output() { <ret/err events of out> }
//!     end.record_outcome(&SPAN_META, end.outcome(|out| <ok or err>));
//! }
//! ```

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Ident;

use crate::callsite::{Callsite, Kind as CallsiteKind, Names};
use crate::errors::located_at;
use crate::locals::Locals;
use crate::model::{EventLevel, EventSpec, Model};

pub(crate) struct Events<'m> {
    model: &'m Model<'m>,
    /// The span's callsite statics: the events' default level, and the
    /// metadata `outcome` is recorded through.
    span: &'m Names,
    locals: &'m Locals,
}

impl<'m> Events<'m> {
    pub(crate) fn new(model: &'m Model<'m>, span: &'m Names, locals: &'m Locals) -> Self {
        Events {
            model,
            span,
            locals,
        }
    }

    /// What the wrapper of an instrumented future calls when the function
    /// ends: the `ret`/`err` events for its value, and the `outcome`, if any.
    pub(crate) fn hooks(&self) -> TokenStream {
        let private = &self.model.private;
        let Locals { out, end, .. } = self.locals;
        let events = self.record().map(|events| {
            quote! {
                if let #private::Some(#out) = #end.output() {
                    #events
                }
            }
        });
        let outcome = self.model.outcome.then(|| {
            let meta = &self.span.meta;
            let of = self.outcome_of();
            quote!(#end.record_outcome(&#meta, #end.outcome(|#out| #of));)
        });
        if events.is_none() && outcome.is_none() {
            return quote!(|_| {});
        }
        quote! {
            |#end| {
                #events
                #outcome
            }
        }
    }

    /// `ok`, or `err` for a `Result`'s `Err`, of `out: &Output`.
    pub(crate) fn outcome_of(&self) -> TokenStream {
        let private = &self.model.private;
        let out = &self.locals.out;
        quote! {{
            use #private::{AnyOutcome as _, ResultOutcome as _};
            (&#private::OutcomeOf(#out)).outcome()
        }}
    }

    /// Statements that record `out: &Output` as the `ret`/`err` events.
    pub(crate) fn record(&self) -> Option<TokenStream> {
        let (private, field) = (&self.model.private, &self.model.field);
        let Locals { out, ok, error, .. } = self.locals;
        // `returned_result` takes `&Result<T, E>`: a function that returns something
        // else gets one "expected `Result`" error, at its return type.
        let as_result = || {
            located_at(
                quote!(#field::returned_result(#out)),
                self.model.value_output_span(),
            )
        };
        match (&self.model.ret, &self.model.err) {
            (None, None) => None,
            (Some(ret), None) => Some(self.event(ret, out)),
            (None, Some(err)) => {
                let err_event = self.event(err, error);
                let as_result = as_result();
                Some(quote! {
                    if let #private::Err(#error) = #as_result {
                        #err_event
                    }
                })
            }
            (Some(ret), Some(err)) => {
                let ret_event = self.event(ret, ok);
                let err_event = self.event(err, error);
                let as_result = as_result();
                Some(quote! {
                    match #as_result {
                        #private::Ok(#ok) => #ret_event,
                        #private::Err(#error) => #err_event,
                    }
                })
            }
        }
    }

    /// One event, with its own callsite, recording `value: &T`.
    fn event(&self, spec: &EventSpec, value: &Ident) -> TokenStream {
        let private = &self.model.private;
        let level = match &spec.level {
            EventLevel::OfSpan => self.span.level.to_token_stream(),
            EventLevel::Given(level) => level.tokens(private),
        };
        let field = spec.kind.field();
        let callsite = Callsite {
            private,
            name: quote!(#private::concat!("event ", #private::file!(), ":", #private::line!())),
            target: self.model.span.target.map(ToTokens::to_token_stream),
            level,
            fields: vec![quote!(#field)],
            kind: CallsiteKind::Event,
        };
        let names = Names::new(spec.kind.prefix());
        let declare = callsite.declare(&names);
        let Names { meta, callsite, .. } = &names;
        // The value is formatted through a helper whose one bound explains
        // the problem, at the format the user wrote or else at the type.
        let helper = Ident::new(spec.kind.helper(spec.format), Span::call_site());
        let field = &self.model.field;
        let value = located_at(quote!(#field::#helper(#value)), spec.span);
        quote! {{
            #declare
            #private::event(&#callsite, &#meta, &#value);
        }}
    }
}
