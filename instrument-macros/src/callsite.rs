//! Static callsites: the `Metadata` and `DefaultCallsite` statics that every
//! span and event the macros emit is registered through.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

/// Whether a callsite describes a span or an event.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Span,
    Event,
}

/// What a callsite's metadata is made of. Every expression here must be a
/// constant expression: it is evaluated in a `static`.
pub(crate) struct Callsite<'a> {
    /// `<root>::__private`.
    pub(crate) private: &'a TokenStream,
    /// A `&'static str` constant: the span or event name.
    pub(crate) name: TokenStream,
    /// A `&'static str` constant; `module_path!()` when `None`.
    pub(crate) target: Option<TokenStream>,
    /// A `Level` constant.
    pub(crate) level: TokenStream,
    /// The field names (string literals or constant expressions), in the
    /// order values are given.
    pub(crate) fields: Vec<TokenStream>,
    pub(crate) kind: Kind,
}

/// The names of the items a callsite declares. Items are visible to the
/// user's code whatever their hygiene, so the names carry an
/// `__INSTRUMENT_` prefix no user writes.
pub(crate) struct Names {
    pub(crate) level: Ident,
    pub(crate) meta: Ident,
    pub(crate) callsite: Ident,
}

impl Names {
    pub(crate) fn new(prefix: &str) -> Self {
        let ident = |what: &str| {
            format_ident!(
                "__INSTRUMENT_{}_{}",
                prefix,
                what,
                span = Span::mixed_site()
            )
        };
        Names {
            level: ident("LEVEL"),
            meta: ident("META"),
            callsite: ident("CALLSITE"),
        }
    }
}

impl Callsite<'_> {
    /// The item declarations: a level constant, the metadata and the callsite.
    pub(crate) fn declare(&self, names: &Names) -> TokenStream {
        let Callsite {
            private,
            name,
            target,
            level,
            fields,
            kind,
        } = self;
        let Names {
            level: level_name,
            meta,
            callsite,
        } = names;
        let target = match target {
            Some(target) => target.clone(),
            None => quote!(#private::module_path!()),
        };
        let kind = match kind {
            Kind::Span => quote!(#private::Kind::SPAN),
            Kind::Event => quote!(#private::Kind::EVENT),
        };
        quote! {
            const #level_name: #private::Level = #level;
            static #meta: #private::Metadata<'static> = #private::Metadata::new(
                #name,
                #target,
                #level_name,
                #private::Some(#private::file!()),
                #private::Some(#private::line!()),
                #private::Some(#private::module_path!()),
                #private::FieldSet::new(&[#(#fields),*], #private::identify(&#callsite)),
                #kind,
            );
            static #callsite: #private::DefaultCallsite = #private::DefaultCallsite::new(&#meta);
        }
    }

    /// `true` when the callsite is enabled now: a constant compare, a relaxed
    /// load, and only then the cached interest.
    pub(crate) fn enabled(&self, names: &Names) -> TokenStream {
        let private = self.private;
        let Names {
            level,
            meta,
            callsite,
        } = names;
        quote! {
            #private::level_enabled(#level) && #private::callsite_enabled(&#callsite, &#meta)
        }
    }
}
