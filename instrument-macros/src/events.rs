//! What an instrumented function records when it ends: the `ret`/`err`
//! events, each with its own callsite, an `ERROR` event when it panics
//! (with `err` or `outcome`), and the span's `outcome` field.
//!
//! Input: the resolved [`Model`], the span's callsite statics, and the
//! generated locals. Output: statements that record `out: &Output` (for a
//! sync body, after it returns) and a caught `panic: &Panicked` (before it
//! goes on), and the hooks closure an instrumented future's wrapper calls
//! with how the function ended:
//!
//! ```text
//! |end| {
//!     if let Some(out) = end.output() { <ret/err events of out> }
//!     if let Some(panic) = end.panicked() { <panic event> }
//!     end.record_outcome(&SPAN_META, end.outcome(|out| <ok or err>));
//! }
//! ```

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Ident;

use crate::args::EventFormat;
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
        let Locals {
            out, end, panic, ..
        } = self.locals;
        let events = self.record().map(|events| {
            quote! {
                if let #private::Some(#out) = #end.output() {
                    #events
                }
            }
        });
        let panicked = self.model.catches_panics().then(|| {
            let event = self.panic_event();
            quote! {
                if let #private::Some(#panic) = #end.panicked() {
                    #event
                }
            }
        });
        let outcome = self.model.outcome.then(|| {
            let meta = &self.span.meta;
            let of = self.outcome_of();
            quote!(#end.record_outcome(&#meta, #end.outcome(|#out| #of));)
        });
        if events.is_none() && panicked.is_none() && outcome.is_none() {
            return quote!(|_| {});
        }
        quote! {
            |#end| {
                #events
                #panicked
                #outcome
            }
        }
    }

    /// What a sync body or prelude records when it panics, with `panic:
    /// &Panicked` in scope and `span` entered: the panic's event, and
    /// `outcome = panicked`.
    pub(crate) fn on_panic(&self) -> TokenStream {
        let span = &self.locals.span;
        let event = self.panic_event();
        let outcome = self
            .model
            .outcome
            .then(|| quote!(#span.record("outcome", "panicked");));
        quote!(#event #outcome)
    }

    /// The `ERROR` event of a panic, `panic: &Panicked`, with its own
    /// callsite: its field `error` is `panicked: <message>`.
    fn panic_event(&self) -> TokenStream {
        let private = &self.model.private;
        let panic = &self.locals.panic;
        self.emit(
            "PANIC",
            quote!(#private::Level::ERROR),
            vec![quote!("error")],
            &quote!(#private::panic_event),
            &quote!(#panic),
        )
    }

    /// An event with its own callsite (statics named with `prefix`) of
    /// `level` and `fields`, emitted by `emit(&CALLSITE, &META, value)`.
    fn emit(
        &self,
        prefix: &str,
        level: TokenStream,
        fields: Vec<TokenStream>,
        emit: &TokenStream,
        value: &TokenStream,
    ) -> TokenStream {
        let private = &self.model.private;
        let callsite = Callsite {
            private,
            name: quote!(#private::concat!("event ", #private::file!(), ":", #private::line!())),
            target: self.model.span.target.map(ToTokens::to_token_stream),
            level,
            fields,
            kind: CallsiteKind::Event,
        };
        let names = Names::new(prefix);
        let declare = callsite.declare(&names);
        let Names { meta, callsite, .. } = &names;
        quote! {{
            #declare
            #emit(&#callsite, &#meta, #value);
        }}
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
        // An error with its sources is recorded as its `Display` and a
        // second field with the sources (see the runtime's `event.rs`).
        let (fields, emit) = match spec.format {
            EventFormat::Error => (
                vec![quote!(#field), quote!("error.sources")],
                quote!(#private::error_event),
            ),
            EventFormat::Debug | EventFormat::Display => {
                (vec![quote!(#field)], quote!(#private::event))
            }
        };
        // The value is formatted through a helper whose one bound explains
        // the problem, at the format the user wrote or else at the type.
        let helper = Ident::new(spec.kind.helper(spec.format), Span::call_site());
        let field = &self.model.field;
        let value = located_at(quote!(#field::#helper(#value)), spec.span);
        let value = match spec.format {
            EventFormat::Error => value,
            EventFormat::Debug | EventFormat::Display => quote!(&#value),
        };
        self.emit(spec.kind.prefix(), level, fields, &emit, &value)
    }
}
