//! The one field grammar, shared by `span!` and `#[instrument(fields(..))]`,
//! and the one way a value is turned into a recorded field.
//!
//! ```text
//! field := ("%" | "?")? name                  shorthand: the value is the name
//!        | ("%" | "?")? name "=" ("%" | "?")? expr
//! name  := ident ("." ident)* | "string literal" | "{" const-expr "}"
//! ```
//! As in `tracing`, a sigil before the name applies to the value unless the
//! value has its own (`?a = x` is `a = ?x`). `field::Empty` declares a field
//! without a value.
//! Identifiers may be keywords (`type`) or raw (`r#type`); a dotted name is
//! recorded with its dots (`http.method`). A name in braces is a constant
//! expression of type `&'static str` (`{CONST}`, `{Type::NAME}`). `field::Empty`
//! is a value like any other (it records nothing): `use
//! instrument_runtime::field` to name it.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Token};

/// How a field's value is recorded: the one answer for parameters,
/// `fields(..)` and `span!` fields. (`ret`/`err` have their own,
/// [`EventFormat`](crate::args::EventFormat).)
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Record {
    /// Through `tracing_core::field::Value`: integers, floats, bools, strings.
    Value,
    /// With `Display` (`%value`).
    Display,
    /// With `Debug` (`?value`, and parameters of other types).
    Debug,
}

/// A field: its recorded name and its value.
pub(crate) struct Field {
    pub(crate) name: FieldName,
    pub(crate) value: FieldValue,
}

/// A field's name as written.
pub(crate) enum FieldName {
    /// `a.b.c` or `"a.b"`: the recorded text, with the span of the tokens
    /// that spelled it, and for a dotted name its segments as written
    /// (`r#type` stays `r#type`).
    Text {
        text: String,
        span: Span,
        segments: Vec<String>,
    },
    /// `{expr}`: a constant `&'static str` expression.
    Const(Expr),
}

/// A field's value as written.
pub(crate) enum FieldValue {
    /// The name alone: in `span!`, the variable of that name (`a` is `a =
    /// a`); in `#[instrument(fields(..))]`, the parameter of that name or
    /// else an empty field. `None` for a string or constant name, which is
    /// not a variable.
    Bare(Option<Shorthand>),
    /// `= value`, `= %value`, `= ?value`, and the shorthands `%name`, `?name`.
    Expr { record: Record, expr: TokenStream },
}

/// A dotted name read as an expression (`a.b` is the field access `a.b`).
pub(crate) struct Shorthand {
    pub(crate) expr: TokenStream,
    /// False when the name cannot be read as a variable: it holds a keyword
    /// (`type`), other than a leading `self`.
    pub(crate) readable: bool,
}

/// A comma-separated list of fields, trailing comma allowed.
pub(crate) struct Fields(pub(crate) Vec<Field>);

impl Parse for Fields {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let list = Punctuated::<Field, Token![,]>::parse_terminated(input)?;
        Ok(Fields(list.into_iter().collect()))
    }
}

/// `%` or `?` before a value or shorthand name, if present.
fn parse_sigil(input: ParseStream<'_>) -> syn::Result<Option<Record>> {
    if input.peek(Token![%]) {
        input.parse::<Token![%]>()?;
        Ok(Some(Record::Display))
    } else if input.peek(Token![?]) {
        input.parse::<Token![?]>()?;
        Ok(Some(Record::Debug))
    } else {
        Ok(None)
    }
}

impl Parse for Field {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let shorthand_sigil = parse_sigil(input)?;
        let (name, shorthand) = if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            let name = FieldName::Text {
                text: lit.value(),
                span: lit.span(),
                segments: Vec::new(),
            };
            (name, None)
        } else if input.peek(syn::token::Brace) {
            let content;
            syn::braced!(content in input);
            (FieldName::Const(content.parse()?), None)
        } else if input.peek(Ident::peek_any) {
            let (name, shorthand) = parse_dotted(input)?;
            (name, Some(shorthand))
        } else {
            return Err(input.error(
                "expected a field: `name`, `name = value`, `name = %value`, `name = ?value`, \
                 `%name`, `?name` or `name = field::Empty`",
            ));
        };

        if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            let record = parse_sigil(input)?
                .or(shorthand_sigil)
                .unwrap_or(Record::Value);
            if input.is_empty() || input.peek(Token![,]) {
                return Err(syn::Error::new(eq.span, "expected a value after `=`"));
            }
            let expr: Expr = input.parse()?;
            let value = FieldValue::Expr {
                record,
                expr: expr.into_token_stream(),
            };
            return Ok(Field { name, value });
        }

        let value = match (shorthand_sigil, shorthand) {
            (None, shorthand) => FieldValue::Bare(shorthand),
            (Some(_), None) => {
                return Err(syn::Error::new(
                    name.span(),
                    "a field name that is a string or a constant is not a variable: \
                     give it a value, `{NAME} = %value`",
                ));
            }
            (Some(_), Some(shorthand)) if !shorthand.readable => {
                let text = name.text().unwrap_or_default();
                return Err(syn::Error::new(
                    name.span(),
                    format!(
                        "`{text}` is not a variable that can be read; write `{text} = %value` or `{text} = ?value`"
                    ),
                ));
            }
            (Some(record), Some(shorthand)) => FieldValue::Expr {
                record,
                expr: shorthand.expr,
            },
        };
        Ok(Field { name, value })
    }
}

