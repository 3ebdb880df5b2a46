//! `#[instrument]` on an `impl` block or a trait: a default for every
//! function with a body in it.
//!
//! ```text
//! Input:
//!     #[instrument(level = "debug", skip(db))]
//!     impl Store {
//!         #[instrument(ret)]
//!         fn get(&self, db: &Db, id: u64) -> Item { .. }
//!         #[no_instrument]
//!         fn raw(&self) -> &Db { .. }
//!         const fn id(&self) -> u64 { .. }
//!     }
//! Output:
//!     impl Store {
//!         #[instrument(level = "debug", skip(db), ret, name = "Store::get")]
//!         fn get(&self, db: &Db, id: u64) -> Item { .. }
//!         #[no_instrument]
//!         fn raw(&self) -> &Db { .. }
//!         const fn id(&self) -> u64 { .. }
//!     }
//! ```
//!
//! The block's arguments are checked once, against every method; each method
//! then carries its own attribute with the arguments merged (the method's
//! win, `skip` lists are combined), so every function goes through the one
//! function-level expansion. A method without an attribute of its own gets
//! `#[::instrument_runtime::instrument(..)]`; `#[no_instrument]` stays where
//! it is (it does nothing by itself). Another attribute after ours on the block
//! (`#[async_trait]`) rewrites the methods before their attributes run, so
//! they see what it emits, as the single-function attribute does.

use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::visit::Visit;
use syn::{Attribute, Expr, Ident, ImplItem, Path, ReturnType, Signature, TraitItem, Type};

use crate::args::Args;
use crate::errors::{Errors, written};
use crate::fields::FieldValue;
use crate::model::{bindings, unraw};
use crate::types::{self, future_return, is_stream, strip_parens};

/// An `impl` block or a trait.
pub(crate) enum Block {
    Impl(syn::ItemImpl),
    Trait(syn::ItemTrait),
}

impl Block {
    /// The item as a block, if it is one.
    pub(crate) fn parse(item: &TokenStream) -> Option<Block> {
        syn::parse2(item.clone())
            .map(Block::Impl)
            .or_else(|_| syn::parse2(item.clone()).map(Block::Trait))
            .ok()
    }

    /// `Type` in `impl Type` and `impl Trait for Type`, `Trait` in `trait
    /// Trait`: the first half of the default span name `Type::method`.
    fn owner(&self) -> String {
        match self {
            Block::Impl(block) => type_name(&block.self_ty),
            Block::Trait(block) => unraw(&block.ident),
        }
    }

    /// Whether the methods' `self` can be recorded with `Debug`: in a trait
    /// only when `Debug` is a supertrait (`trait Service: Debug`), as a
    /// default body knows nothing else of `Self`.
    fn records_self(&self) -> bool {
        match self {
            Block::Impl(_) => true,
            Block::Trait(block) => block.supertraits.iter().any(|bound| {
                matches!(bound, syn::TypeParamBound::Trait(bound)
                    if bound.path.segments.last().is_some_and(|s| s.ident == "Debug"))
            }),
        }
    }

    /// The type parameters of the block, for telling a generic return type.
    fn type_params(&self) -> Vec<Ident> {
        let generics = match self {
            Block::Impl(block) => &block.generics,
            Block::Trait(block) => &block.generics,
        };
        generics.type_params().map(|p| p.ident.clone()).collect()
    }

    /// Every function with a body, by its attributes and signature.
    fn methods(&mut self) -> Vec<(&mut Vec<Attribute>, &Signature)> {
        match self {
            Block::Impl(block) => block
                .items
                .iter_mut()
                .filter_map(|item| match item {
                    ImplItem::Fn(f) => Some((&mut f.attrs, &f.sig)),
                    _ => None,
                })
                .collect(),
            Block::Trait(block) => block
                .items
                .iter_mut()
                .filter_map(|item| match item {
                    TraitItem::Fn(f) if f.default.is_some() => Some((&mut f.attrs, &f.sig)),
                    _ => None,
                })
                .collect(),
        }
    }
}

impl ToTokens for Block {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Block::Impl(block) => block.to_tokens(tokens),
            Block::Trait(block) => block.to_tokens(tokens),
        }
    }
}

