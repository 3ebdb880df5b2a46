//! Opening a span: the one path for `span!` and `#[instrument]`.
//!
//! Input: the span's name, target and level, its fields (each a name and an
//! `Option<&dyn Value>` expression), and optionally an explicit parent and
//! `follows_from` causes.
//! Output: the callsite's statics, and either an expression that is the new
//! span (`span!`, sync functions, a sync prelude):
//!
//! ```text
//! if level_enabled(LEVEL) && callsite_enabled(&CALLSITE, &META) {
//!     let span = Span::new(&META, &META.fields().value_set_all(&[..]));
//!     for cause in causes { span.follows_from(cause); }
//!     span
//! } else {
//!     Span::disabled(&META)
//! }
//! ```
//! or the statement an instrumented future's body starts with, which hands
//! the span to the wrapper polling it:
//! `if level_enabled(LEVEL) { handoff(&CALLSITE, &META, || <span>); }`
//! (the closure keeps the code that builds the span out of the body's
//! future, whose resume function stays small enough to inline).
//! Field values, the parent and the causes are evaluated only when the span
//! is enabled.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Ident};

use crate::callsite::{Callsite, Kind, Names};
use crate::fields::{Record, helpers_called, user_recorded};
use crate::locals::local;

/// What a span is opened from.
pub(crate) struct SpanOpen<'a> {
    /// `<root>::__private`.
    pub(crate) private: &'a TokenStream,
    /// `<root>::field`.
    pub(crate) field: &'a TokenStream,
    /// A `&'static str` constant expression.
    pub(crate) name: TokenStream,
    /// A `&'static str` constant expression; the module path when `None`.
    pub(crate) target: Option<TokenStream>,
    /// A `Level` constant expression.
    pub(crate) level: TokenStream,
    pub(crate) fields: Vec<OpenField<'a>>,
    /// `parent = ..`: anything `Into<Option<Id>>`; `None` makes a root.
    pub(crate) parent: Option<&'a Expr>,
    /// `follows_from = ..`: an iterable of `Into<Option<Id>>`.
    pub(crate) follows_from: Option<&'a Expr>,
    /// A root span that follows from the span current when it opens
    /// (`#[instrument(detached)]`; never with `parent`).
    pub(crate) detached: bool,
}

/// One field of a span being opened.
pub(crate) struct OpenField<'a> {
    /// A string literal or a constant expression (`{CONST}`).
    pub(crate) name: TokenStream,
    /// An `Option<&dyn Value>` expression.
    value: TokenStream,
    /// The user's expression the value is read from, which may call
    /// `debug(..)` and `display(..)` unqualified, as in `tracing`.
    expr: Option<&'a TokenStream>,
}

impl<'a> OpenField<'a> {
    /// A field recorded from the user's expression `expr`.
    pub(crate) fn expr(
        name: TokenStream,
        (private, field): (&TokenStream, &TokenStream),
        record: Record,
        expr: &'a TokenStream,
    ) -> Self {
        OpenField {
            name,
            value: user_recorded(private, field, record, expr),
            expr: Some(expr),
        }
    }

    /// A field whose value is `value`, an `Option<&dyn Value>` expression
    /// the macro made.
    pub(crate) fn value(name: TokenStream, value: TokenStream) -> Self {
        OpenField {
            name,
            value,
            expr: None,
        }
    }
}

/// A span ready to be opened.
pub(crate) struct Opened {
    /// The callsite's statics, to be declared where the span opens.
    pub(crate) declare: TokenStream,
    /// The names the statics are declared under.
    pub(crate) names: Names,
    /// `true` when the span is enabled now.
    enabled: TokenStream,
    /// Creates the span; only evaluated when it is enabled.
    create: TokenStream,
    private: TokenStream,
}

impl Opened {
    /// The new span: `if enabled { create } else { Span::disabled(&META) }`.
    pub(crate) fn expr(&self) -> TokenStream {
        let Opened {
            enabled,
            create,
            private,
            names,
            ..
        } = self;
        let meta = &names.meta;
        quote! {
            if #enabled {
                #create
            } else {
                #private::Span::disabled(&#meta)
            }
        }
    }

    /// The statement an instrumented future's body starts with: the span,
    /// if enabled, handed to the wrapper that polls the body. Only the level
    /// is checked inline; the callsite, out of line in `handoff`, keeps the
    /// body's future small.
    pub(crate) fn handoff(&self) -> TokenStream {
        let Opened {
            create,
            private,
            names,
            ..
        } = self;
        let (level, meta, callsite) = (&names.level, &names.meta, &names.callsite);
        quote! {
            if #private::level_enabled(#level) {
                #private::handoff(&#callsite, &#meta, || #create);
            }
        }
    }
}

impl SpanOpen<'_> {
    pub(crate) fn build(self, prefix: &str) -> Opened {
        let (private, field) = (self.private, self.field);
        let names = Names::new(prefix);
        let mut helpers = Vec::new();
        for expr in self.fields.iter().filter_map(|field| field.expr) {
            helpers_called(expr, &mut helpers);
        }
        let (field_names, values): (Vec<TokenStream>, Vec<TokenStream>) = self
            .fields
            .into_iter()
            .map(|field| (field.name, field.value))
            .unzip();
        let callsite = Callsite {
            private,
            name: self.name,
            target: self.target,
            level: self.level,
            fields: field_names,
            kind: Kind::Span,
        };
        let declare = callsite.declare(&names);
        let enabled = callsite.enabled(&names);
        let meta = &names.meta;
        let value_set = quote!(&#meta.fields().value_set_all(&[#(#values),*]));
        let create = match self.parent {
            // Spanned at the parent, so a parent of the wrong type is
            // reported there.
            Some(parent) => {
                quote_spanned!(parent.span()=> #private::Span::child_of(#parent, &#meta, #value_set))
            }
            None if self.detached => quote!(#private::Span::detached(&#meta, #value_set)),
            None => quote!(#private::Span::new(&#meta, #value_set)),
        };
        let create = if helpers.is_empty() {
            create
        } else {
            let helpers = helpers.iter().map(|h| Ident::new(h, Span::call_site()));
            quote! {{
                use #field::{#(#helpers),*};
                #create
            }}
        };
        let create = match self.follows_from {
            Some(causes) => {
                let span = local("opened");
                let cause = local("cause");
                let allow = crate::lints::follows_from_loop();
                quote! {{
                    let #span = #create;
                    #allow
                    for #cause in #causes {
                        #span.follows_from(#cause);
                    }
                    #span
                }}
            }
            None => create,
        };
        Opened {
            declare,
            names,
            enabled,
            create,
            private: private.clone(),
        }
    }
}
