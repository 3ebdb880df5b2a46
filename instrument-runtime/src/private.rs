//! What generated code names. Not public API: no stability promises.
//!
//! Generated code names only `<root>::__private::...` and the recording
//! helpers of `<root>::field` (which errors about a value name), so the
//! user's crate needs no other dependency and may shadow `core`, `std`,
//! `Option` or `Result` without breaking it. This module only re-exports:
//! each item lives in the module of its job.

pub use core::{concat, file, line, module_path, unreachable};
pub use core::{
    future::Future,
    option::Option::{self, None, Some},
    pin::Pin,
    result::Result::{self, Err, Ok},
};
pub use std::boxed::Box;

pub use tracing_core::{Kind, Level, Metadata, callsite::DefaultCallsite, field::FieldSet};

pub use instrument_macros::span as span_impl;

pub use crate::async_fn::{AsyncFn, Caller, End, caller_span};
pub use crate::enabled::{callsite_enabled, identify, level_enabled};
pub use crate::event::{Panicked, error_event, event, panic_event, value};
pub use crate::handoff::handoff;
pub use crate::outcome::{AnyOutcome, OutcomeOf, ResultOutcome};
pub use crate::span::Span;
#[cfg(not(feature = "stream"))]
pub use crate::support::StreamFeature;
pub use crate::support::{
    Captures, Prelude, call_catching, call_once, instrument_stream, streams_enabled,
};