/// The last path segment of a type, without generics; other types as
/// written (`[T]`, `(A, B)`).
fn type_name(ty: &Type) -> String {
    match strip_parens(ty) {
        Type::Reference(r) => type_name(&r.elem),
        Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| unraw(&s.ident)),
        other => written(&other.to_token_stream()),
    }
}

/// Arguments that describe one function, which a block cannot give to all.
const ONE_FUNCTION: &[(&str, &str)] = &[
    (
        "name",
        "every method would get the same span name; the default in a block is `Type::method`\n\
         put `name = ..` on the method",
    ),
    (
        "future",
        "it says how one function's return type is a future\nput `future` on the method",
    ),
    (
        "stream",
        "it says how one function's return type is a stream\nput `stream` on the method",
    ),
];

/// A function of the block that the attribute applies to.
struct Method {
    /// Its place among the block's functions with a body.
    index: usize,
    name: String,
    /// Its bindings' names, as recorded.
    params: Vec<String>,
    /// Where its return type is, for errors about it.
    output_span: Span,
    value: Value,
    /// Its own `#[instrument(..)]` arguments, where the attribute was, and
    /// the path it was written with.
    own: Option<(Args, usize, Path)>,
}

/// What a method's value is, for the block's `err`, `ret` and `outcome`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Value {
    /// Spelled `..Result<..>` (`Result`, `io::Result`, `fmt::Result`).
    Result,
    /// Anything else that is known not to be a `Result`.
    Other,
    /// A stream: its items are not one value.
    Stream,
    /// A type parameter or a projection (`T`, `Self::Output`), or a future
    /// whose output the macro cannot see: only the user can say.
    Unknown,
}

