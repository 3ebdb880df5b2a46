//! The attribute's arguments, parsed in order. After a mistake the parser
//! skips to the next top-level comma and goes on, so one mistake does not
//! hide the next: every error is collected, at its token.

use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, ExprPath, Ident, Lit, LitStr, Path, Token};

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
    "stream",
    "outcome",
    "detached",
];

const LEVELS: &str = "\"trace\", \"debug\", \"info\", \"warn\", \"error\" (any case), \
                      1 to 5 (trace to error), or a path such as `Level::INFO`";

/// The parsed arguments; `None` means "not given".
#[derive(Default)]
pub(crate) struct Args {
    /// `name = expr`, or a string literal on its own (`#[instrument("name")]`).
    pub(crate) name: Option<Expr>,
    pub(crate) target: Option<Expr>,
    pub(crate) level: Option<Level>,
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
    /// The same for a stream.
    pub(crate) stream: Option<Ident>,
    /// Record how the function ended in the span's `outcome` field.
    pub(crate) outcome: Option<Ident>,
    /// A root span that follows from the parent it would have had.
    pub(crate) detached: Option<Ident>,
    /// Each argument that parsed, as written, under its name: what a block's
    /// arguments hand on to its methods.
    pub(crate) written: Vec<(String, TokenStream)>,
}

/// A level: one of the five, or a path to a `Level` constant.
#[derive(Clone)]
pub(crate) enum Level {
    /// `TRACE`, `DEBUG`, `INFO`, `WARN` or `ERROR`, spanned where it was
    /// written, and the path the user wrote for it (`Level::WARN`), which is
    /// emitted as written so that the user's import of `Level` is used.
    Named(Ident, Option<ExprPath>),
    /// Any other path; it must name a `Level` constant.
    Path(ExprPath),
}

impl Level {
    pub(crate) fn named(name: &str, span: Span) -> Self {
        Level::Named(Ident::new(name, span), None)
    }

    /// The level's name, when the macro can read it.
    pub(crate) fn name(&self) -> Option<String> {
        match self {
            Level::Named(name, _) => Some(name.to_string()),
            Level::Path(_) => None,
        }
    }

    /// The level as a constant expression: as the user wrote it, or
    /// `<private>::Level::NAME`.
    pub(crate) fn tokens(&self, private: &TokenStream) -> TokenStream {
        match self {
            Level::Named(_, Some(path)) | Level::Path(path) => path.to_token_stream(),
            Level::Named(name, None) => quote::quote_spanned!(name.span()=> #private::Level::#name),
        }
    }
}

/// The options of `err(..)` and `ret(..)`.
pub(crate) struct EventArgs {
    /// `ret` or `err`, where it was written.
    pub(crate) key: Ident,
    /// `Debug`, `Display` or (for `err`) `Error`, and where it was written.
    pub(crate) format: Option<(EventFormat, Span)>,
    pub(crate) level: Option<Level>,
}

/// How a `ret`/`err` event records the value: `ret(Debug)`,
/// `err(Display)`, `err(Error)`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventFormat {
    Debug,
    Display,
    /// As a `dyn std::error::Error`, with its sources (`err(Error)` only).
    Error,
}

impl Args {
    /// The path generated code names the runtime by: `crate = path`, or
    /// `::instrument_runtime`.
    pub(crate) fn root(&self) -> TokenStream {
        match &self.krate {
            Some(path) => path.to_token_stream(),
            None => quote::quote!(::instrument_runtime),
        }
    }

    /// Parses the attribute's arguments, collecting every error.
    pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Args {
        let mut args = Args::default();
        let parser = |input: ParseStream<'_>| {
            while !input.is_empty() {
                // Stray commas (`#[instrument(, skip_all,,)]`) are harmless,
                // and `tracing` accepts them.
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                    continue;
                }
                // Each argument is parsed on a fork: after a mistake, what the
                // failed parse left behind inside a group must not be
                // reported as a second error.
                let fork = input.fork();
                match args.parse_one(&fork, errors) {
                    Ok(Some(key)) => {
                        let tokens = take_until(input, &fork);
                        args.written.push((key, tokens));
                    }
                    Ok(None) => input.advance_to(&fork),
                    Err(error) => {
                        errors.push(error);
                        skip_to_comma(input);
                    }
                }
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
            }
            Ok(())
        };
        if let Err(error) = parser.parse2(tokens) {
            errors.push(error);
        }
        args
    }

    /// Parses one argument; returns its name, or `None` after an unknown
    /// argument (reported in `errors`, its value skipped).
    fn parse_one(
        &mut self,
        input: ParseStream<'_>,
        errors: &mut Errors,
    ) -> syn::Result<Option<String>> {
        if input.peek(LitStr) {
            // `tracing`'s positional name: `#[instrument("name")]`.
            let lit: LitStr = input.parse()?;
            let key = Ident::new("name", lit.span());
            let value = Expr::Lit(ExprLit {
                attrs: Vec::new(),
                lit: Lit::Str(lit),
            });
            set(&mut self.name, &key, value, errors);
            return Ok(Some("name".to_owned()));
        }
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
            "stream" => set(&mut self.stream, &key, key.clone(), errors),
            "outcome" => set(&mut self.outcome, &key, key.clone(), errors),
            "detached" => set(&mut self.detached, &key, key.clone(), errors),
            "fields" => {
                let content;
                syn::parenthesized!(content in input);
                set(&mut self.fields, &key, content.parse()?, errors);
            }
            "err" => {
                let event = parse_event_args(&key, input)?;
                set(&mut self.err, &key, event, errors);
            }
            "ret" => {
                let event = parse_event_args(&key, input)?;
                set(&mut self.ret, &key, event, errors);
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
                errors.push(syn::Error::new(key.span(), message));
                // The name is the mistake: skip its value, parsed as one (a
                // comma inside `f::<A, B>()` does not end it), so that the
                // next argument is read from its start.
                skip_value(input);
                return Ok(None);
            }
        }
        if !input.is_empty() && !input.peek(Token![,]) {
            return Err(input.error(format!(
                "unexpected tokens after `{key}`: separate arguments with `,`"
            )));
        }
        Ok(Some(key.to_string()))
    }
}

