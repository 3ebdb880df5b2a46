//! The `ret`/`err` events of `#[instrument]`: emitted through their own
//! callsite, if enabled.

use tracing_core::callsite::DefaultCallsite;
use tracing_core::field::Value;
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
