//! The static maximum level, as a user's binary sees it. `Cargo.toml` turns on
//! `max_level_info` and `release_max_level_debug`: spans and events above the
//! level that applies are compiled out, and `#[instrument]` whose span and
//! events are all above it leaves the plain function.
//!
//! Prints one line per case: for an `async fn`, whether its future is the
//! instrumented wrapper or the plain function's, then what a subscriber that
//! wants every level received while the case ran. `tests/it` compares it.

use std::any::type_name_of_val;
use std::fmt::{self, Write as _};
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::task::{Context, Waker};

use instrument_runtime::{debug_span, info_span, instrument, trace_span, Level};
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, Event, Metadata, Subscriber};

#[instrument(level = "error")]
async fn at_error() {}

#[instrument(level = "warn")]
async fn at_warn() {}

#[instrument(level = "info")]
async fn at_info() {}

#[instrument(level = "debug")]
async fn at_debug() {}

#[instrument(level = "trace")]
async fn at_trace() {}

#[instrument(level = Level::DEBUG)]
async fn at_debug_path() {}

const DEBUG: Level = Level::DEBUG;

/// A level the macro cannot read: only the runtime can tell.
#[instrument(level = DEBUG)]
async fn at_debug_constant() {}

#[instrument(level = "trace", ret(level = "error"))]
fn trace_span_error_ret() -> u8 {
    7
}

#[instrument(level = "trace", ret)]
fn trace_span_trace_ret() -> u8 {
    8
}

#[instrument(level = "debug", err)]
fn debug_span_err() -> Result<(), &'static str> {
    Err("failed")
}

fn main() {
    tracing_core::dispatcher::set_global_default(Dispatch::new(Everything(AtomicU64::new(1))))
        .expect("the only global default");
    println!("debug_assertions: {}", cfg!(debug_assertions));
    poll("at_error", at_error());
    poll("at_warn", at_warn());
    poll("at_info", at_info());
    poll("at_debug", at_debug());
    poll("at_trace", at_trace());
    poll("at_debug_path", at_debug_path());
    poll("at_debug_constant", at_debug_constant());
    call("trace_span_error_ret", || {
        assert_eq!(trace_span_error_ret(), 7)
    });
    call("trace_span_trace_ret", || {
        assert_eq!(trace_span_trace_ret(), 8)
    });
    call("debug_span_err", || assert!(debug_span_err().is_err()));
    call("info_span!", || drop(info_span!("info_span")));
    call("debug_span!", || drop(debug_span!("debug_span")));
    call("trace_span!", || drop(trace_span!("trace_span")));
}

/// Polls an `async fn`'s future (ready at once), then reports.
fn poll(case: &str, fut: impl Future<Output = ()>) {
    let wrapper = if type_name_of_val(&fut).contains("AsyncFn") {
        "instrumented"
    } else {
        "plain"
    };
    assert!(pin!(fut)
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready());
    report(&format!("{case}: {wrapper}"));
}

fn call(case: &str, f: impl FnOnce()) {
    f();
    report(&format!("{case}:"));
}

/// Prints `case` and what the subscriber received since the last report.
fn report(case: &str) {
    let received = std::mem::take(&mut *RECEIVED.lock().expect("not poisoned"));
    let mut line = case.to_owned();
    for what in received {
        let _ = write!(line, " [{what}]");
    }
    println!("{line}");
}

/// What the subscriber received, in order.
static RECEIVED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn receive(what: String) {
    RECEIVED.lock().expect("not poisoned").push(what);
}

/// Wants every level (and gives no level hint), so only the static maximum
/// level filters.
struct Everything(AtomicU64);

impl Subscriber for Everything {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        receive(format!("span {}", span.metadata().name()));
        Id::from_u64(self.0.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = String::new();
        event.record(&mut Fields(&mut fields));
        receive(format!("event {}{fields}", event.metadata().level()));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Writes ` name=value` for each field of an event.
struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}
