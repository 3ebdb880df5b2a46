//! The annotated item: the signature parsed fully, the body kept as tokens
//! so that a body that does not parse still expands and the user sees their
//! own syntax error, once.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Signature, Token, Visibility};

/// A function with a body, as written.
pub(crate) struct ItemFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) defaultness: Option<Token![default]>,
    pub(crate) sig: Signature,
    pub(crate) body: Body,
}

/// A function body: its inner attributes, then the rest as tokens.
pub(crate) struct Body {
    pub(crate) span: Span,
    pub(crate) inner_attrs: Vec<Attribute>,
    pub(crate) stmts: TokenStream,
}

const SUPPORTED: &str =
    "`#[instrument]` applies to functions and methods with a body, `impl` blocks and traits";

impl Parse for ItemFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = Attribute::parse_outer(input)?;
        let vis: Visibility = input.parse()?;
        let defaultness = if input.peek(Token![default]) && !input.peek2(Token![!]) {
            Some(input.parse()?)
        } else {
            None
        };
        if !looks_like_fn(input) {
            return Err(not_a_function(input));
        }
        let sig: Signature = input.parse()?;
        if input.peek(Token![;]) {
            return Err(syn::Error::new(
                sig.ident.span(),
                format!(
                    "this function has no body; {SUPPORTED}\n\
                     put `#[instrument]` on the implementations, or give the trait method a default body"
                ),
            ));
        }
        let body = input.step(|cursor| match cursor.token_tree() {
            Some((TokenTree::Group(group), rest)) if group.delimiter() == Delimiter::Brace => {
                Ok((group, rest))
            }
            _ => Err(cursor.error("expected the function's body `{ ... }`")),
        })?;
        let body = Body::new(body.stream(), body.span());
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the function"));
        }
        Ok(ItemFn {
            attrs,
            vis,
            defaultness,
            sig,
            body,
        })
    }
}

impl Body {
    fn new(tokens: TokenStream, span: Span) -> Self {
        let parser = |input: ParseStream<'_>| {
            let inner_attrs = Attribute::parse_inner(input)?;
            let stmts: TokenStream = input.parse()?;
            Ok((inner_attrs, stmts))
        };
        match syn::parse::Parser::parse2(parser, tokens.clone()) {
            Ok((inner_attrs, stmts)) => Body {
                span,
                inner_attrs,
                stmts,
            },
            Err(_) => Body {
                span,
                inner_attrs: Vec::new(),
                stmts: tokens,
            },
        }
    }
}

impl ItemFn {
    /// The function as written, with `first` as the first statements of its
    /// body (after its inner attributes).
    pub(crate) fn to_original(&self, first: &TokenStream) -> TokenStream {
        let ItemFn {
            attrs,
            vis,
            defaultness,
            sig,
            body,
        } = self;
        let Body {
            span,
            inner_attrs,
            stmts,
        } = body;
        let mut tokens = TokenStream::new();
        for attr in attrs {
            attr.to_tokens(&mut tokens);
        }
        vis.to_tokens(&mut tokens);
        defaultness.to_tokens(&mut tokens);
        sig.to_tokens(&mut tokens);
        let mut inner = TokenStream::new();
        for attr in inner_attrs {
            attr.to_tokens(&mut inner);
        }
        inner.extend(first.clone());
        inner.extend(stmts.clone());
        let mut group = proc_macro2::Group::new(Delimiter::Brace, inner);
        group.set_span(*span);
        tokens.extend([TokenTree::Group(group)]);
        tokens
    }
}

/// After attributes and visibility: `const`? `async`? `unsafe`? `extern ".."`? `fn`.
fn looks_like_fn(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    let _ = fork.parse::<Option<Token![const]>>();
    let _ = fork.parse::<Option<Token![async]>>();
    let _ = fork.parse::<Option<Token![unsafe]>>();
    let _ = fork.parse::<Option<syn::Abi>>();
    fork.peek(Token![fn])
}

/// Whether the item is an `impl` block or a trait (`unsafe`, `auto`, a
/// visibility and attributes before it allowed).
pub(crate) fn is_block(tokens: &TokenStream) -> bool {
    let mut tokens = tokens.clone().into_iter().peekable();
    while matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        tokens.next();
        tokens.next();
    }
    for token in tokens {
        match &token {
            TokenTree::Ident(i) if i == "impl" || i == "trait" => return true,
            TokenTree::Ident(i) if ["pub", "unsafe", "auto", "default"].iter().any(|w| i == w) => {}
            // `pub(crate)`
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {}
            _ => return false,
        }
    }
    false
}

/// Whether the item is a closure: the attribute then sits on an expression.
/// `async` and `static` start a closure only before `move` or `|`; a
/// `macro_rules!` expression argument arrives in an invisible group.
pub(crate) fn is_closure(tokens: &TokenStream) -> bool {
    let mut tokens = tokens.clone().into_iter().peekable();
    // Skip outer attributes: `#` followed by a bracketed group.
    while matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        tokens.next();
        tokens.next();
    }
    let is_bar =
        |tt: Option<&TokenTree>| matches!(tt, Some(TokenTree::Punct(p)) if p.as_char() == '|');
    let first = tokens.next();
    match &first {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::None => {
            is_closure(&group.stream())
        }
        Some(TokenTree::Punct(p)) => p.as_char() == '|',
        Some(TokenTree::Ident(i)) if i == "move" => true,
        Some(TokenTree::Ident(i)) if i == "async" || i == "static" => {
            let next = tokens.next();
            is_bar(next.as_ref()) || matches!(&next, Some(TokenTree::Ident(m)) if m == "move")
        }
        // `for<'a> |x| ..`: no item starts with `for <`.
        Some(TokenTree::Ident(i)) if i == "for" => {
            matches!(tokens.next(), Some(TokenTree::Punct(p)) if p.as_char() == '<')
        }
        _ => false,
    }
}

/// One error, at the item's keyword, naming what it is and what is supported.
/// (`impl` blocks and traits never get here: they are instrumented, or left
/// to rustc when they do not parse.)
fn not_a_function(input: ParseStream<'_>) -> syn::Error {
    let what = input
        .fork()
        .step(|cursor| {
            let mut rest = *cursor;
            // Skip qualifiers such as `unsafe` in `unsafe impl`.
            while let Some((tt, next)) = rest.token_tree() {
                let word = tt.to_string();
                let what = match word.as_str() {
                    "unsafe" | "auto" | "pub" => {
                        rest = next;
                        continue;
                    }
                    "struct" => "a struct",
                    "enum" => "an enum",
                    "union" => "a union",
                    "mod" => "a module",
                    "type" => "a type alias",
                    "static" => "a static",
                    "const" => "a constant",
                    "use" => "a `use` declaration",
                    "let" => "a `let` statement",
                    "extern" => "an `extern` block",
                    "macro_rules" => "a macro",
                    "|" | "||" | "move" | "async" => "a closure",
                    _ => "this item",
                };
                return Ok(((what, tt.span()), rest));
            }
            Ok((("this item", cursor.span()), rest))
        })
        .unwrap_or(("this item", input.span()));
    syn::Error::new(what.1, format!("{SUPPORTED}, not to {}", what.0))
}
