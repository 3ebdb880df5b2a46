//! What generated code calls. Not public API: no stability promises.
//!
//! Generated code names only `<root>::__private::...`, so the user's crate
//! needs no other dependency and may shadow `core`, `std`, `Option` or
//! `Result` without breaking it.

use core::fmt;

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

pub use crate::instrument::{
    AsyncFn, Caller, NeverStarts, Started, caller_span, running, started, started_with,
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

/// Records a value with its `Debug` implementation. The only bound is on
/// this function (the returned type holds for every `T`), so a value that is
/// not `Debug` gives exactly one error, at the value.
#[inline]
pub fn debug<T: RecordDebug>(value: &T) -> DebugValue<&dyn fmt::Debug> {
    tracing_core::field::debug(value)
}

/// Records a value with its `Display` implementation (see [`debug`]).
#[inline]
pub fn display<T: RecordDisplay>(value: &T) -> DisplayValue<&dyn fmt::Display> {
    tracing_core::field::display(value)
}

/// `Debug`, under a name that gives a clear error when a recorded argument
/// or return value is not `Debug`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded: it does not implement `Debug`",
    label = "recorded with `Debug` here",
    note = "leave it out with `#[instrument(skip(..))]`, or record part of it with `fields(..)`"
)]
pub trait RecordDebug: fmt::Debug {}

impl<T: fmt::Debug + ?Sized> RecordDebug for T {}

/// `Display`, under a name that gives a clear error for `err(Display)` and
/// `%` fields on values that are not `Display`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded with `Display`: it does not implement it",
    label = "recorded with `Display` here",
    note = "use `Debug` instead: `err(Debug)`, `ret(Debug)` or `?` in `fields(..)`"
)]
pub trait RecordDisplay: fmt::Display {}

impl<T: fmt::Display + ?Sized> RecordDisplay for T {}

/// Makes `impl Future` capture the lifetimes in `T` on edition 2021, where
/// return-position `impl Trait` does not capture elided lifetimes by itself.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// Borrows a returned `Result` for the `ret`/`err` events. Taking
/// `&Result<T, E>` (no trait, no projection) makes a function that returns
/// something else one "expected `Result`" error at its return type.
#[inline]
pub fn as_result<T, E>(result: &Result<T, E>) -> Result<&T, &E> {
    result.as_ref()
}

/// Records the returned value of `ret` with `Debug`.
#[inline]
pub fn ret_debug<T: RecordReturn>(value: &T) -> DebugValue<&dyn fmt::Debug> {
    tracing_core::field::debug(value)
}

/// Records the returned value of `ret(Display)`.
#[inline]
pub fn ret_display<T: RecordReturnDisplay>(value: &T) -> DisplayValue<&dyn fmt::Display> {
    tracing_core::field::display(value)
}

/// Records the error of `err` with `Display`.
#[inline]
pub fn err_display<T: RecordError>(value: &T) -> DisplayValue<&dyn fmt::Display> {
    tracing_core::field::display(value)
}

/// Records the error of `err(Debug)`.
#[inline]
pub fn err_debug<T: RecordErrorDebug>(value: &T) -> DebugValue<&dyn fmt::Debug> {
    tracing_core::field::debug(value)
}

/// `Debug`, named for `ret`'s error message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded by `ret`: it does not implement `Debug`",
    label = "the returned value is recorded with `Debug`",
    note = "remove `ret`, or use `ret(Display)` if it implements `Display`"
)]
pub trait RecordReturn: fmt::Debug {}

impl<T: fmt::Debug + ?Sized> RecordReturn for T {}

/// `Display`, named for `ret(Display)`'s error message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded by `ret(Display)`: it does not implement `Display`",
    label = "the returned value is recorded with `Display`",
    note = "use `ret` to record it with `Debug`"
)]
pub trait RecordReturnDisplay: fmt::Display {}

impl<T: fmt::Display + ?Sized> RecordReturnDisplay for T {}

/// `Display`, named for `err`'s error message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded by `err`: it does not implement `Display`",
    label = "the error is recorded with `Display`",
    note = "use `err(Debug)` to record it with `Debug`"
)]
pub trait RecordError: fmt::Display {}

impl<T: fmt::Display + ?Sized> RecordError for T {}

/// `Debug`, named for `err(Debug)`'s error message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded by `err(Debug)`: it does not implement `Debug`",
    label = "the error is recorded with `Debug`",
    note = "use `err` to record it with `Display`"
)]
pub trait RecordErrorDebug: fmt::Debug {}

impl<T: fmt::Debug + ?Sized> RecordErrorDebug for T {}

pub use std::boxed::Box;