/// The tokens from `input` up to where `parsed`, a fork of it, is; `input`
/// moves there.
fn take_until(input: ParseStream<'_>, parsed: ParseStream<'_>) -> TokenStream {
    let end = parsed.cursor();
    input
        .step(|cursor| {
            let mut rest = *cursor;
            let mut tokens = TokenStream::new();
            while rest != end {
                let Some((tt, next)) = rest.token_tree() else {
                    break;
                };
                tokens.extend([tt]);
                rest = next;
            }
            Ok((tokens, rest))
        })
        .unwrap_or_default()
}

/// Skips what follows an unknown argument's name: `= expr`, a parenthesized
/// group, and anything else up to the next top-level comma, so the unknown
/// argument is the one error and the arguments after it are still read.
fn skip_value(input: ParseStream<'_>) {
    if input.peek(Token![=]) {
        let _ = input
            .parse::<Token![=]>()
            .and_then(|_| input.parse::<Expr>());
    } else if input.peek(syn::token::Paren) {
        let _ = input.parse::<proc_macro2::Group>();
    }
    skip_to_comma(input);
}

/// Recovery after an error: skips tokens up to the next top-level comma
/// (groups are skipped whole).
fn skip_to_comma(input: ParseStream<'_>) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    });
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
    if input.is_empty() || input.peek(Token![,]) {
        return Err(input.error("expected a value after `=`"));
    }
    input.parse()
}

fn parse_level(input: ParseStream<'_>) -> syn::Result<Level> {
    let expr: Expr = input.parse()?;
    match &expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            let name = s.value().to_ascii_uppercase();
            match name.as_str() {
                "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" => Ok(Level::named(&name, s.span())),
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
            Ok(Level::named(name, i.span()))
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
                    Ok(Level::Named(Ident::new(name, span), Some(path.clone())))
                }
                _ => Ok(Level::Path(path.clone())),
            }
        }
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a level: {LEVELS}"),
        )),
    }
}

/// `err`, `err(Debug)`, `err(Display)`, `err(Error)`, `err(level = ..)`, and
/// the same for `ret` but `Error`.
fn parse_event_args(keyword: &Ident, input: ParseStream<'_>) -> syn::Result<EventArgs> {
    let formats: &[&str] = if keyword == "err" {
        &["Debug", "Display", "Error", "level"]
    } else {
        &["Debug", "Display", "level"]
    };
    let mut event = EventArgs {
        key: keyword.clone(),
        format: None,
        level: None,
    };
    if !input.peek(syn::token::Paren) {
        return Ok(event);
    }
    let content;
    syn::parenthesized!(content in input);
    while !content.is_empty() {
        let option = Ident::parse_any(&content)?;
        let format = match option.to_string().as_str() {
            "Debug" => Some(EventFormat::Debug),
            "Display" => Some(EventFormat::Display),
            "Error" if keyword == "err" => Some(EventFormat::Error),
            "Error" => {
                return Err(syn::Error::new(
                    option.span(),
                    "`Error` is for `err(Error)`, which records an error with its sources; \
                     `ret` takes `Debug` or `Display`",
                ));
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
                None
            }
            other => {
                let mut message = format!("unknown option `{other}` for `{keyword}`");
                if let Some(guess) = did_you_mean(other, formats) {
                    let _ = write!(message, "; did you mean `{guess}`?");
                }
                let _ = write!(message, "\nexpected ");
                for (i, option) in formats.iter().enumerate() {
                    let separator = match i {
                        0 => "",
                        _ if i + 1 == formats.len() => " or ",
                        _ => ", ",
                    };
                    let option = if *option == "level" {
                        "level = .."
                    } else {
                        option
                    };
                    let _ = write!(message, "{separator}`{keyword}({option})`");
                }
                return Err(syn::Error::new(option.span(), message));
            }
        };
        if let Some(format) = format {
            if event.format.is_some() {
                return Err(syn::Error::new(
                    option.span(),
                    "the format is given more than once; keep one",
                ));
            }
            event.format = Some((format, option.span()));
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(event)
}
