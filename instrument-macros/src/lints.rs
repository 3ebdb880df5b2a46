//! The one allow-list for generated statements. Each entry says why; none is
//! ever put on the user's own code, so the user's lints still fire there.

use proc_macro2::TokenStream;
use quote::quote;

/// On the statement that pins an async block's output type to the declared
/// return type (`if false { let never: T = loop {}; return never; }`).
pub(crate) fn output_pin() -> TokenStream {
    quote! {
        #[allow(
            // The statement exists only for type inference; it never runs.
            unreachable_code,
            // `loop {}` is how it produces a value of any type.
            clippy::empty_loop,
            clippy::diverging_sub_expression,
            // The early `return` is the point: it fixes the block's type.
            clippy::needless_return,
        )]
    }
}

/// On the statement that opens the span, which reads the parameters.
pub(crate) fn open_span() -> TokenStream {
    quote! {
        #[allow(
            // A `_name` parameter is recorded like any other; the read is
            // the macro's, not the user's.
            clippy::used_underscore_binding,
        )]
    }
}

/// On `let _ = (&a, &b);`, which captures every argument in the body's
/// future so arguments live as long as they do in an `async fn`.
pub(crate) fn keep_arguments() -> TokenStream {
    quote! {
        #[allow(
            // Binding to `_` is intended: the borrow is what captures.
            clippy::let_underscore_untyped,
            // Every parameter is kept, `_name` ones included.
            clippy::used_underscore_binding,
            let_underscore_drop,
        )]
    }
}

/// On the closure a sync function's body is moved into when `ret` or `err`
/// must see every return, `?` and early `return` included.
pub(crate) fn body_closure() -> TokenStream {
    quote! {
        #[allow(
            // A unit return is still recorded by `ret`.
            clippy::let_unit_value,
        )]
    }
}

/// On an `async fn` rewritten as a function returning `impl Future`.
pub(crate) fn rewritten_async_fn() -> TokenStream {
    quote! {
        #[allow(
            // In a trait impl, the `Captures` bound (a blanket trait that
            // spells out lifetime capture on edition 2021) is not a refinement
            // users can observe.
            refining_impl_trait,
            // These judge a method by its declared return type; the user
            // declared `async fn iter(..) -> impl Iterator` or `async fn
            // new(..) -> Self`, which the rewritten `impl Future` hides.
            clippy::iter_not_returning_iterator,
            clippy::new_ret_no_self,
        )]
    }
}

/// On the loop that adds each `follows_from` cause to the span.
pub(crate) fn follows_from_loop() -> TokenStream {
    quote! {
        #[allow(
            // `follows_from = cause.id()` (an `Option<Id>`) is a fine value,
            // as it is for `tracing`; looping over an `Option` is lint-worthy
            // only in hand-written code.
            for_loops_over_fallibles,
        )]
    }
}
