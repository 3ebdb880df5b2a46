//! What generated code calls. Not public API: no stability promises.
//!
//! Generated code names only `<root>::__private::...`, so the user's crate
//! needs no other dependency and may shadow `core`, `std`, `Option` or
//! `Result` without breaking it.

pub use core::{column, concat, file, line, module_path, stringify};
pub use core::{
    future::Future,
    option::Option::{self, None, Some},
    pin::Pin,
    result::Result::{self, Err, Ok},
};

pub use tracing_core::{
    Event, Kind, Level, LevelFilter, Metadata,
    callsite::{DefaultCallsite, Identifier},
    field::{DebugValue, DisplayValue, Empty, FieldSet, Value, ValueSet},
    span::Id,
};

pub use instrument_macros::span as span_impl;

/// What `tracing`'s value sets put in scope for field values:
/// `fields(x = debug(&y))` works without an import.
pub mod field_helpers {
    pub use tracing_core::field::{debug, display};
}

pub use crate::async_fn::{AsyncFn, Caller, End, caller_span, handoff};
pub use crate::field::{
    record_debug, record_debug_ref, record_display, record_error, record_error_debug,
    record_error_sources, record_return, record_return_display, returned_result,
};
pub use crate::span::Span;

/// The most verbose level compiled in, set by the `max_level_*` and
/// `release_max_level_*` features. Spans above it are compiled out.
pub const STATIC_MAX_LEVEL: LevelFilter = static_max_level();

const fn static_max_level() -> LevelFilter {
    macro_rules! pick {
        ($($feature:literal => $level:ident,)*) => {
            $(if cfg!(feature = $feature) { return LevelFilter::$level; })*
        };
    }
    if !cfg!(debug_assertions) {
        pick! {
            "release_max_level_off" => OFF,
            "release_max_level_error" => ERROR,
            "release_max_level_warn" => WARN,
            "release_max_level_info" => INFO,
            "release_max_level_debug" => DEBUG,
            "release_max_level_trace" => TRACE,
        }
    }
    pick! {
        "max_level_off" => OFF,
        "max_level_error" => ERROR,
        "max_level_warn" => WARN,
        "max_level_info" => INFO,
        "max_level_debug" => DEBUG,
    }
    LevelFilter::TRACE
}

/// The cheap check: is `level` enabled statically and by the global maximum
/// level of every subscriber? A constant compare and one relaxed load.
#[allow(
    clippy::inline_always,
    reason = "the disabled path must be a compare and a load, even unoptimized"
)]
#[inline(always)]
pub fn level_enabled(level: Level) -> bool {
    level <= STATIC_MAX_LEVEL && level <= LevelFilter::current()
}

/// The full check, once [`level_enabled`] passed: the callsite's cached
/// interest, then (only for `sometimes`) the current subscriber's verdict.
#[inline]
pub fn callsite_enabled(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
) -> bool {
    let interest = callsite.interest();
    if interest.is_never() {
        false
    } else if interest.is_always() {
        true
    } else {
        tracing_core::dispatcher::get_default(|current| current.enabled(meta))
    }
}

/// Emits an event (the `ret`/`err` events of `#[instrument]`) if enabled.
#[inline]
pub fn event(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
    value: &dyn Value,
) {
    if level_enabled(*meta.level()) && callsite_enabled(callsite, meta) {
        emit(meta, value);
    }
}

#[inline(never)]
fn emit(meta: &'static Metadata<'static>, value: &dyn Value) {
    let values = [Some(value)];
    Event::dispatch(meta, &meta.fields().value_set_all(&values));
}

/// Borrows a field value as `&dyn Value`.
#[inline]
pub fn value<T: Value>(value: &T) -> &dyn Value {
    value
}

/// Makes `impl Future` capture the lifetimes in `T` on edition 2021, where
/// return-position `impl Trait` does not capture elided lifetimes by itself.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// The function's value, for `outcome`: `ok`, or `err` for a `Result`'s
/// `Err`. `(&OutcomeOf(&value)).outcome()` picks [`ResultOutcome`] for a
/// `Result` and [`AnyOutcome`] for any other type (method resolution tries
/// the receiver as it is before borrowing it again).
pub struct OutcomeOf<'a, T: ?Sized>(pub &'a T);

/// The outcome of a function that returned a `Result`.
pub trait ResultOutcome {
    fn outcome(&self) -> &'static str;
}

impl<T, E> ResultOutcome for OutcomeOf<'_, Result<T, E>> {
    #[inline]
    fn outcome(&self) -> &'static str {
        match self.0 {
            Ok(_) => "ok",
            Err(_) => "err",
        }
    }
}

/// The outcome of a function that returned anything else.
pub trait AnyOutcome {
    #[inline]
    fn outcome(&self) -> &'static str {
        "ok"
    }
}

impl<T: ?Sized> AnyOutcome for &OutcomeOf<'_, T> {}

/// Records `panicked` in a sync function's `outcome` field if the function
/// unwinds; `finish` records how it returned instead.
pub struct OutcomeGuard<'a> {
    span: &'a Span,
    /// Already unwinding when the function was called (from a destructor):
    /// its own panics cannot be told apart, so none is recorded.
    unwinding: bool,
    done: bool,
}

impl<'a> OutcomeGuard<'a> {
    #[inline]
    pub fn new(span: &'a Span) -> Self {
        OutcomeGuard {
            span,
            unwinding: std::thread::panicking(),
            done: false,
        }
    }

    /// Records `outcome`, once.
    #[inline]
    pub fn finish(mut self, outcome: &'static str) {
        self.span.record("outcome", outcome);
        self.done = true;
    }
}

impl Drop for OutcomeGuard<'_> {
    fn drop(&mut self) {
        if !self.done && !self.unwinding && std::thread::panicking() {
            self.span.record("outcome", "panicked");
        }
    }
}

/// Instruments the stream a function returns: its span is entered around
/// every `poll_next` and while the stream is dropped, and closes with it.
#[cfg(feature = "stream")]
#[inline]
pub fn instrument_stream<S: futures_core::Stream>(span: Span, stream: S) -> crate::Instrumented<S> {
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
pub fn instrument_stream<S>(span: Span, stream: S) -> S {
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

pub use std::boxed::Box;

/// Calls `f` once. A sync body with `ret`/`err` runs in a closure so that
/// every return is seen; taking it as `FnOnce` lets it return borrows of
/// captured `&mut` arguments.
#[inline]
pub fn call_once<R>(f: impl FnOnce() -> R) -> R {
    f()
}
