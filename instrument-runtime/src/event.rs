//! The events of `#[instrument]`: `ret`, `err`, and a panic, each emitted
//! through its own callsite, if enabled.
//!
//! What a trace backend makes of them is part of the design: with
//! `tracing-opentelemetry`, an `ERROR` event whose first field is `error`,
//! recorded with `Display` or `Debug`, becomes an `exception` event whose
//! `exception.message` and the span's error status are that text. So the
//! error of `err(Error)` is recorded that way too, its sources in a second
//! field `error.sources` (`[first, second]`, as fmt prints the sources of an
//! error); and a panic is an `ERROR` event whose `error` is `panicked:` and
//! the panic's message.

use core::fmt;
use std::any::Any;
use std::error::Error;

use tracing_core::callsite::DefaultCallsite;
use tracing_core::field::{Value, debug, display};
use tracing_core::{Event, Metadata};

use crate::enabled::{callsite_enabled, level_enabled};

/// Borrows a field value as `&dyn Value`.
#[inline]
pub fn value<T: Value>(value: &T) -> &dyn Value {
    value
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

/// Emits the event of `err(Error)`, whose callsite has the fields `error`
/// and `error.sources`, if enabled.
#[inline]
pub fn error_event(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
    error: &(dyn Error + 'static),
) {
    if level_enabled(*meta.level()) && callsite_enabled(callsite, meta) {
        emit_error(meta, error);
    }
}

#[inline(never)]
fn emit_error(meta: &'static Metadata<'static>, error: &(dyn Error + 'static)) {
    let message = display(error);
    let sources = error.source().map(|first| debug(Sources(first)));
    let values: [Option<&dyn Value>; 2] = [Some(&message), sources.as_ref().map(|s| s as _)];
    Event::dispatch(meta, &meta.fields().value_set_all(&values));
}

/// An error's sources, from `first` down, as `[first, second, ..]`.
struct Sources<'a>(&'a (dyn Error + 'static));

impl fmt::Debug for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        let mut next = Some(self.0);
        while let Some(error) = next {
            write!(f, "{error}")?;
            next = error.source();
            if next.is_some() {
                f.write_str(", ")?;
            }
        }
        f.write_str("]")
    }
}

/// A caught panic, shown as `panicked: <message>` when its payload is a
/// `&str` or a `String` (what `panic!` makes), else as `panicked`.
pub struct Panicked<'a>(pub(crate) &'a (dyn Any + Send));

impl Panicked<'_> {
    /// The panic's message, if its payload is a string.
    pub fn message(&self) -> Option<&str> {
        self.0
            .downcast_ref::<&'static str>()
            .copied()
            .or_else(|| self.0.downcast_ref::<String>().map(String::as_str))
    }
}

impl fmt::Display for Panicked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(message) => write!(f, "panicked: {message}"),
            None => f.write_str("panicked"),
        }
    }
}

/// Emits the `ERROR` event of a function that panicked (with `err`,
/// `err(Error)` or `outcome`), whose callsite has the field `error`, if
/// enabled.
#[cold]
#[inline(never)]
pub fn panic_event(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
    panic: &Panicked<'_>,
) {
    event(callsite, meta, &display(panic));
}
