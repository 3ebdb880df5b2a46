//! The signature of an `async fn` rewritten to return `impl Future`.
//!
//! Input:
//!     async fn f(&self, a: &str, b: Ref<'_>) -> &str
//! Output:
//!     fn f<'__instrument0, '__instrument1, '__instrument2>(
//!         &'__instrument0 self, a: &'__instrument1 str, b: Ref<'__instrument2>,
//!     ) -> impl Future<Output = &'__instrument0 str>
//!            + Captures<(&'__instrument0 (), &'__instrument1 (), &'__instrument2 (), *const Self)>
//!
//! Three steps: name the elided lifetimes of the parameters (an `async fn`
//! captures them; `impl Future` can only capture what it can name), give
//! the output's elided lifetimes the one elision would have given, and
//! capture every lifetime (and `Self`) through `Captures<..>`, which edition
//! 2021 needs and edition 2024 ignores.
//!
//! And what becomes of the parameters ([`async_params`]): a destructuring
//! parameter is bound to a plain name in the signature, and the body's
//! future binds the user's pattern; the arguments the body's future must
//! capture whole are listed.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericParam, Ident, Lifetime, LifetimeParam, ReturnType, Signature, Type};

use crate::locals::local;

/// The rewritten signature; `output_span` is where the new return type is
/// reported (the user's return type).
pub(crate) fn returning_future(
    private: &TokenStream,
    mut sig: Signature,
    output_span: Span,
) -> Signature {
    sig.asyncness = None;
    name_elided_inputs(&mut sig);
    fill_elided_output(&mut sig);
    let captured = captured(&sig);
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    let capture_bound =
        (!captured.is_empty()).then(|| quote!(+ #private::Captures<(#(#captured,)*)>));
    let ty: Type = syn::parse_quote_spanned! {output_span=>
        impl #private::Future<Output = #output> #capture_bound
    };
    let arrow = match &sig.output {
        ReturnType::Type(arrow, _) => *arrow,
        ReturnType::Default => syn::Token![->](output_span),
    };
    sig.output = ReturnType::Type(arrow, Box::new(ty));
    sig
}

/// Gives every elided lifetime in the parameters a fresh name, declared as a
/// generic parameter of the function.
fn name_elided_inputs(sig: &mut Signature) {
    let mut namer = NameElided::Fresh(Vec::new());
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => match &mut receiver.kind {
                syn::ReceiverKind::Reference(_, lifetime @ None, _) => {
                    *lifetime = Some(namer.name());
                }
                syn::ReceiverKind::Typed(_, ty) => namer.visit_type_mut(ty),
                _ => {}
            },
            FnArg::Typed(typed) => namer.visit_type_mut(&mut typed.ty),
        }
    }
    let NameElided::Fresh(fresh) = namer else {
        unreachable!("the namer was made fresh")
    };
    for (i, lifetime) in fresh.into_iter().enumerate() {
        sig.generics
            .params
            .insert(i, GenericParam::Lifetime(LifetimeParam::new(lifetime)));
    }
    if sig.generics.lt_token.is_none() && !sig.generics.params.is_empty() {
        sig.generics.lt_token = Some(syn::Token![<](Span::call_site()));
        sig.generics.gt_token = Some(syn::Token![>](Span::call_site()));
    }
}

/// Elided lifetimes in the output get the lifetime elision would give them:
/// the receiver's, or the only lifetime of the parameters.
fn fill_elided_output(sig: &mut Signature) {
    let receiver = match sig.receiver().map(|r| &r.kind) {
        Some(syn::ReceiverKind::Reference(_, lifetime, _)) => lifetime.clone(),
        _ => None,
    };
    let lifetime = receiver.or_else(|| match lifetimes_in_inputs(sig).as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    });
    if let (Some(lifetime), ReturnType::Type(_, ty)) = (lifetime, &mut sig.output) {
        NameElided::Fill(lifetime).visit_type_mut(ty);
    }
}

/// What the returned `impl Future` must capture: every lifetime parameter,
/// the lifetimes of the enclosing impl that the parameters use, and `Self`
/// for methods.
fn captured(sig: &Signature) -> Vec<TokenStream> {
    let mut lifetimes: Vec<Lifetime> = sig
        .generics
        .lifetimes()
        .map(|l| l.lifetime.clone())
        .collect();
    for lifetime in lifetimes_in_inputs(sig) {
        if !lifetimes.contains(&lifetime) {
            lifetimes.push(lifetime);
        }
    }
    let mut captured: Vec<TokenStream> = lifetimes.iter().map(|l| quote!(&#l ())).collect();
    if sig.receiver().is_some() {
        captured.push(quote!(*const Self));
    }
    captured
}

/// Names elided lifetimes (`&T`, `'_`): `Fresh` gives each a new name and
/// collects them; `Fill` gives each the same one. Lifetimes under their own
/// binder (`fn(&T)`, `Fn(&T)`, `for<'a> ..`) are left alone.
enum NameElided {
    Fresh(Vec<Lifetime>),
    Fill(Lifetime),
}

impl NameElided {
    fn name(&mut self) -> Lifetime {
        match self {
            NameElided::Fill(lifetime) => lifetime.clone(),
            NameElided::Fresh(named) => {
                let lifetime =
                    Lifetime::new(&format!("'__instrument{}", named.len()), Span::call_site());
                named.push(lifetime.clone());
                lifetime
            }
        }
    }
}

impl VisitMut for NameElided {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.name());
        }
        syn::visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.name();
        }
    }

    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}

    fn visit_trait_bound_mut(&mut self, bound: &mut syn::TraitBound) {
        if bound.lifetimes.is_none() {
            syn::visit_mut::visit_trait_bound_mut(self, bound);
        }
    }

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}

