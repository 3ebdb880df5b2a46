//! What the macro reads from how types and expressions are spelled. A
//! procedural macro sees tokens, not types: these heuristics decide, from the
//! signature and the body's shape, whether a function returns a future, a
//! stream or a `Result`, and which parameters are recorded as values. Every
//! stage that needs one asks here, so each rule is written once.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ReturnType, Signature, Type};

/// What a future-returning function's return type says.
pub(crate) struct FutureReturn {
    /// `Pin<Box<dyn Future ..>>` or an alias of it: the wrapper is boxed.
    pub(crate) boxed: bool,
    /// The future's `Output`, when the return type spells it.
    pub(crate) output: Option<Type>,
}

/// `ty` without parentheses or invisible groups around it.
pub(crate) fn strip_parens(ty: &Type) -> &Type {
    match ty {
        Type::Paren(p) => strip_parens(&p.elem),
        Type::Group(g) => strip_parens(&g.elem),
        other => other,
    }
}

/// Types recorded as values rather than with `Debug`: integers, floats,
/// bools, `str`, `String`, `NonZero*`, `Wrapping<_>` of those, and references
/// to any of them. Decided by spelling, as the macro cannot see types.
pub(crate) fn is_value_type(ty: &Type) -> bool {
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
                syn::PathArguments::AngleBracketed(_)
                    if name == "Wrapping" || name == "NonZero" =>
                {
                    type_args(last).next().is_some_and(is_value_type)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `ty` is a stream the macro recognises.
pub(crate) fn is_stream(ty: &Type) -> bool {
    let stream_bound = |bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, _>| {
        bounds.iter().any(|bound| {
            matches!(bound, syn::TypeParamBound::Trait(bound)
                if bound.path.segments.last().is_some_and(|last| last.ident == "Stream"))
        })
    };
    match strip_parens(ty) {
        Type::ImplTrait(imp) => stream_bound(&imp.bounds),
        Type::Path(path) if path.qself.is_none() => {
            path.path
                .segments
                .last()
                .is_some_and(|last| last.ident == "BoxStream" || last.ident == "LocalBoxStream")
                || boxed_dyn(ty).is_some_and(|object| stream_bound(&object.bounds))
        }
        _ => false,
    }
}

/// The trait object of `Pin<Box<dyn Trait ..>>`, under any path.
fn boxed_dyn(ty: &Type) -> Option<&syn::TypeTraitObject> {
    let pin = last_segment(ty).filter(|pin| pin.ident == "Pin")?;
    let boxed = last_segment(type_args(pin).next()?).filter(|boxed| boxed.ident == "Box")?;
    match type_args(boxed).next() {
        Some(Type::TraitObject(object)) => Some(object),
        _ => None,
    }
}

/// The last segment of a path type (`Result<T, E>` of `io::Result<T, E>`).
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match strip_parens(ty) {
        Type::Path(path) => path.path.segments.last(),
        _ => None,
    }
}

/// The type arguments in a path segment's angle brackets, in order.
fn type_args(segment: &syn::PathSegment) -> impl Iterator<Item = &Type> {
    let args = match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => Some(&args.args),
        _ => None,
    };
    args.into_iter().flatten().filter_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
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
pub(crate) fn future_return(ty: &Type) -> Option<FutureReturn> {
    match strip_parens(ty) {
        Type::ImplTrait(imp) => future_output(&imp.bounds).map(|output| FutureReturn {
            boxed: false,
            output: Some(output),
        }),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let types: Vec<&Type> = type_args(last).collect();
            match (last.ident.to_string().as_str(), types.as_slice()) {
                ("BoxFuture" | "LocalBoxFuture", [output]) => Some(FutureReturn {
                    boxed: true,
                    output: Some((*output).clone()),
                }),
                ("Pin", [_]) => future_output(&boxed_dyn(ty)?.bounds).map(|output| FutureReturn {
                    boxed: true,
                    output: Some(output),
                }),
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

/// Whether a type is spelled as a `Result`: a path whose last segment's name
/// ends in `Result` (`Result`, `io::Result`, `fmt::Result`, `MyResult<T>`).
pub(crate) fn is_result(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|last| last.ident.to_string().ends_with("Result"))
}

/// The `E` of a type spelled `..Result<T, E>`.
pub(crate) fn result_error(ty: &Type) -> Option<&Type> {
    if !is_result(ty) {
        return None;
    }
    let mut types = type_args(last_segment(ty)?);
    let (_, error) = (types.next()?, types.next()?);
    Some(error)
}

/// Whether `ty` is a qualified projection (`<T as Tr>::Out`): what it is,
/// only the user knows, whatever its name.
pub(crate) fn is_qualified(ty: &Type) -> bool {
    matches!(strip_parens(ty), Type::Path(path) if path.qself.is_some())
}

/// Whether `ty` is spelled from a type parameter of `type_params` or from
/// `Self` (`T`, `T::Output`, `Self::Item`): what it is, only the user
/// knows.
pub(crate) fn is_generic(ty: &Type, type_params: &[syn::Ident]) -> bool {
    let Type::Path(path) = strip_parens(ty) else {
        return false;
    };
    let segments = &path.path.segments;
    segments.first().is_some_and(|first| {
        type_params.contains(&first.ident) || (segments.len() > 1 && first.ident == "Self")
    })
}

/// Whether the return type holds an `impl Trait` anywhere.
pub(crate) fn contains_impl_trait(output: &ReturnType) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_return_type(&mut finder, output);
    finder.0
}

/// Whether the return type is `!`.
pub(crate) fn returns_never(sig: &Signature) -> bool {
    matches!(&sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)))
}

/// Where an error about the return type belongs: the return type, or the
/// signature's `)` when there is none.
pub(crate) fn output_span(sig: &Signature) -> Span {
    match &sig.output {
        ReturnType::Default => sig.paren_token.span.close(),
        ReturnType::Type(_, ty) => ty.span(),
    }
}
