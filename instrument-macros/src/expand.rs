//! One expansion per kind of function. The user's tokens keep their spans,
//! so type errors land on the user's code; generated locals are at
//! `Span::mixed_site()` so they cannot collide with the user's names.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericParam, Ident, Lifetime, LifetimeParam, ReturnType, Signature, Type};

use crate::args::{EventArgs, Format, LevelArg};
use crate::callsite::{Callsite, Kind as CallsiteKind, Names};
use crate::fields::first_span;
use crate::item::ItemFn;
use crate::lints;
use crate::model::{FutureBody, FutureReturn, Kind, Model, Record, box_pin_arg};

/// A generated local: mixed-site hygiene hides it from the user's code, and
/// the `__instrument_` prefix keeps a user's unit struct or constant from
/// ever being matched by its `let`.
fn local(name: &str) -> Ident {
    Ident::new(&format!("__instrument_{name}"), Span::mixed_site())
}

/// `tokens` with every span moved to `span`'s location, hygiene kept, so a
/// type error in generated code is reported at the user's token.
fn located_at(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tt| {
            if let proc_macro2::TokenTree::Group(group) = &tt {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), located_at(group.stream(), span));
                inner.set_span(group.span().located_at(span));
                tt = proc_macro2::TokenTree::Group(inner);
            } else {
                tt.set_span(tt.span().located_at(span));
            }
            tt
        })
        .collect()
}

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    match model.kind {
        Kind::Sync => sync_fn(model),
        Kind::Async { keep_async } => async_fn(model, keep_async),
        Kind::ReturnsFuture { ref ret, ref body } => match body {
            FutureBody::OnlyAsync(block) => future_first_poll(model, ret, block),
            FutureBody::Prelude(stmts) => future_prelude(model, ret, stmts.as_deref()),
        },
    }
}

