//! One expansion per kind of function, from a resolved [`Model`]. The
//! user's tokens keep their spans, so type errors land on the user's code;
//! generated locals are at `Span::mixed_site()` (see `locals`). What the
//! function records when it ends is in `events`; the rewritten signature of
//! an `async fn` and its parameters in `signature`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::{Expr, Signature};

use crate::callsite::Names;
use crate::errors::located_at;
use crate::events::Events;
use crate::fields::{Record, empty, first_span, recorded};
use crate::lints;
use crate::locals::Locals;
use crate::model::{AsyncSignature, FutureBody, Kind, Model, SpanValue};
use crate::open::{OpenField, Opened, SpanOpen};
use crate::returns::{self, Returns};
use crate::signature::{self, AsyncParams, async_params, mentions};
use crate::types::{FutureReturn, box_pin_arg, contains_impl_trait};

pub(crate) fn expand(model: &Model<'_>) -> TokenStream {
    let expansion = Expansion::new(model);
    match &model.kind {
        Kind::Sync => expansion.sync_fn(),
        Kind::Async(signature) => expansion.async_fn(*signature),
        Kind::ReturnsFuture {
            ret,
            body: FutureBody::OnlyAsync(block),
        } => expansion.future_first_poll(ret, block),
        Kind::ReturnsFuture {
            ret,
            body: FutureBody::Prelude,
        } => expansion.prelude(ret.boxed, Returned::Future),
        Kind::ReturnsStream { boxed } => expansion.prelude(*boxed, Returned::Stream),
    }
}

// Input: any function, for a tool that reads the code rather than compiling
// it (see `host`):
//     async fn f(a: &Db, id: u64) -> T { body }
// Output: the function as written, its span opened at the top of its body:
//     async fn f(a: &Db, id: u64) -> T {
//         <callsite statics>
//         let __span = if enabled { Span::new(..a, id..) } else { disabled };
//         body
//     }
// The body's statements stay as they are, so an editor analyses them as
// the plain function's.
pub(crate) fn as_written(model: &Model<'_>) -> TokenStream {
    let opened = span_open(model).build("SPAN");
    let declare = &opened.declare;
    let allow = lints::open_span();
    let span = &Locals::new().span;
    let open = opened.expr();
    model.item.to_original(&quote! {
        #declare
        #allow let #span = #open;
    })
}

/// Whether an instrumented future keeps the span current at the call, the
/// fallback parent for a first poll where nothing is current.
#[derive(Clone, Copy)]
enum Capture {
    /// The future is created at the call and may be polled anywhere (spawned).
    AtCall,
    /// The future is created at the first poll of the function's own
    /// `async fn` (kept for another attribute): there is nothing to fall back to.
    Never,
}

/// What a function with a sync prelude returns, to be instrumented.
#[derive(Clone, Copy)]
enum Returned {
    Future,
    Stream,
}

/// What every expansion shares: the model, the generated locals, and the
/// span, ready to open.
struct Expansion<'m> {
    model: &'m Model<'m>,
    private: &'m TokenStream,
    locals: Locals,
    opened: Opened,
}

impl<'m> Expansion<'m> {
    fn new(model: &'m Model<'m>) -> Self {
        Expansion {
            model,
            private: &model.private,
            locals: Locals::new(),
            opened: span_open(model).build("SPAN"),
        }
    }

