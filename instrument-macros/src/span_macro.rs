//! `span!` and the level shorthands (`info_span!`, ...), on the shared field
//! grammar.
//!
//! The runtime's `macro_rules!` wrappers call the procedural macro as
//! `span!($crate; LEVEL; input)`, where `LEVEL` is `_` when the input starts
//! with a level expression (`span!`) or a level name (`info_span!`). Passing
//! `$crate` keeps the generated paths right when the runtime is renamed.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, Token};

use crate::fields::{FieldValue, Fields, Record, Shorthand, first_span};
use crate::open::{OpenField, SpanOpen};

mod kw {
    syn::custom_keyword!(target);
    syn::custom_keyword!(parent);
}

struct SpanInput {
    root: TokenStream,
    level: TokenStream,
    target: Option<Expr>,
    parent: Option<Expr>,
    name: Expr,
    fields: Fields,
}

impl Parse for SpanInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut root = TokenStream::new();
        while !input.peek(Token![;]) {
            root.extend([input.parse::<proc_macro2::TokenTree>()?]);
        }
        input.parse::<Token![;]>()?;
        let shorthand = if input.peek(Token![_]) {
            input.parse::<Token![_]>()?;
            None
        } else {
            Some(input.parse::<Ident>()?)
        };
        input.parse::<Token![;]>()?;

        let mut target = None;
        let mut parent = None;
        loop {
            let slot = if input.peek(kw::target)
                && input.peek2(Token![:])
                && !input.peek2(Token![::])
            {
                input.parse::<kw::target>()?;
                &mut target
            } else if input.peek(kw::parent) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
                input.parse::<kw::parent>()?;
                &mut parent
            } else {
                break;
            };
            let colon: Token![:] = input.parse()?;
            if slot.is_some() {
                return Err(syn::Error::new(colon.span, "given twice"));
            }
            *slot = Some(input.parse::<Expr>()?);
            input.parse::<Token![,]>()?;
        }

        let private = quote!(#root::__private);
        let level = match shorthand {
            Some(level) => quote!(#private::Level::#level),
            None => {
                let level: Expr = input.parse()?;
                input.parse::<Token![,]>()?;
                quote!(#level)
            }
        };
        if input.is_empty() {
            return Err(input.error("expected the span's name, a string literal or constant"));
        }
        let name: Expr = input.parse()?;
        let fields = if input.is_empty() {
            Fields(Vec::new())
        } else {
            input.parse::<Token![,]>()?;
            input.parse()?
        };
        Ok(SpanInput {
            root,
            level,
            target,
            parent,
            name,
            fields,
        })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<SpanInput>(input) {
        Ok(input) => span(&input),
        Err(err) => err.to_compile_error(),
    }
}

fn span(input: &SpanInput) -> TokenStream {
    let root = &input.root;
    let private = quote!(#root::__private);
    let field = quote!(#root::field);
    let paths = (&private, &field);
    let fields = input
        .fields
        .0
        .iter()
        .map(|field| {
            let name = field.name.to_callsite_name();
            match &field.value {
                // `span!`'s shorthand: the variable of that name.
                FieldValue::Bare(Some(Shorthand {
                    expr,
                    readable: true,
                })) => OpenField::expr(name, paths, Record::Value, expr),
                FieldValue::Bare(Some(Shorthand {
                    expr,
                    readable: false,
                })) => OpenField::value(
                    name,
                    syn::Error::new(
                        first_span(expr),
                        "a keyword cannot be read as a variable: give the field a value, `name = value`",
                    )
                    .to_compile_error(),
                ),
                FieldValue::Bare(None) => OpenField::value(
                    name,
                    syn::Error::new(
                        field.name.span(),
                        "a field name that is a string or a constant needs a value: `\"name\" = value`",
                    )
                    .to_compile_error(),
                ),
                FieldValue::Expr { record, expr } => OpenField::expr(name, paths, *record, expr),
            }
        })
        .collect();
    let name = &input.name;
    let opened = SpanOpen {
        private: &private,
        field: &field,
        name: quote!(#name),
        target: input.target.as_ref().map(|t| quote!(#t)),
        level: input.level.clone(),
        fields,
        parent: input.parent.as_ref(),
        follows_from: None,
        detached: false,
    }
    .build("SPAN");
    let declare = &opened.declare;
    let open = opened.expr();
    quote! {
        {
            #declare
            #open
        }
    }
}
