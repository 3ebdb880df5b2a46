//! The instrumented function: its kind, the parameters it records, and the
//! checks that need both the arguments and the signature.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, Pat, ReturnType, Stmt, Type};

use crate::args::{Args, LevelArg};
use crate::errors::Errors;
use crate::item::ItemFn;

/// How the function's span relates to its body.
pub(crate) enum Kind {
    /// `fn`: the span opens at the call and is entered for the body.
    Sync,
    /// `async fn`: the span opens at the first poll. With `keep_async`, another
    /// attribute after ours needs to see an `async fn`, so the signature is
    /// kept and the body awaits the instrumented future.
    Async { keep_async: bool },
    /// A function whose return type is a future (`impl Future`, a boxed
    /// `dyn Future`, or declared with `future`).
    ReturnsFuture {
        ret: Box<FutureReturn>,
        body: FutureBody,
    },
}

/// What a future-returning function's return type says.
pub(crate) struct FutureReturn {
    /// `Pin<Box<dyn Future ..>>` or an alias of it: the wrapper is boxed.
    pub(crate) boxed: bool,
    /// The future's `Output`, when the return type spells it.
    pub(crate) output: Option<Type>,
}

/// The shape of a future-returning function's body.
pub(crate) enum FutureBody {
    /// Only an async block, possibly in `Box::pin(..)` (what `async-trait`
    /// emits): behaves as an `async fn`, the span opens at the first poll.
    OnlyAsync(Box<Expr>),
    /// Statements before the returned future (a sync prelude), or a body that
    /// does not parse: the span opens at the call. `None` when the body did
    /// not parse and is kept as tokens.
    Prelude(Option<Vec<Stmt>>),
}

/// A parameter binding recorded as a span field.
pub(crate) struct Param {
    /// The field name: the binding's name, or `self`.
    pub(crate) name: String,
    /// The binding as an expression (`x`, `self`), with the user's span.
    pub(crate) binding: TokenStream,
    pub(crate) record: Record,
}

/// How a parameter's value is recorded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    /// Through `tracing_core::field::Value`: integers, floats, bools, strings.
    Value,
    /// With `Debug`.
    Debug,
}

pub(crate) struct Model<'a> {
    pub(crate) item: &'a ItemFn,
    pub(crate) args: &'a Args,
    pub(crate) kind: Kind,
    /// `<root>::__private`.
    pub(crate) private: TokenStream,
    /// The span's level.
    pub(crate) level: LevelArg,
    /// Recorded parameters, in signature order, minus skipped ones and those
    /// replaced by a field of the same name.
    pub(crate) params: Vec<Param>,
}

/// Attributes that are known not to rewrite the function, so ours may turn
/// an `async fn` into a function returning a future under them.
const INERT_ATTRIBUTES: &[&str] = &[
    "doc",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "must_use",
    "inline",
    "cold",
    "track_caller",
    "deprecated",
    "cfg",
    "no_mangle",
    "export_name",
    "link_section",
    "target_feature",
    "instrument",
];

const INERT_NAMESPACES: &[&str] = &["rustfmt", "clippy", "diagnostic"];