    /// The `ret`/`err` events and the `outcome`.
    fn events(&self) -> Events<'_> {
        Events::new(self.model, &self.opened.names, &self.locals)
    }

    /// `let <span> = <open>;`, under the allow-list for the statement that
    /// reads the parameters.
    fn bind_span(&self) -> TokenStream {
        let allow = lints::open_span();
        let span = &self.locals.span;
        let open = self.opened.expr();
        quote!(#allow let #span = #open;)
    }

    /// The first statement of an instrumented future's body: the span, if
    /// enabled, handed to the wrapper.
    fn handoff(&self) -> TokenStream {
        let allow = lints::open_span();
        let handoff = self.opened.handoff();
        quote!(#allow #handoff)
    }

    /// `caller_span(..)`: the span current at the call, kept as the fallback
    /// parent when the level and callsite are enabled.
    fn caller(&self, capture: Capture) -> TokenStream {
        let private = self.private;
        // An explicit parent needs no fallback.
        let capture = if self.model.span.parent.is_some() {
            Capture::Never
        } else {
            capture
        };
        let Names {
            level,
            meta,
            callsite,
        } = &self.opened.names;
        match capture {
            Capture::AtCall => {
                quote!(#private::caller_span(#private::level_enabled(#level), &#callsite, &#meta))
            }
            Capture::Never => quote!(#private::Caller::NONE),
        }
    }

    /// `AsyncFn::new(caller, LEVEL, fut, hooks)`: the future of a body whose
    /// first statement hands its span over.
    fn async_fn_future(&self, capture: Capture, fut: &TokenStream) -> TokenStream {
        let private = self.private;
        let caller = self.caller(capture);
        let level = &self.opened.names.level;
        let hooks = self.events().hooks();
        let endings = self.model.catches_panics();
        quote!(#private::AsyncFn::<_, _, #endings>::new(#caller, #level, #fut, #hooks))
    }

    /// The function with `body`: the user's attributes, visibility and
    /// `default`, the signature `sig`, and the body's inner attributes and the
    /// span's callsite at the top of the body.
    fn emit(&self, sig: &Signature, body: &TokenStream) -> TokenStream {
        let item = self.model.item;
        let attrs = &item.attrs;
        let vis = &item.vis;
        let defaultness = &item.defaultness;
        let inner = &item.body.inner_attrs;
        let declare = &self.opened.declare;
        let block = quote_spanned!(item.body.span=> {
            #(#inner)*
            #declare
            #body
        });
        quote! {
            #(#attrs)*
            #vis #defaultness #sig #block
        }
    }

    /// The user's statements as a block, so that items in the body do not
    /// follow generated statements. The braces are the macro's, so
    /// `unused_braces` does not fire on the user's code.
    fn user_block(&self) -> TokenStream {
        let stmts = &self.model.item.body.stmts;
        quote_spanned!(Span::mixed_site()=> { #stmts })
    }

    /// `if false { let never: T = loop {}; return never; }`, which fixes an
    /// async block's or closure's output type to the declared one, so `?`
    /// and `.into()` infer as in the original function. Skipped where the
    /// type cannot be written in a `let` (`impl Trait`, `!`).
    fn output_pin(&self) -> Option<TokenStream> {
        let model = self.model;
        if model.returns_never() || contains_impl_trait(&model.item.sig.output) {
            return None;
        }
        let output = model.output();
        let never = &self.locals.never;
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

    // Input:
    //     fn f(a: u64) -> T { body }
    // Output:
    //     fn f(a: u64) -> T {
    //         <callsite statics>
    //         let __span = if enabled { Span::new(..a..) } else { disabled };
    //         let __entered = __span.enter();
    //         { body }
    //     }
    // With `ret`/`err`/`outcome`, the body runs in a closure so every return
    // is seen (`call_once` makes it `FnOnce`, so it may return borrows of
    // `&mut` args); with `err` or `outcome`, a panic is caught, recorded and
    // resumed (`call_catching`):
    //         let __ret = call_catching(move || { <pin>; { body } }, |__panic| {
    //             <panic event>; __span.record("outcome", "panicked");
    //         });
    //         { let __out = &__ret; <events>; __span.record("outcome", <ok or err>); }
    //         __ret
    fn sync_fn(&self) -> TokenStream {
        let private = self.private;
        let Locals {
            span,
            entered,
            ret,
            out,
            panic,
            ..
        } = &self.locals;
        let catches = self.model.catches_panics();
        let events = self.events().record();
        let body = self.user_block();
        let on_panic = || {
            let on_panic = self.events().on_panic();
            quote!(|#panic| { #on_panic })
        };
        let body = if self.model.returns_never() {
            if catches {
                // The closure's value is `()`, whatever the edition's
                // fallback for `!`; the body never returns.
                let on_panic = on_panic();
                quote! {
                    #private::call_catching(move || { #body; }, #on_panic);
                    #private::unreachable!()
                }
            } else {
                body
            }
        } else if !catches && events.is_none() {
            body
        } else {
            let pin = self.output_pin();
            let allow = lints::body_closure();
            let call = if catches {
                let on_panic = on_panic();
                quote!(#private::call_catching(move || { #pin #body }, #on_panic))
            } else {
                quote!(#private::call_once(move || { #pin #body }))
            };
            let outcome = self.model.outcome.then(|| {
                let of = self.events().outcome_of();
                quote!(#span.record("outcome", #of);)
            });
            quote! {
                #allow
                let #ret = #call;
                {
                    let #out = &#ret;
                    #events
                    #outcome
                }
                #ret
            }
        };
        let bind = self.bind_span();
        self.emit(
            &self.model.item.sig,
            &quote! {
                #bind
                let #entered = #span.enter();
                #body
            },
        )
    }

    // Input:
    //     async fn f(a: u64, (b, c): (u8, u8)) -> T { body }
    // Output:
    //     fn f(a: u64, __arg1: (u8, u8)) -> impl Future<Output = T> + Captures<(..)> {
    //         <callsite statics>
    //         AsyncFn::new(caller_span(level_enabled(LEVEL)), LEVEL, async move {
    //             let _ = (&a, &__arg1);
    //             let (b, c) = __arg1;
    //             if enabled { handoff(Span::new(..a, b, c..)); }
    //             <pin>
    //             { body }
    //         }, |end| <ret/err events>)
    //     }
    // The async block owns the arguments, once, as a plain `async fn`'s
    // future does; the span opens at its first statement, at the first poll.
    // The `let _` captures whole what the body or the span names (and the
    // receiver, `_name`s and pattern arguments), so that each lives as long
    // as it would in the `async fn`, unless a span expression consumes it. With
    // `AsyncSignature::Keep` (another attribute needs `async fn`), the
    // signature stays and the body awaits the same future.
    fn async_fn(&self, signature: AsyncSignature) -> TokenStream {
        let private = self.private;
        let mut sig = self.model.item.sig.clone();
        let model = self.model;
        let AsyncParams { patterns, owned } = async_params(&mut sig, |name| {
            mentions(&model.item.body.stmts, name)
                || model
                    .span
                    .parent
                    .is_some_and(|e| mentions(&e.to_token_stream(), name))
                || model
                    .span
                    .follows_from
                    .is_some_and(|e| mentions(&e.to_token_stream(), name))
                || model.span.fields.iter().any(|field| match &field.value {
                    SpanValue::Expr { expr, .. } => mentions(expr, name),
                    SpanValue::Param(_) | SpanValue::Empty => false,
                })
        });
        let keep = (!owned.is_empty()).then(|| {
            let allow = lints::keep_arguments();
            quote!(#allow let _ = (#(&#owned,)*);)
        });
        let handoff = self.handoff();
        let pin = self.output_pin();
        let body = self.user_block();
        let fut = quote! {
            async move {
                #keep
                #(#patterns)*
                #handoff
                #pin
                #body
            }
        };
        match signature {
            AsyncSignature::Keep => {
                let future = self.async_fn_future(Capture::Never, &fut);
                self.emit(&sig, &quote!(#future.await))
            }
            AsyncSignature::Rewrite => {
                let future = self.async_fn_future(Capture::AtCall, &fut);
                let sig = signature::returning_future(private, sig, self.model.output_span());
                let allow = lints::rewritten_async_fn();
                let function = self.emit(&sig, &future);
                quote!(#allow #function)
            }
        }
    }

    // Input (what `async-trait` emits, or any body that is only an async block):
    //     fn f(a: u64) -> Pin<Box<dyn Future<Output = T> + Send + '_>> {
    //         Box::pin(async move { body })
    //     }
    // Output: as for an `async fn`, the span opens at the first poll, in the
    // block's first statement:
    //     fn f(a: u64) -> Pin<Box<dyn Future<Output = T> + Send + '_>> {
    //         <callsite statics>
    //         Box::pin(AsyncFn::new(caller_span(..), LEVEL, async move {
    //             if enabled { handoff(Span::new(..a..)); }
    //             body
    //         }, |end| <ret/err events>))
    //     }
    // One allocation, as before; `impl Future` returners are not boxed. The
    // block becomes `async move` so that it owns the parameters the span
    // records (a plain `async` block that compiles borrows no parameter).
    fn future_first_poll(&self, ret: &FutureReturn, block: &Expr) -> TokenStream {
        let private = self.private;
        let mut block = block.clone();
        if let Expr::Async(async_block) = &mut block {
            async_block.capture = Some(syn::Token![move](Span::call_site()));
            let handoff = self.handoff();
            async_block
                .block
                .stmts
                .insert(0, syn::Stmt::Expr(Expr::Verbatim(handoff), None));
        }
        let future = self.async_fn_future(Capture::AtCall, &block.to_token_stream());
        let future = if ret.boxed {
            quote!(#private::Box::pin(#future))
        } else {
            future
        };
        self.emit(&self.model.item.sig, &future)
    }

    // Input (a sync prelude before the returned future or stream):
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
    //         let __fut = '__instrument_prelude: {
    //             let __entered = __span.enter();
    //             {
    //                 prelude;
    //                 if cold { break '__instrument_prelude ready(x); }
    //                 async move { body }
    //             }
    //         };
    //         AsyncFn::running(__span, __fut, |end| <ret/err events, outcome>)
    //     }
    // A stream is wrapped in `Instrumented` instead. For boxed return types
    // the wrapper is boxed and each early return is wrapped on the spot; a
    // tail `Box::pin(fut)` is unwrapped first, so there is still one
    // allocation. With `err` or `outcome`, the prelude runs in a closure
    // that catches a panic (`call_catching`), inside the span:
    //         let __fut = {
    //             let __entered = __span.enter();
    //             call_catching(|| '__instrument_prelude: { prelude.. }, |__panic| ..)
    //         };
    // where a boxed prelude's early returns leave the closure's block
    // already instrumented (`Prelude::Early(wrapped)`, the tail
    // `Prelude::Tail(fut)`), as they cannot return from the function.
    fn prelude(&self, boxed: bool, returned: Returned) -> TokenStream {
        let private = self.private;
        let Locals {
            span,
            fut,
            entered,
            panic,
            ret,
            ..
        } = &self.locals;
        let endings = self.model.catches_panics();
        let wrap = |span: &TokenStream, value: &TokenStream| {
            let wrapped = match returned {
                Returned::Future => {
                    let hooks = self.events().hooks();
                    quote!(#private::AsyncFn::<_, _, #endings>::running(#span, #value, #hooks))
                }
                Returned::Stream => quote!(#private::instrument_stream(#span, #value)),
            };
            if boxed {
                quote!(#private::Box::pin(#wrapped))
            } else {
                wrapped
            }
        };
        // Streams take neither `err` nor `outcome`.
        let catches = endings && matches!(returned, Returned::Future);
        let label = syn::Lifetime::new("'__instrument_prelude", Span::mixed_site());
        let (body, wrote_break, early_wrapped) = self.prelude_body(boxed, catches, &label, &wrap);
        let label = wrote_break.then(|| quote!(#label:));
        let prelude = if catches {
            let on_panic = self.events().on_panic();
            quote! {{
                let #entered = #span.enter();
                #private::call_catching(|| #label { #body }, |#panic| { #on_panic })
            }}
        } else {
            quote! {
                #label {
                    let #entered = #span.enter();
                    #body
                }
            }
        };
        let wrapped = wrap(&quote!(#span), &quote!(#fut));
        let wrapped = if early_wrapped {
            quote! {
                match #fut {
                    #private::Prelude::Tail(#fut) => #wrapped,
                    #private::Prelude::Early(#ret) => #ret,
                }
            }
        } else {
            wrapped
        };
        // Without the runtime's `stream` feature, one error (at the return
        // type), however many streams the body returns.
        let streams_enabled = matches!(returned, Returned::Stream).then(|| {
            let check = quote!(#private::streams_enabled::<()>());
            let check = located_at(check, self.model.output_span());
            quote!(#check;)
        });
        let bind = self.bind_span();
        self.emit(
            &self.model.item.sig,
            &quote! {
                #streams_enabled
                #bind
                let #fut = #prelude;
                #wrapped
            },
        )
    }

    /// The prelude's statements, with their returns rewritten (see
    /// `prelude`), as a block; whether a `break` to `label` was written;
    /// and whether the block's value is a `Prelude` (a boxed prelude that
    /// catches a panic and returns early).
    fn prelude_body(
        &self,
        boxed: bool,
        catches: bool,
        label: &syn::Lifetime,
        wrap: &dyn Fn(&TokenStream, &TokenStream) -> TokenStream,
    ) -> (TokenStream, bool, bool) {
        let private = self.private;
        let span = &self.locals.span;
        let Some(stmts) = &self.model.stmts else {
            return (self.user_block(), false, false);
        };
        let mut stmts = stmts.clone();
        let clone = quote!(#private::Span::clone(&#span));
        let wrap_return = |value: &TokenStream| wrap(&clone, value);
        let wrap_early = |value: &TokenStream| {
            let wrapped = wrap(&clone, value);
            quote!(#private::Prelude::Early(#wrapped))
        };
        let returns = match (boxed, catches) {
            (true, false) => Returns::Wrap(&wrap_return),
            (true, true) => Returns::BreakWrapped(label, &wrap_early),
            (false, _) => Returns::Break(label),
        };
        let wrote_break = returns::rewrite(&mut stmts, &returns);
        // A tail `Box::pin(value)` is unboxed here and boxed once, with the
        // wrapper.
        if boxed {
            if let Some(syn::Stmt::Expr(tail, None)) = stmts.last_mut() {
                if let Some(inner) = box_pin_arg(tail) {
                    *tail = inner.clone();
                }
            }
        }
        let body = quote_spanned!(Span::mixed_site()=> { #(#stmts)* });
        if wrote_break && boxed {
            (quote!(#private::Prelude::Tail(#body)), true, true)
        } else {
            (body, wrote_break, false)
        }
    }
}

/// The function's span, ready to open: each field's value, read from the
/// parameter or the user's expression.
fn span_open<'m>(model: &'m Model<'m>) -> SpanOpen<'m> {
    let (private, field) = (&model.private, &model.field);
    let spec = &model.span;
    let fields = spec
        .fields
        .iter()
        .map(|spec_field| {
            let name = spec_field.name.clone();
            match &spec_field.value {
                SpanValue::Param(param) => {
                    let binding = &param.binding;
                    let span = first_span(binding);
                    let value = if param.by_ref && param.record == Record::Debug {
                        // The bound is on the referent, so an error names
                        // the type that is not `Debug`; `&*` makes a `&mut`
                        // a shared reference.
                        let debug = quote_spanned!(span=> &#field::record_debug_ref(&&*#binding));
                        quote!(#private::Some(#private::value(#debug)))
                    } else {
                        recorded(
                            private,
                            field,
                            param.record,
                            &quote_spanned!(span=> &#binding),
                            span,
                        )
                    };
                    OpenField::value(name, value)
                }
                SpanValue::Expr { record, expr } => {
                    OpenField::expr(name, (private, field), *record, expr)
                }
                SpanValue::Empty => OpenField::value(name, empty(private)),
            }
        })
        .collect();
    SpanOpen {
        private,
        field,
        name: spec.name.clone(),
        target: spec.target.map(ToTokens::to_token_stream),
        level: spec.level.tokens(private),
        fields,
        parent: spec.parent,
        follows_from: spec.follows_from,
        detached: spec.detached,
    }
}
