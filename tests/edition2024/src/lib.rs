//! Edition-2024 shapes: `tests/shapes.rs` compiles a representative set of
//! instrumented functions on edition 2024, where `impl Trait` in return
//! position captures every lifetime in scope, so lifetime capture of the
//! rewritten signatures is proven on both editions.
//!
//! This library only holds [`unsafe_shapes!`]: the workspace forbids
//! `unsafe_code`, which an `unsafe fn` written in a test would trip; declared
//! by a macro of this (other) crate, the lint does not apply to them.

#[doc(hidden)]
pub use instrument_runtime as __runtime;

/// Declares an instrumented `unsafe fn` (`unsafe_sync`) and `async unsafe fn`
/// (`unsafe_async`), and the safe functions that call them
/// (`call_unsafe_sync`, `call_unsafe_async`).
#[macro_export]
macro_rules! unsafe_shapes {
    () => {
        /// # Safety
        ///
        /// Always safe to call: `unsafe` is the shape under test.
        #[$crate::__runtime::instrument(ret)]
        unsafe fn unsafe_sync(x: u32) -> u32 {
            x + 1
        }

        /// # Safety
        ///
        /// Always safe to call: `unsafe` is the shape under test.
        #[$crate::__runtime::instrument(ret)]
        async unsafe fn unsafe_async(x: &u32) -> u32 {
            *x + 2
        }

        fn call_unsafe_sync(x: u32) -> u32 {
            // SAFETY: `unsafe_sync` has no precondition.
            unsafe { unsafe_sync(x) }
        }

        async fn call_unsafe_async(x: u32) -> u32 {
            // SAFETY: `unsafe_async` has no precondition.
            unsafe { unsafe_async(&x) }.await
        }
    };
}