impl<'a> Model<'a> {
    pub(crate) fn new(item: &'a ItemFn, args: &'a Args, errors: &mut Errors) -> Self {
        let sig = &item.sig;
        if let Some(constness) = &sig.constness {
            errors.push(syn::Error::new(
                constness.span,
                "`#[instrument]` cannot be used on a `const fn`: spans are created at run time\n\
                 remove `const`, or remove `#[instrument]`",
            ));
        }
        let kind = if sig.asyncness.is_some() {
            if let Some(future) = &args.future {
                errors.push(syn::Error::new(
                    future.span(),
                    "`future` is for functions that return a future; an `async fn` is instrumented as one already",
                ));
            }
            let keep_async = item.attrs.iter().any(|attr| !is_inert(attr));
            Kind::Async { keep_async }
        } else {
            future_kind(item, args, errors).unwrap_or(Kind::Sync)
        };

        let private = match &args.krate {
            Some(path) => quote!(#path::__private),
            None => quote!(::instrument_runtime::__private),
        };

        check_err_return(item, args, errors);
        if matches!(kind, Kind::Sync) {
            check_track_caller(item, args, errors);
        }
        let bindings = bindings(sig);
        check_skips(args, &bindings, errors);

        let params = if args.skip_all.is_some() {
            Vec::new()
        } else {
            let skipped: Vec<String> = args
                .skip
                .iter()
                .flatten()
                .map(UnrawString::unraw_string)
                .collect();
            let fields: Vec<&str> = args
                .fields
                .iter()
                .flat_map(|f| &f.0)
                .map(|f| f.name.text.as_str())
                .collect();
            bindings
                .into_iter()
                .filter(|p| !skipped.contains(&p.name) && !fields.contains(&p.name.as_str()))
                .collect()
        };

        let level = args
            .level
            .clone()
            .unwrap_or_else(|| LevelArg::named("INFO", Span::call_site()));

        Model {
            item,
            args,
            kind,
            private,
            level,
            params,
        }
    }

    /// The declared return type, `()` when there is none.
    pub(crate) fn output(&self) -> TokenStream {
        match &self.item.sig.output {
            ReturnType::Default => quote!(()),
            ReturnType::Type(_, ty) => ty.to_token_stream(),
        }
    }

    /// The span of the type the function's value has when it completes: the
    /// future's `Output` for future-returning functions, else the return type.
    pub(crate) fn value_output_span(&self) -> Span {
        match &self.kind {
            Kind::ReturnsFuture { ret, .. } => ret
                .output
                .as_ref()
                .map_or_else(|| self.output_span(), Spanned::span),
            _ => self.output_span(),
        }
    }

    /// The span of the return type, or of the signature's `)` without one.
    pub(crate) fn output_span(&self) -> Span {
        match &self.item.sig.output {
            ReturnType::Default => self.item.sig.paren_token.span.close(),
            ReturnType::Type(_, ty) => ty.span(),
        }
    }

    /// Whether the return type is `!`.
    pub(crate) fn returns_never(&self) -> bool {
        matches!(&self.item.sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)))
    }
}

trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for Ident {
    fn unraw_string(&self) -> String {
        syn::ext::IdentExt::unraw(self).to_string()
    }
}

fn is_inert(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    let first = path.segments.first().map(|s| s.ident.to_string());
    match first.as_deref() {
        Some(ns) if path.segments.len() > 1 => INERT_NAMESPACES.contains(&ns),
        Some(name) => INERT_ATTRIBUTES.contains(&name),
        None => false,
    }
}

/// `err` needs a `Result`. A missing return type or `!` is caught here; any
/// other type is checked by the compiler at the return type, so aliases such
/// as `io::Result<T>` work.
fn check_err_return(item: &ItemFn, args: &Args, errors: &mut Errors) {
    if args.err.is_none() {
        return;
    }
    let message = "`#[instrument(err)]` needs a function that returns a `Result`";
    match &item.sig.output {
        ReturnType::Default => errors.push(syn::Error::new(
            item.sig.paren_token.span.close(),
            format!("{message}; this one returns `()`\nremove `err`, or return a `Result`"),
        )),
        ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)) => errors.push(syn::Error::new(
            ty.span(),
            format!("{message}; this one never returns\nremove `err`"),
        )),
        ReturnType::Type(..) => {}
    }
}

/// A sync body with `ret`/`err` runs in a closure, to see every return and
/// `?`; closures cannot be `#[track_caller]` on stable Rust, so
/// `Location::caller()` in the body would silently name the wrong place.
fn check_track_caller(item: &ItemFn, args: &Args, errors: &mut Errors) {
    if args.ret.is_none() && args.err.is_none() {
        return;
    }
    if let Some(attr) = item
        .attrs
        .iter()
        .find(|a| a.path().is_ident("track_caller"))
    {
        errors.push(syn::Error::new_spanned(
            attr,
            "`#[track_caller]` cannot be kept with `ret` or `err` on a sync function: \
             the body runs in a closure to see every return, and closures cannot track the caller\n\
             remove `ret`/`err`, or `#[track_caller]`",
        ));
    }
}

