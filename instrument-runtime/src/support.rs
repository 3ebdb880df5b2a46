//! Small pieces the expansion of `#[instrument]` needs besides spans and
//! events: the lifetime-capture bound of a rewritten `async fn`, the closures
//! a sync body with `ret`/`err`/`outcome` runs in, and instrumenting a
//! returned stream.

use crate::event::Panicked;

/// Makes `impl Future` capture the lifetimes in `T` on edition 2021, where
/// return-position `impl Trait` does not capture elided lifetimes by itself.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// Calls `f` once. A sync body with `ret`/`err` runs in a closure so that
/// every return is seen; taking it as `FnOnce` lets it return borrows of
/// captured `&mut` arguments.
#[inline]
pub fn call_once<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Runs a sync function's body, with `err`, `err(Error)` or `outcome`: a
/// panic is caught, `on_panic` records it (inside the span, which is still
/// entered), and the panic goes on.
#[inline]
pub fn call_catching<R>(body: impl FnOnce() -> R, on_panic: impl FnOnce(&Panicked<'_>)) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            on_panic(&Panicked(&*payload));
            std::panic::resume_unwind(payload)
        }
    }
}

/// What the prelude of a boxed future returner with `err` or `outcome`
/// gave: its tail future, or an early return, instrumented already. (The
/// prelude runs in a closure, to catch a panic: its returns cannot leave
/// the function from there.)
pub enum Prelude<T, R> {
    /// The future the body ends with, to be instrumented.
    Tail(T),
    /// A future an early `return` gave, instrumented.
    Early(R),
}

/// Instruments the stream a function returns: its span is entered around
/// every `poll_next` and while the stream is dropped, and closes with it.
#[cfg(feature = "stream")]
#[inline]
pub fn instrument_stream<S: futures_core::Stream>(
    span: crate::Span,
    stream: S,
) -> crate::Instrumented<S> {
    crate::Instrument::instrument(stream, span)
}

/// Called once by a function that returns a stream: with the `stream`
/// feature, nothing.
#[cfg(feature = "stream")]
#[inline]
pub fn streams_enabled<T>() {}

/// Without the `stream` feature the stream is returned as it is;
/// [`streams_enabled`], called once, says why it does not compile.
#[cfg(not(feature = "stream"))]
#[inline]
pub fn instrument_stream<S>(span: crate::Span, stream: S) -> S {
    drop(span);
    stream
}

/// Without the `stream` feature, a function returning a stream cannot be
/// instrumented: one error says so.
#[cfg(not(feature = "stream"))]
pub fn streams_enabled<T: StreamFeature>() {}

/// Never implemented: see [`streams_enabled`].
#[cfg(not(feature = "stream"))]
#[diagnostic::on_unimplemented(
    message = "`#[instrument]` on a function that returns a stream needs the `stream` feature of `instrument-runtime`",
    label = "this function returns a stream",
    note = "enable it: `instrument-runtime = {{ .., features = [\"stream\"] }}` (it is a default feature)"
)]
pub trait StreamFeature {}
