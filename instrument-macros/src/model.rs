//! The instrumented function: its kind, the parameters it records, and the
//! checks that need both the arguments and the signature.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, Pat, ReturnType, Type};

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
            let keep_async = item.attrs.iter().any(|attr| !is_inert(attr));
            Kind::Async { keep_async }
        } else {
            Kind::Sync
        };

        let private = match &args.krate {
            Some(path) => quote!(#path::__private),
            None => quote!(::instrument_runtime::__private),
        };

        check_err_return(item, args, errors);
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
    let Some(err) = &args.err else { return };
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
    let _ = err;
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