fn level_tokens(private: &TokenStream, level: &LevelArg) -> TokenStream {
    match level {
        LevelArg::Named(name) => quote_spanned!(name.span()=> #private::Level::#name),
        LevelArg::Path(path) => path.to_token_stream(),
    }
}

/// The span's callsite declarations and their names.
fn span_callsite<'m>(model: &'m Model<'_>) -> (TokenStream, Names, Callsite<'m>) {
    let args = model.args;
    let name = match &args.name {
        Some(name) => name.to_token_stream(),
        None => {
            let ident = syn::ext::IdentExt::unraw(&model.item.sig.ident).to_string();
            quote!(#ident)
        }
    };
    let mut fields: Vec<String> = model.params.iter().map(|p| p.name.clone()).collect();
    fields.extend(
        args.fields
            .iter()
            .flat_map(|f| &f.0)
            .map(|f| f.name.text.clone()),
    );
    let callsite = Callsite {
        private: &model.private,
        name,
        target: args.target.as_ref().map(ToTokens::to_token_stream),
        level: level_tokens(&model.private, &model.level),
        fields,
        kind: CallsiteKind::Span,
    };
    let names = Names::new("SPAN");
    (callsite.declare(&names), names, callsite)
}

/// The span's callsite, declared at the top of the function's body, and
/// the expression that opens it: `if enabled { <create> } else { disabled }`,
/// with the parent the context gives unless `parent = ..` is set.
struct OpenSpan {
    declare: TokenStream,
    names: Names,
    open: TokenStream,
}

impl OpenSpan {
    /// `let <span> = { <before> <open> };`, under the allow-list for the
    /// statement that reads the parameters.
    fn bind(&self, span: &Ident, before: &[TokenStream]) -> TokenStream {
        let allow = lints::open_span();
        let open = &self.open;
        if before.is_empty() {
            quote!(#allow let #span = #open;)
        } else {
            quote!(#allow let #span = { #(#before)* #open };)
        }
    }

    /// The span's level, as the constant the callsite declares.
    fn level(&self) -> TokenStream {
        self.names.level.to_token_stream()
    }

    /// `caller_span(..)`: the span current at the call, kept as the fallback
    /// parent when the level and callsite are enabled (never with `capture`
    /// false).
    fn caller(&self, private: &TokenStream, capture: bool) -> TokenStream {
        let Names {
            level,
            meta,
            callsite,
        } = &self.names;
        let enabled = if capture {
            quote!(#private::level_enabled(#level))
        } else {
            quote!(false)
        };
        quote!(#private::caller_span(#enabled, &#callsite, &#meta))
    }
}

fn open_span(model: &Model<'_>) -> OpenSpan {
    let private = &model.private;
    let (declare, names, callsite) = span_callsite(model);
    let meta = &names.meta;
    let mut values: Vec<TokenStream> = model
        .params
        .iter()
        .map(|param| {
            let binding = &param.binding;
            match param.record {
                Record::Value => quote!(#private::Some(#private::value(&#binding))),
                Record::Debug => {
                    let span = first_span(binding);
                    let debug = quote_spanned!(span=> #private::debug(&#binding));
                    quote!(#private::Some(#private::value(&#debug)))
                }
            }
        })
        .collect();
    values.extend(
        model
            .args
            .fields
            .iter()
            .flat_map(|f| &f.0)
            .map(|f| f.value.to_value_tokens(private, true)),
    );
    let value_set = quote!(&#meta.fields().value_set_all(&[#(#values),*]));
    let create = match &model.args.parent {
        Some(parent) => quote!(#private::Span::child_of(#parent, &#meta, #value_set)),
        None => quote!(#private::Span::new(&#meta, #value_set)),
    };
    let enabled = callsite.enabled(&names);
    let span = local("span");
    let follows = model.args.follows_from.as_ref().map(|causes| {
        let cause = local("cause");
        quote! {
            for #cause in #causes {
                #span.follows_from(#cause);
            }
        }
    });
    let open = quote! {
        if #enabled {
            let #span = #create;
            #follows
            #span
        } else {
            #private::Span::disabled(&#meta)
        }
    };
    OpenSpan {
        declare,
        names,
        open,
    }
}

/// Statements that record `out: &Output` as the `ret`/`err` events.
fn ret_err_events(model: &Model<'_>, out: &Ident, span_level: &TokenStream) -> Option<TokenStream> {
    let args = model.args;
    if args.ret.is_none() && args.err.is_none() {
        return None;
    }
    let private = &model.private;
    let target = args.target.as_ref().map(ToTokens::to_token_stream);
    let event = |what: &str,
                 field: &str,
                 event: &EventArgs,
                 default_format: Format,
                 default_level: TokenStream,
                 value: &Ident| {
        let level = event
            .level
            .as_ref()
            .map_or(default_level, |l| level_tokens(private, l));
        let callsite = Callsite {
            private,
            name: quote!(#private::concat!("event ", #private::file!(), ":", #private::line!())),
            target: target.clone(),
            level,
            fields: vec![field.to_owned()],
            kind: CallsiteKind::Event,
        };
        let names = Names::new(what);
        let declare = callsite.declare(&names);
        let Names { meta, callsite, .. } = &names;
        // The value is formatted through a helper whose one bound explains
        // the problem, at the format the user wrote or else at the type.
        let format = match (what, event.format.unwrap_or(default_format)) {
            ("RET", Format::Debug) => quote!(#private::ret_debug),
            ("RET", Format::Display) => quote!(#private::ret_display),
            (_, Format::Debug) => quote!(#private::err_debug),
            (_, Format::Display) => quote!(#private::err_display),
        };
        let span = event
            .format_span
            .unwrap_or_else(|| model.value_output_span());
        let value = located_at(quote!(#format(#value)), span);
        quote! {{
            #declare
            #private::event(&#callsite, &#meta, &#value);
        }}
    };
    let ok = local("ok");
    let error = local("error");
    let ret_level = span_level.clone();
    let err_level = quote!(#private::Level::ERROR);
    // `as_result` takes `&Result<T, E>`: a function that returns something
    // else gets one "expected `Result`" error, at its return type.
    let as_result = located_at(quote!(#private::as_result(#out)), model.value_output_span());
    Some(match (&args.ret, &args.err) {
        (Some(ret), None) => event("RET", "return", ret, Format::Debug, ret_level, out),
        (None, Some(err)) => {
            let err_event = event("ERR", "error", err, Format::Display, err_level, &error);
            quote! {
                if let #private::Err(#error) = #as_result {
                    #err_event
                }
            }
        }
        (Some(ret), Some(err)) => {
            let ret_event = event("RET", "return", ret, Format::Debug, ret_level, &ok);
            let err_event = event("ERR", "error", err, Format::Display, err_level, &error);
            quote! {
                match #as_result {
                    #private::Ok(#ok) => #ret_event,
                    #private::Err(#error) => #err_event,
                }
            }
        }
        (None, None) => unreachable!("checked above"),
    })
}

fn inner_attrs(item: &ItemFn) -> TokenStream {
    let attrs = &item.body.inner_attrs;
    quote!(#(#attrs)*)
}

/// The user's statements as a block, so that items in the body do not follow
/// generated statements. The braces are the macro's, so `unused_braces` does
/// not fire on the user's code.
fn user_block(item: &ItemFn) -> TokenStream {
    let stmts = &item.body.stmts;
    quote_spanned!(Span::mixed_site()=> { #stmts })
}

/// `if false { let never: T = loop {}; return never; }`, which fixes an async
/// block's or closure's output type to the declared one, so `?` and
/// `.into()` infer as in the original function. Skipped where the type
/// cannot be written in a `let` (`impl Trait`, `!`).
fn output_pin(model: &Model<'_>) -> Option<TokenStream> {
    if model.returns_never() || contains_impl_trait(&model.item.sig.output) {
        return None;
    }
    let output = model.output();
    let never = local("never");
    let allow = lints::output_pin();
    // Spanned at the return type, so "return type inferred here" points there.
    let ret = located_at(quote!(return #never;), model.output_span());
    Some(quote! {
        #allow
        if false {
            let #never: #output = loop {};
            #ret
        }
    })
}

fn contains_impl_trait(output: &ReturnType) -> bool {
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

// Input:
//     fn f(a: u64) -> T { body }
// Output:
//     fn f(a: u64) -> T {
//         <callsite statics>
//         let __span = if enabled { Span::new(..a..) } else { disabled };
//         let __entered = __span.enter();
//         { body }
//     }
// With `ret`/`err`, the body runs in a closure so every return is seen
// (`call_once` makes it `FnOnce`, so it may return borrows of `&mut` args):
//         let __ret = call_once(move || { <pin>; { body } });
//         <events for &__ret>;
//         __ret
fn sync_fn(model: &Model<'_>) -> TokenStream {
    let item = model.item;
    let private = &model.private;
    let opened = open_span(model);
    let span = local("span");
    let bind = opened.bind(&span, &[]);
    let declare = &opened.declare;
    let entered = local("entered");
    let body = user_block(item);
    let ret = local("ret");
    let out = local("out");
    let events = if model.returns_never() {
        None
    } else {
        ret_err_events(model, &out, &opened.level())
    };
    let body = match events {
        None => body,
        Some(events) => {
            let pin = output_pin(model);
            let allow = lints::body_closure();
            quote! {
                #allow
                let #ret = #private::call_once(move || { #pin #body });
                {
                    let #out = &#ret;
                    #events
                }
                #ret
            }
        }
    };
    let inner = inner_attrs(item);
    emit_fn(
        item,
        &item.sig,
        &TokenStream::new(),
        &quote! {
            #inner
            #declare
            #bind
            let #entered = #span.enter();
            #body
        },
    )
}

// Input:
//     async fn f(a: u64) -> T { body }
// Output:
//     fn f(a: u64) -> impl Future<Output = T> + Captures<(..lifetimes..)> {
//         <callsite statics>
//         AsyncFn::new(caller_span(level_enabled), move || {
//             let __span = if enabled { Span::new(..a..) } else { disabled };
//             started(__span, async move { let _ = (&a,); <pin>; { body } })
//         })
//     }
// The closure owns the arguments until the first poll, then the async block
// does: one copy. With `keep_async` (another attribute needs `async fn`),
// the signature stays and the body awaits the same future.
fn async_fn(model: &Model<'_>, keep_async: bool) -> TokenStream {
    let item = model.item;
    let private = &model.private;
    let opened = open_span(model);
    let caller = opened.caller(private, !keep_async);
    let span = local("span");
    let fut = local("fut");
    let out = local("out");

    let mut sig = item.sig.clone();
    let AsyncParams {
        borrow_patterns,
        body_patterns,
        owned,
    } = async_params(model, &mut sig);
    let keep = {
        let allow = lints::keep_arguments();
        (!owned.is_empty()).then(|| quote!(#allow let _ = (#(&#owned,)*);))
    };
    let pin = output_pin(model);
    let body = user_block(item);
    let started = started(model, &span, &quote!(#fut), &out, &opened.level());
    let bind = opened.bind(&span, &borrow_patterns);
    let declare = &opened.declare;
    let future = quote! {
        #private::AsyncFn::new(#caller, move || {
            #bind
            let #fut = async move {
                #keep
                #(#body_patterns)*
                #pin
                #body
            };
            #started
        })
    };
    let inner = inner_attrs(item);
    if keep_async {
        return emit_fn(
            item,
            &sig,
            &TokenStream::new(),
            &quote! {
                #inner
                #declare
                #future.await
            },
        );
    }
    let sig = future_signature(model, sig);
    emit_fn(
        item,
        &sig,
        &lints::rewritten_async_fn(),
        &quote! {
            #inner
            #declare
            #future
        },
    )
}

/// What an `async fn`'s parameters become in the rewrite.
struct AsyncParams {
    /// `let (ref a, ref b) = arg;` for the span's fields, in the closure.
    borrow_patterns: Vec<TokenStream>,
    /// `let (a, b) = arg;` (and uses of recorded bindings) in the body's future.
    body_patterns: Vec<TokenStream>,
    /// Every argument as a plain name, kept alive in the body's future.
    owned: Vec<TokenStream>,
}

fn async_params(model: &Model<'_>, sig: &mut Signature) -> AsyncParams {
    // Destructuring parameters are bound to a plain name in the signature,
    // so the future owns the whole argument (as an `async fn` does, `_` and
    // `ref` parts included). The span opens over `ref` bindings of it; the
    // body's future moves it and binds the user's pattern.
    let mut borrow_patterns = Vec::new();
    let mut body_patterns = Vec::new();
    let mut owned = Vec::new();
    for (i, input) in sig.inputs.iter_mut().enumerate() {
        match input {
            FnArg::Receiver(receiver) => owned.push(receiver.self_token.to_token_stream()),
            FnArg::Typed(typed) if is_plain_binding(&typed.pat) => {
                if let syn::Pat::Ident(ident) = &*typed.pat {
                    owned.push(ident.ident.to_token_stream());
                }
            }
            FnArg::Typed(typed) => {
                let arg = local(&format!("arg{i}"));
                let pattern =
                    core::mem::replace(&mut *typed.pat, syn::Pat::Verbatim(arg.to_token_stream()));
                if !matches!(pattern, syn::Pat::Wild(_)) {
                    let mut borrow = BorrowBindings(Vec::new());
                    let mut borrowed = pattern.clone();
                    borrow.visit_pat_mut(&mut borrowed);
                    // Bindings the span records count as used in the body
                    // too, as plain parameters do; the others are the user's
                    // to use or be warned about.
                    let recorded: Vec<&Ident> = borrow
                        .0
                        .iter()
                        .filter(|b| {
                            model
                                .params
                                .iter()
                                .any(|p| syn::ext::IdentExt::unraw(*b) == p.name)
                        })
                        .collect();
                    let allow = lints::borrowed_pattern();
                    borrow_patterns.push(quote!(#allow let #borrowed = #arg;));
                    body_patterns.push(quote!(let #pattern = #arg;));
                    if !recorded.is_empty() {
                        let allow = lints::keep_arguments();
                        body_patterns.push(quote!(#allow let _ = (#(&#recorded,)*);));
                    }
                }
                owned.push(arg.to_token_stream());
            }
        }
    }
    AsyncParams {
        borrow_patterns,
        body_patterns,
        owned,
    }
}

/// `x` or `mut x`: a parameter bound by name, kept as written.
fn is_plain_binding(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none())
}

/// Turns every binding of a pattern into `ref name`, so matching it borrows
/// the value instead of moving it, and collects the names.
struct BorrowBindings(Vec<Ident>);

impl VisitMut for BorrowBindings {
    fn visit_pat_ident_mut(&mut self, ident: &mut syn::PatIdent) {
        ident.by_ref = Some(syn::Token![ref](ident.ident.span()));
        ident.mutability = None;
        self.0.push(ident.ident.clone());
        syn::visit_mut::visit_pat_ident_mut(self, ident);
    }
}

// Input (what `async-trait` emits, or any body that is only an async block):
//     fn f(a: u64) -> Pin<Box<dyn Future<Output = T> + Send + '_>> {
//         Box::pin(async move { body })
//     }
// Output: as for an `async fn`, the span opens at the first poll:
//     fn f(a: u64) -> Pin<Box<dyn Future<Output = T> + Send + '_>> {
//         <callsite statics>
//         Box::pin(AsyncFn::new(caller_span(level_enabled), move || {
//             let __span = if enabled { Span::new(..a..) } else { disabled };
//             started(__span, async move { body })
//         }))
//     }
// One allocation, as before; `impl Future` returners are not boxed.
fn future_first_poll(model: &Model<'_>, ret: &FutureReturn, block: &syn::Expr) -> TokenStream {
    let item = model.item;
    let private = &model.private;
    let opened = open_span(model);
    let caller = opened.caller(private, true);
    let span = local("span");
    let fut = local("fut");
    let out = local("out");
    let started = started(model, &span, &quote!(#fut), &out, &opened.level());
    let bind = opened.bind(&span, &[]);
    let declare = &opened.declare;
    let future = quote! {
        #private::AsyncFn::new(#caller, move || {
            #bind
            let #fut = #block;
            #started
        })
    };
    let future = if ret.boxed {
        quote!(#private::Box::pin(#future))
    } else {
        future
    };
    let inner = inner_attrs(item);
    emit_fn(
        item,
        &item.sig,
        &TokenStream::new(),
        &quote! {
            #inner
            #declare
            #future
        },
    )
}

// Input (a sync prelude before the returned future):
//     fn f(a: u64) -> impl Future<Output = T> {
//         prelude;
//         if cold { return ready(x); }
//         async move { body }
//     }
// Output: the span opens at the call and is entered for the prelude; the
// returned future, early returns included, is polled and dropped inside it:
//     fn f(a: u64) -> impl Future<Output = T> {
//         <callsite statics>
//         let __span = if enabled { Span::new(..a..) } else { disabled };
//         let __fut = {
//             let __entered = __span.enter();
//             {
//                 prelude;
//                 if cold { return running(started(__span.clone(), ready(x))); }
//                 async move { body }
//             }
//         };
//         running(started(__span, __fut))
//     }
// For boxed return types the wrapper is boxed; a tail `Box::pin(fut)` is
// unwrapped first, so there is still one allocation.
fn future_prelude(
    model: &Model<'_>,
    ret: &FutureReturn,
    stmts: Option<&[syn::Stmt]>,
) -> TokenStream {
    let item = model.item;
    let private = &model.private;
    let opened = open_span(model);
    let span = local("span");
    let bind = opened.bind(&span, &[]);
    let declare = &opened.declare;
    let level = opened.level();
    let fut = local("fut");
    let out = local("out");
    let entered = local("entered");

    let wrap = |span_expr: &TokenStream, future: &TokenStream| {
        let started = started(model, span_expr, future, &out, &level);
        let running = quote!(#private::running(#started));
        if ret.boxed {
            quote!(#private::Box::pin(#running))
        } else {
            running
        }
    };
    // Early returns leave the prelude with the future too. Boxed return
    // types each wrap theirs (all coerce to the return type); an `impl
    // Future` has one concrete type, so its returns break out of the
    // prelude's block instead and share the one wrapper below.
    let label = syn::Lifetime::new("'__instrument_prelude", Span::mixed_site());
    let breaks = core::cell::Cell::new(false);
    let body = match stmts {
        Some(stmts) => {
            let mut stmts = stmts.to_vec();
            let clone = quote!(#private::Span::clone(&#span));
            let mut returns = WrapReturns {
                replace: &|expr: syn::Expr| {
                    let tokens = if ret.boxed {
                        let expr = match box_pin_arg(&expr) {
                            Some(inner) => inner.to_token_stream(),
                            None => expr.to_token_stream(),
                        };
                        let wrapped = wrap(&clone, &expr);
                        quote!(return #wrapped)
                    } else {
                        breaks.set(true);
                        quote!(break #label #expr)
                    };
                    syn::Expr::Verbatim(tokens)
                },
            };
            for stmt in &mut stmts {
                returns.visit_stmt_mut(stmt);
            }
            // A tail `Box::pin(fut)` is unboxed here and boxed once, with
            // the wrapper, below.
            if ret.boxed {
                if let Some(syn::Stmt::Expr(tail, None)) = stmts.last_mut() {
                    if let Some(inner) = box_pin_arg(tail) {
                        *tail = inner.clone();
                    }
                }
            }
            quote_spanned!(Span::mixed_site()=> { #(#stmts)* })
        }
        None => user_block(item),
    };
    let wrapped = wrap(&quote!(#span), &quote!(#fut));
    let inner = inner_attrs(item);
    let label = breaks.get().then(|| quote!(#label:));
    emit_fn(
        item,
        &item.sig,
        &TokenStream::new(),
        &quote! {
            #inner
            #declare
            #bind
            let #fut = #label {
                let #entered = #span.enter();
                #body
            };
            #wrapped
        },
    )
}

/// `started(span, fut)`, or `started_with(span, fut, |out| <ret/err events>)`.
fn started(
    model: &Model<'_>,
    span: &dyn ToTokens,
    fut: &TokenStream,
    out: &Ident,
    level: &TokenStream,
) -> TokenStream {
    let private = &model.private;
    match ret_err_events(model, out, level) {
        None => quote!(#private::started(#span, #fut)),
        Some(events) => quote!(#private::started_with(#span, #fut, |#out| { #events })),
    }
}

/// Replaces every `return value` in the function's own body (not in
/// closures, async blocks or nested items, whose `return`s are their own).
struct WrapReturns<'a> {
    replace: &'a dyn Fn(syn::Expr) -> syn::Expr,
}

impl VisitMut for WrapReturns<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        match expr {
            syn::Expr::Closure(_) | syn::Expr::Async(_) | syn::Expr::Const(_) => {}
            syn::Expr::Return(ret) => {
                if let Some(value) = &mut ret.expr {
                    self.visit_expr_mut(value);
                    let value =
                        core::mem::replace(&mut **value, syn::Expr::Verbatim(TokenStream::new()));
                    *expr = (self.replace)(value);
                }
            }
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

fn emit_fn(
    item: &ItemFn,
    sig: &Signature,
    extra_attrs: &TokenStream,
    body: &TokenStream,
) -> TokenStream {
    let attrs = &item.attrs;
    let vis = &item.vis;
    let defaultness = &item.defaultness;
    let block = quote_spanned!(item.body.span=> { #body });
    quote! {
        #(#attrs)*
        #extra_attrs
        #vis #defaultness #sig #block
    }
}

/// The signature of an `async fn` rewritten to return `impl Future`:
/// `async` removed, elided lifetimes in the parameters named, and every
/// lifetime (and `Self`, for methods) captured through `Captures<..>`, which
/// edition 2021 needs and edition 2024 ignores.
fn future_signature(model: &Model<'_>, mut sig: Signature) -> Signature {
    let private = &model.private;
    sig.asyncness = None;

    let mut namer = NameElided {
        fill: None,
        named: Vec::new(),
    };
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                if let syn::ReceiverKind::Reference(_, lifetime @ None, _) = &mut receiver.kind {
                    *lifetime = Some(namer.fresh());
                } else if let syn::ReceiverKind::Typed(_, ty) = &mut receiver.kind {
                    namer.visit_type_mut(ty);
                }
            }
            FnArg::Typed(typed) => namer.visit_type_mut(&mut typed.ty),
        }
    }
    // Elided lifetimes in the output get the lifetime elision would give
    // them, now named, so the signature stays consistent.
    let receiver_lifetime = match sig.receiver().map(|r| &r.kind) {
        Some(syn::ReceiverKind::Reference(_, lifetime, _)) => lifetime.clone(),
        _ => None,
    };
    let output_lifetime = receiver_lifetime.or_else(|| {
        let all = lifetimes_in_inputs(&sig);
        (all.len() == 1).then(|| all[0].clone())
    });
    if let (Some(lifetime), ReturnType::Type(_, ty)) = (output_lifetime, &mut sig.output) {
        let mut fill = NameElided {
            fill: Some(lifetime),
            named: Vec::new(),
        };
        fill.visit_type_mut(ty);
    }
    let new_params: Vec<GenericParam> = namer
        .named
        .iter()
        .map(|l| GenericParam::Lifetime(LifetimeParam::new(l.clone())))
        .collect();
    for (i, param) in new_params.into_iter().enumerate() {
        sig.generics.params.insert(i, param);
    }
    if sig.generics.lt_token.is_none() && !sig.generics.params.is_empty() {
        sig.generics.lt_token = Some(syn::Token![<](Span::call_site()));
        sig.generics.gt_token = Some(syn::Token![>](Span::call_site()));
    }

    let mut captured: Vec<TokenStream> = sig
        .generics
        .lifetimes()
        .map(|l| {
            let lifetime = &l.lifetime;
            quote!(&#lifetime ())
        })
        .collect();
    // Lifetimes of the enclosing impl appear in the types, not the generics.
    for lifetime in lifetimes_in_inputs(&sig) {
        let tokens = quote!(&#lifetime ());
        if !captured.iter().any(|c| c.to_string() == tokens.to_string()) {
            captured.push(tokens);
        }
    }
    if sig.receiver().is_some() {
        captured.push(quote!(*const Self));
    }
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    let span = model.output_span();
    let capture_bound =
        (!captured.is_empty()).then(|| quote!(+ #private::Captures<(#(#captured,)*)>));
    let ty: Type = syn::parse_quote_spanned! {span=>
        impl #private::Future<Output = #output> #capture_bound
    };
    let arrow = match &sig.output {
        ReturnType::Type(arrow, _) => *arrow,
        ReturnType::Default => syn::Token![->](span),
    };
    sig.output = ReturnType::Type(arrow, Box::new(ty));
    sig
}

/// Names elided lifetimes (`&T`, `'_`): in parameter types, each gets a
/// fresh name (`fill: None`); in the output, the one elision would have
/// given (`fill: Some`). Lifetimes under their own binder (`fn(&T)`,
/// `Fn(&T)`, `for<'a> ..`) are left alone.
struct NameElided {
    fill: Option<Lifetime>,
    named: Vec<Lifetime>,
}

impl NameElided {
    fn fresh(&mut self) -> Lifetime {
        if let Some(fill) = &self.fill {
            return fill.clone();
        }
        let lifetime = Lifetime::new(
            &format!("'__instrument{}", self.named.len()),
            Span::call_site(),
        );
        self.named.push(lifetime.clone());
        lifetime
    }
}

impl VisitMut for NameElided {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.fresh());
        }
        syn::visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.fresh();
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

/// Named lifetimes that appear in the parameter types (not `'static`).
fn lifetimes_in_inputs(sig: &Signature) -> Vec<Lifetime> {
    struct Collect(Vec<Lifetime>);
    impl<'ast> syn::visit::Visit<'ast> for Collect {
        fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
            if lifetime.ident != "static" && lifetime.ident != "_" && !self.0.contains(lifetime) {
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
            FnArg::Receiver(r) => syn::visit::Visit::visit_receiver(&mut collect, r),
            FnArg::Typed(t) => syn::visit::Visit::visit_type(&mut collect, &t.ty),
        }
    }
    collect.0
}