/// Every `skip(..)` name must be a parameter, once; `skip_all` excludes `skip`.
fn check_skips(args: &Args, bindings: &[Param], errors: &mut Errors) {
    if let (Some(skip_all), Some(_)) = (&args.skip_all, &args.skip) {
        errors.push(syn::Error::new(
            skip_all.span(),
            "`skip_all` already skips every parameter; remove `skip(..)` or `skip_all`",
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    for name in args.skip.iter().flatten() {
        let text = name.unraw_string();
        if seen.contains(&text) {
            errors.push(syn::Error::new(
                name.span(),
                format!("`{text}` is skipped twice"),
            ));
            continue;
        }
        seen.push(text.clone());
        if !bindings.iter().any(|p| p.name == text) {
            let names: Vec<String> = bindings.iter().map(|p| format!("`{}`", p.name)).collect();
            let valid = if names.is_empty() {
                "this function has no parameters".to_owned()
            } else {
                format!("its parameters are {}", names.join(", "))
            };
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "cannot skip `{text}`: the function has no parameter of that name; {valid}"
                ),
            ));
        }
    }
}

/// The bindings the signature introduces, with how each is recorded.
fn bindings(sig: &syn::Signature) -> Vec<Param> {
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => params.push(Param {
                name: "self".to_owned(),
                binding: receiver.self_token.to_token_stream(),
                record: Record::Debug,
            }),
            FnArg::Typed(typed) => pattern_bindings(&typed.pat, Some(&typed.ty), &mut params),
        }
    }
    params
}

fn pattern_bindings(pat: &Pat, ty: Option<&Type>, out: &mut Vec<Param>) {
    match pat {
        Pat::Ident(ident) => {
            let record = match ty {
                Some(ty) if is_value_type(ty) => Record::Value,
                _ => Record::Debug,
            };
            out.push(Param {
                name: ident.ident.unraw_string(),
                binding: ident.ident.to_token_stream(),
                record,
            });
            if let Some((_, sub)) = &ident.subpat {
                pattern_bindings(sub, None, out);
            }
        }
        Pat::Tuple(tuple) => {
            // Zip `(a, b): (u32, String)` so each binding keeps its type.
            let types: Option<Vec<&Type>> = match ty.map(strip_parens) {
                Some(Type::Tuple(t)) if t.elems.len() == tuple.elems.len() => {
                    Some(t.elems.iter().collect())
                }
                _ => None,
            };
            for (i, elem) in tuple.elems.iter().enumerate() {
                pattern_bindings(elem, types.as_ref().map(|t| t[i]), out);
            }
        }
        Pat::TupleStruct(tuple) => tuple
            .elems
            .iter()
            .for_each(|p| pattern_bindings(p, None, out)),
        Pat::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| pattern_bindings(&f.pat, None, out)),
        Pat::Slice(s) => s.elems.iter().for_each(|p| pattern_bindings(p, None, out)),
        Pat::Reference(r) => {
            let inner = match ty.map(strip_parens) {
                Some(Type::Reference(t)) => Some(&*t.elem),
                _ => None,
            };
            pattern_bindings(&r.pat, inner, out);
        }
        Pat::Paren(p) => pattern_bindings(&p.pat, ty, out),
        Pat::Type(t) => pattern_bindings(&t.pat, Some(&t.ty), out),
        // An or-pattern binds the same names in every alternative.
        Pat::Or(or) => {
            if let Some(first) = or.cases.first() {
                pattern_bindings(first, None, out);
            }
        }
        _ => {}
    }
}

fn strip_parens(ty: &Type) -> &Type {
    match ty {
        Type::Paren(p) => strip_parens(&p.elem),
        Type::Group(g) => strip_parens(&g.elem),
        other => other,
    }
}