/// Parses `a.b.c` (keywords allowed), returning its recorded name and the
/// same path as a field-access expression, for shorthand fields.
fn parse_dotted(input: ParseStream<'_>) -> syn::Result<(FieldName, Shorthand)> {
    let is_keyword = |ident: &Ident| syn::parse2::<Ident>(ident.to_token_stream()).is_err();
    let first = Ident::parse_any(input)?;
    let mut readable = first == "self" || !is_keyword(&first);
    let span = first.span();
    let mut text = first.unraw().to_string();
    let mut segments = vec![first.to_string()];
    let mut expr = first.to_token_stream();
    while input.peek(Token![.]) {
        let dot: Token![.] = input.parse()?;
        let next = Ident::parse_any(input)?;
        readable &= !is_keyword(&next);
        text.push('.');
        text.push_str(&next.unraw().to_string());
        segments.push(next.to_string());
        dot.to_tokens(&mut expr);
        next.to_tokens(&mut expr);
    }
    let span = span.join(input.span()).unwrap_or(span);
    let name = FieldName::Text {
        text,
        span,
        segments,
    };
    Ok((name, Shorthand { expr, readable }))
}

impl FieldName {
    /// The recorded name, when it is written out (not a constant).
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            FieldName::Text { text, .. } => Some(text),
            FieldName::Const(_) => None,
        }
    }

    /// Whether this name hides the parameter written `param`: `tracing`'s
    /// rule, kept for the meaning of migrated code. A dotted name hides a
    /// parameter when its first and last segments are both the parameter's
    /// name as written (`p` and `p.p`; not `p.len`, not `"p"`, not `{P}`).
    pub(crate) fn hides(&self, param: &str) -> bool {
        match self {
            FieldName::Text { segments, .. } => {
                segments.first().is_some_and(|first| first == param)
                    && segments.last().is_some_and(|last| last == param)
            }
            FieldName::Const(_) => false,
        }
    }

    /// Where the name was written, for errors about it.
    pub(crate) fn span(&self) -> Span {
        match self {
            FieldName::Text { span, .. } => *span,
            FieldName::Const(expr) => expr.span(),
        }
    }

    /// The name as an element of a callsite's `FieldSet`: a string literal,
    /// or the constant expression.
    pub(crate) fn to_callsite_name(&self) -> TokenStream {
        match self {
            FieldName::Text { text, .. } => quote!(#text),
            FieldName::Const(expr) => quote!({ #expr }),
        }
    }
}

/// A recorded value as an `Option<&dyn Value>` for a `ValueSet`, from
/// `value`, an expression of type `&T`. Display and Debug values go through
/// the helpers of the runtime's `field` module (`field`), whose one bound
/// explains a missing impl; the helper call is spanned at `span`, the user's
/// value, so that is where the error points.
pub(crate) fn recorded(
    private: &TokenStream,
    field: &TokenStream,
    record: Record,
    value: &TokenStream,
    span: Span,
) -> TokenStream {
    let value = match record {
        Record::Value => quote_spanned!(span=> #value),
        Record::Display => quote_spanned!(span=> &#field::record_display(#value)),
        Record::Debug => quote_spanned!(span=> &#field::record_debug(#value)),
    };
    quote!(#private::Some(#private::value(#value)))
}

/// `None` for a `ValueSet`: a field declared to be recorded later.
pub(crate) fn empty(private: &TokenStream) -> TokenStream {
    quote_spanned!(Span::mixed_site()=> #private::None)
}

/// A user-written value expression, recorded as `record`: borrowed
/// (`&(expr)`, so that any expression can be borrowed), with errors about it
/// at its first token.
pub(crate) fn user_recorded(
    private: &TokenStream,
    field: &TokenStream,
    record: Record,
    expr: &TokenStream,
) -> TokenStream {
    let span = first_span(expr);
    recorded(
        private,
        field,
        record,
        &quote_spanned!(span=> &(#expr)),
        span,
    )
}

/// The helpers `tracing`'s value sets put in scope for field values
/// (`x = debug(&y)`, `x = display(y)`) that `tokens` calls unqualified.
/// Only a call brings one into scope: a parameter named `debug` or
/// `display` that a value reads (`verbose = debug`) stays the parameter
/// (in `tracing`, the import shadows it).
pub(crate) fn helpers_called(tokens: &TokenStream, found: &mut Vec<&'static str>) {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                let qualified = i > 0
                    && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':' || p.as_char() == '.');
                let called = matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis);
                for helper in ["debug", "display"] {
                    if ident == helper && called && !qualified && !found.contains(&helper) {
                        found.push(helper);
                    }
                }
            }
            TokenTree::Group(group) => helpers_called(&group.stream(), found),
            _ => {}
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
