//! The attribute's arguments. Each argument is parsed on its own, so one
//! mistake does not hide the next: every error is collected, at its token.

use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, ExprPath, Ident, Lit, Path, Token};

use crate::errors::{Errors, did_you_mean};
use crate::fields::Fields;

/// Every argument `#[instrument]` accepts, for error messages.
pub(crate) const ARGUMENTS: &[&str] = &[
    "name",
    "target",
    "level",
    "parent",
    "follows_from",
    "skip",
    "skip_all",
    "fields",
    "err",
    "ret",
    "crate",
    "future",
];

const LEVELS: &str = "\"trace\", \"debug\", \"info\", \"warn\", \"error\" (any case), \
                      1 to 5 (trace to error), or a path such as `Level::INFO`";

/// The parsed arguments; `None` means "not given".
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) name: Option<Expr>,
    pub(crate) target: Option<Expr>,
    pub(crate) level: Option<LevelArg>,
    pub(crate) parent: Option<Expr>,
    pub(crate) follows_from: Option<Expr>,
    pub(crate) skip: Option<Vec<Ident>>,
    pub(crate) skip_all: Option<Ident>,
    pub(crate) fields: Option<Fields>,
    pub(crate) err: Option<EventArgs>,
    pub(crate) ret: Option<EventArgs>,
    pub(crate) krate: Option<Path>,
    /// The return type is an alias of a boxed `dyn Future` that the macro
    /// cannot recognise by itself.
    pub(crate) future: Option<Ident>,
}

/// A level: one of the five, or a path to a `Level` constant.
#[derive(Clone)]
pub(crate) enum LevelArg {
    /// `TRACE`, `DEBUG`, `INFO`, `WARN` or `ERROR`, spanned where it was written.
    Named(Ident),
    /// Any other path; it must name a `Level` constant.
    Path(ExprPath),
}

impl LevelArg {
    pub(crate) fn named(name: &str, span: Span) -> Self {
        LevelArg::Named(Ident::new(name, span))
    }
}

/// The options of `err(..)` and `ret(..)`.
pub(crate) struct EventArgs {
    pub(crate) format: Option<Format>,
    /// Where the format was written, for errors about it.
    pub(crate) format_span: Option<Span>,
    pub(crate) level: Option<LevelArg>,
}

/// How a returned value or error is recorded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Debug,
    Display,
}

impl Args {
    /// Parses the attribute's arguments, collecting every error.
    pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Args {
        let mut args = Args::default();
        for chunk in split_commas(tokens) {
            let parser = |input: ParseStream<'_>| args.parse_one(input, errors);
            if let Err(error) = parser.parse2(chunk) {
                errors.push(error);
            }
        }
        args
    }

    fn parse_one(&mut self, input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<()> {
        let key = Ident::parse_any(input)?;
        match key.to_string().as_str() {
            "name" => set(&mut self.name, &key, parse_value(input)?, errors),
            "target" => set(&mut self.target, &key, parse_value(input)?, errors),
            "parent" => set(&mut self.parent, &key, parse_value(input)?, errors),
            "follows_from" => set(&mut self.follows_from, &key, parse_value(input)?, errors),
            "level" => {
                input.parse::<Token![=]>()?;
                let level = parse_level(input)?;
                set(&mut self.level, &key, level, errors);
            }
            "skip" => {
                let content;
                syn::parenthesized!(content in input);
                let names = Punctuated::<Ident, Token![,]>::parse_terminated_with(
                    &content,
                    Ident::parse_any,
                )?;
                set(&mut self.skip, &key, names.into_iter().collect(), errors);
            }
            "skip_all" => set(&mut self.skip_all, &key, key.clone(), errors),
            "future" => set(&mut self.future, &key, key.clone(), errors),
            "fields" => {
                let content;
                syn::parenthesized!(content in input);
                set(&mut self.fields, &key, content.parse()?, errors);
            }
            "err" | "ret" => {
                let event = parse_event_args(&key, input)?;
                let slot = if key == "err" {
                    &mut self.err
                } else {
                    &mut self.ret
                };
                set(slot, &key, event, errors);
            }
            "crate" => {
                input.parse::<Token![=]>()?;
                let path = Path::parse_mod_style(input)?;
                set(&mut self.krate, &key, path, errors);
            }
            other => {
                let mut message = format!("unknown argument `{other}`");
                if let Some(guess) = did_you_mean(other, ARGUMENTS) {
                    let _ = write!(message, "; did you mean `{guess}`?");
                }
                let _ = write!(message, "\nvalid arguments: {}", ARGUMENTS.join(", "));
                // Skip the rest of this argument: the error is the name.
                input.parse::<TokenStream>()?;
                return Err(syn::Error::new(key.span(), message));
            }
        }
        if !input.is_empty() {
            return Err(input.error(format!(
                "unexpected tokens after `{key}`: separate arguments with `,`"
            )));
        }
        Ok(())
    }
}

/// Splits the arguments at top-level commas, so each is parsed on its own.
fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut chunks = vec![TokenStream::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => chunks.push(TokenStream::new()),
            _ => chunks.last_mut().expect("never empty").extend([token]),
        }
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

/// Stores an argument, or reports the second occurrence at its name.
fn set<T>(slot: &mut Option<T>, key: &Ident, value: T, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            key.span(),
            format!("`{key}` is given more than once; keep one"),
        ));
    } else {
        *slot = Some(value);
    }
}

