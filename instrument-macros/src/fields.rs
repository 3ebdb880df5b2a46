//! The one field grammar, shared by `span!` and `#[instrument(fields(..))]`.
//!
//! ```text
//! field := ("%" | "?")? name                  shorthand: the value is the name
//!        | name "=" ("%" | "?")? expr         `field::Empty` declares without a value
//! name  := ident ("." ident)* | "string literal"
//! ```
//! Identifiers may be keywords (`type`) or raw (`r#type`); a dotted name is
//! recorded with its dots (`http.method`). `field::Empty` is a value like any
//! other (it records nothing): `use instrument_runtime::field` to name it.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, LitStr, Token};

/// A field: its recorded name and how its value is recorded.
pub(crate) struct Field {
    pub(crate) name: FieldName,
    pub(crate) value: FieldValue,
}

/// A field's name as recorded, with the span of the tokens that spelled it.
pub(crate) struct FieldName {
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// How a field's value is recorded. `field::Empty` is an ordinary value
/// (it records nothing), written as the user wrote it, as in `tracing`.
pub(crate) enum FieldValue {
    /// A bare name: in `span!`, the variable of that name (`a` is `a = a`);
    /// in `#[instrument(fields(..))]`, an empty field, as in `tracing`'s
    /// attribute. `readable` is false when the name cannot be read as a
    /// variable (it holds a keyword: `type`).
    Bare { path: TokenStream, readable: bool },
    /// Recorded through `tracing_core::field::Value` (numbers, bools, strings).
    Value(TokenStream),
    /// `%value`: recorded with `Display`.
    Display(TokenStream),
    /// `?value`: recorded with `Debug`.
    Debug(TokenStream),
}

/// A comma-separated list of fields, trailing comma allowed.
pub(crate) struct Fields(pub(crate) Vec<Field>);

impl Parse for Fields {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let list = Punctuated::<Field, Token![,]>::parse_terminated(input)?;
        Ok(Fields(list.into_iter().collect()))
    }
}

#[derive(Clone, Copy)]
enum Sigil {
    None,
    Display,
    Debug,
}

impl Sigil {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Token![%]) {
            input.parse::<Token![%]>()?;
            Ok(Sigil::Display)
        } else if input.peek(Token![?]) {
            input.parse::<Token![?]>()?;
            Ok(Sigil::Debug)
        } else {
            Ok(Sigil::None)
        }
    }

    fn wrap(self, value: TokenStream) -> FieldValue {
        match self {
            Sigil::None => FieldValue::Value(value),
            Sigil::Display => FieldValue::Display(value),
            Sigil::Debug => FieldValue::Debug(value),
        }
    }
}

impl Parse for Field {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let shorthand_sigil = Sigil::parse(input)?;
        let (name, path, readable) = if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            (
                FieldName {
                    text: lit.value(),
                    span: lit.span(),
                },
                None,
                false,
            )
        } else if input.peek(Ident::peek_any) {
            let (name, path, readable) = parse_dotted(input)?;
            (name, Some(path), readable)
        } else {
            return Err(input.error(
                "expected a field: `name`, `name = value`, `name = %value`, `name = ?value`, \
                 `%name`, `?name` or `name = field::Empty`",
            ));
        };

        if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            if !matches!(shorthand_sigil, Sigil::None) {
                return Err(syn::Error::new(
                    eq.span,
                    "put `%` or `?` after `=`: `name = %value`",
                ));
            }
            let sigil = Sigil::parse(input)?;
            if input.is_empty() || input.peek(Token![,]) {
                return Err(syn::Error::new(eq.span, "expected a value after `=`"));
            }
            let expr: Expr = input.parse()?;
            return Ok(Field {
                name,
                value: sigil.wrap(expr.into_token_stream()),
            });
        }

        let Some(path) = path else {
            return Err(syn::Error::new(
                name.span,
                "a string-literal field name needs a value: `\"name\" = value`",
            ));
        };
        let value = match shorthand_sigil {
            Sigil::None => FieldValue::Bare { path, readable },
            _ if !readable => {
                return Err(syn::Error::new(
                    name.span,
                    format!(
                        "`{}` is not a variable that can be read; write `{} = %value` or `{} = ?value`",
                        name.text, name.text, name.text
                    ),
                ));
            }
            sigil => sigil.wrap(path),
        };
        Ok(Field { name, value })
    }
}

/// Parses `a.b.c` (keywords allowed), returning its recorded name, the
/// same path as a field-access expression for shorthand fields, and whether
/// that expression is valid (no keyword in it, but a leading `self`).
fn parse_dotted(input: ParseStream<'_>) -> syn::Result<(FieldName, TokenStream, bool)> {
    let is_keyword = |ident: &Ident| syn::parse2::<Ident>(ident.to_token_stream()).is_err();
    let first = Ident::parse_any(input)?;
    let mut readable = first == "self" || !is_keyword(&first);
    let span = first.span();
    let mut text = first.unraw().to_string();
    let mut expr = first.to_token_stream();
    while input.peek(Token![.]) {
        let dot: Token![.] = input.parse()?;
        let next = Ident::parse_any(input)?;
        readable &= !is_keyword(&next);
        text.push('.');
        text.push_str(&next.unraw().to_string());
        dot.to_tokens(&mut expr);
        next.to_tokens(&mut expr);
    }
    let span = span.join(input.span()).unwrap_or(span);
    Ok((FieldName { text, span }, expr, readable))
}

impl FieldValue {
    /// The value as an `Option<&dyn Value>` expression for a `ValueSet`.
    /// Display and Debug values go through the runtime's helpers, which
    /// explain a missing `Display`/`Debug` impl at the value's own span.
    ///
    /// `bare_is_empty`: a bare name declares an empty field (in
    /// `#[instrument(fields(..))]`) rather than reading the variable.
    pub(crate) fn to_value_tokens(
        &self,
        private: &TokenStream,
        bare_is_empty: bool,
    ) -> TokenStream {
        match self {
            FieldValue::Bare { .. } if bare_is_empty => {
                quote_spanned!(Span::mixed_site()=> #private::None)
            }
            FieldValue::Bare {
                path,
                readable: true,
            } => {
                let span = first_span(path);
                quote_spanned!(span=> #private::Some(#private::value(&(#path))))
            }
            FieldValue::Bare {
                path,
                readable: false,
            } => syn::Error::new(
                first_span(path),
                "a keyword cannot be read as a variable: give the field a value, `name = value`",
            )
            .to_compile_error(),
            FieldValue::Value(expr) => {
                let span = first_span(expr);
                quote_spanned!(span=> #private::Some(#private::value(&(#expr))))
            }
            FieldValue::Display(expr) => {
                let span = first_span(expr);
                quote_spanned!(span=> #private::Some(#private::value(&#private::display(&(#expr)))))
            }
            FieldValue::Debug(expr) => {
                let span = first_span(expr);
                quote_spanned!(span=> #private::Some(#private::value(&#private::debug(&(#expr)))))
            }
        }
    }
}

/// The span of the first token, where an error about the tokens belongs.
pub(crate) fn first_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}