/// Named lifetimes that appear in the parameter types (not `'static`), once
/// each, in order. Called after [`name_elided_inputs`], so no `'_` is left
/// outside a binder of its own.
fn lifetimes_in_inputs(sig: &Signature) -> Vec<Lifetime> {
    struct Collect(Vec<Lifetime>);
    impl<'ast> Visit<'ast> for Collect {
        fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
            if lifetime.ident != "static" && !self.0.contains(lifetime) {
                self.0.push(lifetime.clone());
            }
        }
        fn visit_type_fn_ptr(&mut self, _: &'ast syn::TypeFnPtr) {}
        fn visit_trait_bound(&mut self, bound: &'ast syn::TraitBound) {
            if bound.lifetimes.is_none() {
                syn::visit::visit_trait_bound(self, bound);
            }
        }
        fn visit_parenthesized_generic_arguments(
            &mut self,
            _: &'ast syn::ParenthesizedGenericArguments,
        ) {
        }
    }
    let mut collect = Collect(Vec::new());
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => collect.visit_receiver(r),
            FnArg::Typed(t) => collect.visit_type(&t.ty),
        }
    }
    collect.0
}

/// What an `async fn`'s parameters become in the rewrite.
pub(crate) struct AsyncParams {
    /// `let (a, b) = __arg1;`: the user's patterns, bound in the body's future.
    pub(crate) patterns: Vec<TokenStream>,
    /// The arguments the body's future captures whole, so that each lives as
    /// long as in an `async fn`: the receiver, `_name`s, the arguments of
    /// patterns, and every parameter the body or a span expression names.
    pub(crate) owned: Vec<TokenStream>,
}

/// Whether `tokens` name `ident` as a variable (not as a field or method
/// after `.`), inside macro invocations too.
pub(crate) fn mentions(tokens: &TokenStream, ident: &Ident) -> bool {
    let mut after_dot = false;
    tokens.clone().into_iter().any(|token| {
        let found = match &token {
            proc_macro2::TokenTree::Ident(i) => !after_dot && i == ident,
            proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), ident),
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => false,
        };
        after_dot = matches!(&token, proc_macro2::TokenTree::Punct(p) if p.as_char() == '.');
        found
    })
}

/// Destructuring parameters are bound to a plain name in the signature, so
/// the future owns the whole argument (as an `async fn` does, `_` and `ref`
/// parts included), and the body's future binds the user's pattern.
pub(crate) fn async_params(sig: &mut Signature, mentioned: impl Fn(&Ident) -> bool) -> AsyncParams {
    let mut params = AsyncParams {
        patterns: Vec::new(),
        owned: Vec::new(),
    };
    for (i, input) in sig.inputs.iter_mut().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                params.owned.push(receiver.self_token.to_token_stream());
            }
            FnArg::Typed(typed) => {
                if let syn::Pat::Ident(ident) = &*typed.pat {
                    if ident.by_ref.is_none() && ident.subpat.is_none() {
                        // `x` or `mut x`: kept as written, and captured whole
                        // when the body or a span expression names it (it
                        // may read only a field: `guard.0`) or it is a
                        // `_guard` kept on purpose. A parameter named nowhere
                        // is left for the compiler to warn about, as in an
                        // `async fn`.
                        let name = &ident.ident;
                        if name.to_string().starts_with('_') || mentioned(name) {
                            params.owned.push(name.to_token_stream());
                        }
                        continue;
                    }
                }
                let arg = local(&format!("arg{i}"));
                // `mut`, for a `ref mut` in the pattern, which borrows the
                // argument mutably (rustc does not lint `unused_mut` in an
                // attribute macro's expansion).
                let pattern =
                    core::mem::replace(&mut *typed.pat, syn::Pat::Verbatim(quote!(mut #arg)));
                if !matches!(pattern, syn::Pat::Wild(_)) {
                    params.patterns.push(quote!(let #pattern = #arg;));
                }
                params.owned.push(arg.to_token_stream());
            }
        }
    }
    params
}