/// Types recorded as values rather than with `Debug`: integers, floats,
/// bools, `str`, `String`, `NonZero*`, `Wrapping<_>` of those, and references
/// to any of them. Decided by spelling, as the macro cannot see types.
fn is_value_type(ty: &Type) -> bool {
    match strip_parens(ty) {
        Type::Reference(r) => is_value_type(&r.elem),
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            match &last.arguments {
                syn::PathArguments::None => {
                    matches!(
                        name.as_str(),
                        "i8" | "i16"
                            | "i32"
                            | "i64"
                            | "i128"
                            | "isize"
                            | "u8"
                            | "u16"
                            | "u32"
                            | "u64"
                            | "u128"
                            | "usize"
                            | "f32"
                            | "f64"
                            | "bool"
                            | "str"
                            | "String"
                    ) || (name.starts_with("NonZero") && name.len() > "NonZero".len())
                }
                syn::PathArguments::AngleBracketed(args)
                    if name == "Wrapping" || name == "NonZero" =>
                {
                    matches!(args.args.first(), Some(syn::GenericArgument::Type(inner)) if is_value_type(inner))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Decides from the return type (never from the body's spelling) whether the
/// function returns a future, then looks at the body's shape.
fn future_kind(item: &ItemFn, args: &Args, errors: &mut Errors) -> Option<Kind> {
    let ret = match (&item.sig.output, &args.future) {
        (_, Some(_)) => Some(FutureReturn {
            boxed: true,
            output: match &item.sig.output {
                ReturnType::Type(_, ty) => future_return(ty).and_then(|r| r.output),
                ReturnType::Default => None,
            },
        }),
        (ReturnType::Type(_, ty), None) => future_return(ty),
        (ReturnType::Default, None) => None,
    };
    let stmts = syn::parse::Parser::parse2(syn::Block::parse_within, item.body.stmts.clone()).ok();
    let Some(ret) = ret else {
        // A body that plainly builds a future under a return type we cannot
        // see through: instrumenting it as a sync fn would close the span
        // before the future runs, so say how to fix it.
        if let (Some(stmts), ReturnType::Type(_, ty)) = (&stmts, &item.sig.output) {
            if matches!(stmts.last(), Some(Stmt::Expr(tail, None)) if async_block(tail).is_some()) {
                errors.push(syn::Error::new(
                    ty.span(),
                    "this function returns a future, but `#[instrument]` cannot tell from its return type\n\
                     add `future` if the type is an alias of `Pin<Box<dyn Future<Output = T>>>`: \
                     `#[instrument(future)]`; or return `impl Future<Output = T>`",
                ));
            }
        }
        return None;
    };
    let body = match stmts {
        Some(stmts) => match stmts.as_slice() {
            [Stmt::Expr(tail, None)] if async_block(tail).is_some() => {
                FutureBody::OnlyAsync(Box::new(async_block(tail).cloned().expect("checked")))
            }
            _ => FutureBody::Prelude(Some(stmts)),
        },
        None => FutureBody::Prelude(None),
    };
    Some(Kind::ReturnsFuture {
        ret: Box::new(ret),
        body,
    })
}

/// `async { .. }` or `Box::pin(async { .. })`: the async block.
pub(crate) fn async_block(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Async(_) => Some(expr),
        Expr::Paren(p) => async_block(&p.expr),
        _ => box_pin_arg(expr).and_then(async_block),
    }
}

/// The argument of `Box::pin(arg)` (also spelled `std::boxed::Box::pin`).
/// Other types' `pin` functions (`MyBox::pin`) are never matched.
pub(crate) fn box_pin_arg(expr: &Expr) -> Option<&Expr> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Path(path) = &*call.func else {
        return None;
    };
    if path.qself.is_some() || call.args.len() != 1 {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["Box", "pin"] | ["std" | "alloc", "boxed", "Box", "pin"] => call.args.first(),
        _ => None,
    }
}

/// `impl Future<Output = T> + ..`, `Pin<Box<dyn Future<Output = T> + ..>>`
/// under any path, or the aliases `BoxFuture<'a, T>` / `LocalBoxFuture<'a, T>`.
fn future_return(ty: &Type) -> Option<FutureReturn> {
    match strip_parens(ty) {
        Type::ImplTrait(imp) => future_output(&imp.bounds).map(|output| FutureReturn {
            boxed: false,
            output: Some(output),
        }),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let args = match &last.arguments {
                syn::PathArguments::AngleBracketed(args) => &args.args,
                _ => return None,
            };
            let types: Vec<&Type> = args
                .iter()
                .filter_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect();
            match (last.ident.to_string().as_str(), types.as_slice()) {
                ("BoxFuture" | "LocalBoxFuture", [output]) => Some(FutureReturn {
                    boxed: true,
                    output: Some((*output).clone()),
                }),
                ("Pin", [boxed]) => {
                    let Type::Path(boxed) = strip_parens(boxed) else {
                        return None;
                    };
                    let last = boxed.path.segments.last()?;
                    if last.ident != "Box" {
                        return None;
                    }
                    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                        return None;
                    };
                    let Some(syn::GenericArgument::Type(Type::TraitObject(object))) =
                        args.args.first()
                    else {
                        return None;
                    };
                    future_output(&object.bounds).map(|output| FutureReturn {
                        boxed: true,
                        output: Some(output),
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The `T` of a `Future<Output = T>` bound among `bounds`.
fn future_output<'a>(bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>) -> Option<Type> {
    bounds.into_iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => {
                Some(assoc.ty.clone())
            }
            _ => None,
        })
    })
}