pub(crate) fn expand(
    args_tokens: TokenStream,
    mut block: Block,
    errors: &mut Errors,
) -> TokenStream {
    let original = block.to_token_stream();
    let args = Args::parse(args_tokens, errors);
    for (key, why) in ONE_FUNCTION {
        if let Some((_, tokens)) = args.written.iter().find(|(k, _)| k == key) {
            errors.push(syn::Error::new_spanned(
                tokens,
                format!("`{key}` cannot be given to a whole block: {why}"),
            ));
        }
    }
    let owner = block.owner();
    let records_self = block.records_self();
    let block_params = block.type_params();
    let root = args.root();
    let mut methods = Vec::new();
    for (index, (attrs, sig)) in block.methods().into_iter().enumerate() {
        if sig.constness.is_some() {
            continue;
        }
        // Left in place: it does nothing by itself, and the user's import of
        // it stays used.
        if attrs.iter().any(|a| is_ours(a, "no_instrument", &args)) {
            continue;
        }
        let own = match attrs.iter().position(|a| is_ours(a, "instrument", &args)) {
            Some(i) => {
                let mut own_errors = Errors::default();
                let own = Args::parse(attr_arguments(&attrs[i], &mut own_errors), &mut own_errors);
                if !own_errors.is_empty() {
                    // The method's attribute stays and reports its own
                    // mistakes; the block leaves the method to it.
                    continue;
                }
                let attr = attrs.remove(i);
                Some((own, i, attr.path().clone()))
            }
            None => None,
        };
        let mut type_params = block_params.clone();
        type_params.extend(sig.generics.type_params().map(|p| p.ident.clone()));
        let declared = own
            .as_ref()
            .map(|(own, ..)| (own.future.is_some(), own.stream.is_some()));
        methods.push(Method {
            index,
            name: unraw(&sig.ident),
            params: bindings(sig).into_iter().map(|p| p.name).collect(),
            output_span: types::output_span(sig),
            value: match declared {
                // `stream` says the method returns a stream; `future` that
                // it returns a future whose output the macro cannot see.
                Some((_, true)) => Value::Stream,
                Some((true, false)) => Value::Unknown,
                _ => value_of(sig, &type_params),
            },
            own,
        });
    }
    check(&args, &methods, errors);
    if !errors.is_empty() {
        // The block as written: its methods' own attributes still apply.
        return original;
    }
    let mut functions = block.methods();
    for method in &methods {
        let attrs = &mut *functions[method.index].0;
        let merged = merge(&args, method, &owner, records_self);
        // In the method's own attribute's place, with its path (so an import
        // of `instrument` for it stays used), else first.
        let (position, path) = match &method.own {
            Some((_, i, path)) => (*i, path.to_token_stream()),
            None => (0, quote!(#root::instrument)),
        };
        attrs.insert(position, syn::parse_quote!(#[#path(#merged)]));
    }
    block.to_token_stream()
}

/// `#[name]`, `#[instrument_runtime::name]` or `#[<crate>::name]`.
fn is_ours(attr: &Attribute, name: &str, args: &Args) -> bool {
    let path = attr.path();
    let Some(last) = path.segments.last() else {
        return false;
    };
    if last.ident != name {
        return false;
    }
    let prefix: Vec<String> = path
        .segments
        .iter()
        .take(path.segments.len() - 1)
        .map(|s| s.ident.to_string())
        .collect();
    let krate: Option<Vec<String>> = args
        .krate
        .as_ref()
        .map(|k| k.segments.iter().map(|s| s.ident.to_string()).collect());
    prefix.is_empty() || prefix == ["instrument_runtime"] || Some(prefix) == krate
}

/// The tokens inside `#[instrument(..)]`; nothing for `#[instrument]`.
fn attr_arguments(attr: &Attribute, errors: &mut Errors) -> TokenStream {
    match &attr.meta {
        syn::Meta::Path(_) => TokenStream::new(),
        syn::Meta::List(list) => list.tokens.clone(),
        syn::Meta::NameValue(nv) => {
            errors.push(syn::Error::new_spanned(
                nv,
                "expected `#[instrument]` or `#[instrument(..)]`",
            ));
            TokenStream::new()
        }
    }
}

/// What a method's value is: the future's output for `async fn`s and
/// future returners.
fn value_of(sig: &Signature, type_params: &[Ident]) -> Value {
    let ReturnType::Type(_, ty) = &sig.output else {
        return Value::Other;
    };
    if sig.asyncness.is_some() {
        return classify(ty, type_params);
    }
    if is_stream(ty) {
        return Value::Stream;
    }
    match future_return(ty) {
        Some(future) => future
            .output
            .as_ref()
            .map_or(Value::Unknown, |output| classify(output, type_params)),
        None => classify(ty, type_params),
    }
}

/// Whether a type is a `Result`, by its spelling (see
/// [`types::is_result`]). A qualified projection, whatever its name, and a
/// type spelled from a type parameter or `Self` (unless its name ends in
/// `Result`) are unknown; anything else is not a `Result`.
fn classify(ty: &Type, type_params: &[Ident]) -> Value {
    if types::is_qualified(ty) {
        Value::Unknown
    } else if types::is_result(ty) {
        Value::Result
    } else if types::is_generic(ty, type_params) {
        Value::Unknown
    } else {
        Value::Other
    }
}

/// The checks that need every method: a block's argument must apply to
/// each method it is given to.
fn check(args: &Args, methods: &[Method], errors: &mut Errors) {
    // `skip(x)`: some method must have `x`.
    for name in args.skip.iter().flatten() {
        let text = unraw(name);
        if !methods.iter().any(|m| m.params.contains(&text)) {
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "cannot skip `{text}`: no method of this block has a parameter of that name"
                ),
            ));
        }
    }
    // Expressions are evaluated in every method they apply to: a parameter
    // they name must be one of each such method.
    let mut expressions: Vec<(&str, Expr)> = Vec::new();
    if let Some(parent) = &args.parent {
        expressions.push(("parent", parent.clone()));
    }
    if let Some(causes) = &args.follows_from {
        expressions.push(("follows_from", causes.clone()));
    }
    for field in args.fields.iter().flat_map(|f| &f.0) {
        if let FieldValue::Expr { expr, .. } = &field.value {
            if let Ok(expr) = syn::parse2::<Expr>(expr.clone()) {
                expressions.push(("fields", expr));
            }
        }
    }
    for (key, expr) in &expressions {
        let applies: Vec<&Method> = methods
            .iter()
            .filter(|m| !m.own.as_ref().is_some_and(|(own, ..)| gives(own, key)))
            .collect();
        for name in free_names(expr) {
            let text = unraw(&name);
            let (with, without): (Vec<&Method>, Vec<&Method>) =
                applies.iter().partition(|m| m.params.contains(&text));
            if let (Some(with), Some(without)) = (with.first(), without.first()) {
                errors.push(syn::Error::new(
                    name.span(),
                    format!(
                        "`{text}` is a parameter of `{}` but not of `{}`: the block's `{key}` is \
                         evaluated in every method\nput it on the methods that have `{text}`, or \
                         `#[no_instrument]` on `{}`",
                        with.name, without.name, without.name
                    ),
                ));
            }
        }
    }
    // `err` applies to the methods that return a `Result`; where the type
    // cannot tell, the user must say.
    if args.err.is_some() {
        for method in methods {
            let own_err = method
                .own
                .as_ref()
                .is_some_and(|(own, ..)| own.err.is_some());
            if method.value == Value::Unknown && !own_err {
                let mut message = format!(
                    "cannot tell whether `{}` returns a `Result`, which the block's `err` needs:",
                    method.name
                );
                let _ = write!(
                    message,
                    " a type parameter, an associated type or a future alias could be one\n\
                     add `#[instrument(err)]` to `{}` if it returns a `Result`, or give `err` to \
                     the methods that do instead of the block",
                    method.name
                );
                errors.push(syn::Error::new(method.output_span, message));
            }
        }
    }
}

/// Whether a method's own arguments give `key`.
fn gives(own: &Args, key: &str) -> bool {
    own.written.iter().any(|(k, _)| k == key)
}

/// The names an expression reads that could be a method's parameters:
/// single-segment paths (`x`, `self`) that the expression does not bind
/// itself (in a `let`, a closure's or a `match` arm's pattern).
fn free_names(expr: &Expr) -> Vec<Ident> {
    #[derive(Default)]
    struct Names {
        read: Vec<Ident>,
        bound: Vec<Ident>,
    }
    impl<'ast> Visit<'ast> for Names {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if path.qself.is_none() && path.path.leading_colon.is_none() {
                if let [segment] = path.path.segments.iter().collect::<Vec<_>>().as_slice() {
                    self.read.push(segment.ident.clone());
                }
            }
        }
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.bound.push(pat.ident.clone());
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut names = Names::default();
    names.visit_expr(expr);
    let Names { read, bound } = names;
    read.into_iter()
        .filter(|name| !bound.contains(name))
        .collect()
}

/// A method's arguments: the block's, under the method's own (which win),
/// with `skip` lists combined, `self` skipped where it cannot be recorded,
/// and the default name `Type::method`.
fn merge(block: &Args, method: &Method, owner: &str, records_self: bool) -> TokenStream {
    let own = method.own.as_ref().map(|(own, ..)| own);
    let gives_own = |key: &str| own.is_some_and(|own| gives(own, key));
    let mut merged: Vec<TokenStream> = Vec::new();
    for (key, tokens) in &block.written {
        let applies = match key.as_str() {
            // Combined below.
            "skip" => false,
            "skip_all" => true,
            "err" => !gives_own(key) && method.value == Value::Result,
            "ret" | "outcome" => !gives_own(key) && method.value != Value::Stream,
            _ => !gives_own(key),
        };
        if applies {
            merged.push(tokens.clone());
        }
    }
    let skip_all = block.skip_all.is_some() || own.is_some_and(|own| own.skip_all.is_some());
    // Each name once, as the user wrote it (for errors), by its unraw name.
    let mut skipped: Vec<(String, TokenStream)> = Vec::new();
    if !skip_all {
        let names = block
            .skip
            .iter()
            .flatten()
            .filter(|name| method.params.contains(&unraw(name)))
            .chain(own.and_then(|own| own.skip.as_ref()).into_iter().flatten());
        for name in names {
            let text = unraw(name);
            if !skipped.iter().any(|(seen, _)| *seen == text) {
                skipped.push((text, name.to_token_stream()));
            }
        }
        let has_self = method.params.iter().any(|p| p == "self");
        if !records_self && has_self && !skipped.iter().any(|(seen, _)| seen == "self") {
            skipped.push(("self".to_owned(), quote!(self)));
        }
    }
    let skipped: Vec<TokenStream> = skipped.into_iter().map(|(_, tokens)| tokens).collect();
    if !skipped.is_empty() {
        merged.push(quote!(skip(#(#skipped),*)));
    }
    for (key, tokens) in own.map(|own| &own.written).into_iter().flatten() {
        if key != "skip" && !(key == "skip_all" && block.skip_all.is_some()) {
            merged.push(tokens.clone());
        }
    }
    if !gives_own("name") {
        let name = format!("{owner}::{}", method.name);
        merged.push(quote_spanned!(Span::call_site()=> name = #name));
    }
    quote!(#(#merged),*)
}