fn parse_value(input: ParseStream<'_>) -> syn::Result<Expr> {
    input.parse::<Token![=]>()?;
    if input.is_empty() {
        return Err(input.error("expected a value after `=`"));
    }
    input.parse()
}

fn parse_level(input: ParseStream<'_>) -> syn::Result<LevelArg> {
    let expr: Expr = input.parse()?;
    match &expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            let name = s.value().to_ascii_uppercase();
            match name.as_str() {
                "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" => {
                    Ok(LevelArg::named(&name, s.span()))
                }
                _ => Err(syn::Error::new(
                    s.span(),
                    format!("unknown level {}; expected {LEVELS}", s.to_token_stream()),
                )),
            }
        }
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => {
            let name = match i.base10_parse::<u8>() {
                Ok(1) => "TRACE",
                Ok(2) => "DEBUG",
                Ok(3) => "INFO",
                Ok(4) => "WARN",
                Ok(5) => "ERROR",
                _ => {
                    return Err(syn::Error::new(
                        i.span(),
                        format!("level {i} is out of range; expected {LEVELS}"),
                    ));
                }
            };
            Ok(LevelArg::named(name, i.span()))
        }
        Expr::Path(path) => {
            let segments = &path.path.segments;
            let last = segments.last().map(|s| s.ident.to_string());
            let level_path = segments.len() >= 2 && segments[segments.len() - 2].ident == "Level";
            match last.as_deref() {
                Some(name @ ("TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR")) if level_path => {
                    let span = segments
                        .last()
                        .map_or_else(Span::call_site, |s| s.ident.span());
                    Ok(LevelArg::named(name, span))
                }
                _ => Ok(LevelArg::Path(path.clone())),
            }
        }
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a level: {LEVELS}"),
        )),
    }
}

/// `err`, `err(Debug)`, `err(Display)`, `err(level = ..)`, and the same for `ret`.
fn parse_event_args(keyword: &Ident, input: ParseStream<'_>) -> syn::Result<EventArgs> {
    let mut event = EventArgs {
        format: None,
        format_span: None,
        level: None,
    };
    if !input.peek(syn::token::Paren) {
        return Ok(event);
    }
    let content;
    syn::parenthesized!(content in input);
    while !content.is_empty() {
        let option = Ident::parse_any(&content)?;
        match option.to_string().as_str() {
            "Debug" | "Display" if event.format.is_some() => {
                return Err(syn::Error::new(
                    option.span(),
                    "the format is given more than once; keep one",
                ));
            }
            "Debug" => {
                event.format = Some(Format::Debug);
                event.format_span = Some(option.span());
            }
            "Display" => {
                event.format = Some(Format::Display);
                event.format_span = Some(option.span());
            }
            "level" if event.level.is_some() => {
                return Err(syn::Error::new(
                    option.span(),
                    "`level` is given more than once; keep one",
                ));
            }
            "level" => {
                content.parse::<Token![=]>()?;
                event.level = Some(parse_level(&content)?);
            }
            other => {
                let mut message = format!("unknown option `{other}` for `{keyword}`");
                if let Some(guess) = did_you_mean(other, &["Debug", "Display", "level"]) {
                    let _ = write!(message, "; did you mean `{guess}`?");
                }
                let _ = write!(
                    message,
                    "\nexpected `{keyword}(Debug)`, `{keyword}(Display)` or `{keyword}(level = ..)`"
                );
                return Err(syn::Error::new(option.span(), message));
            }
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(event)
}
