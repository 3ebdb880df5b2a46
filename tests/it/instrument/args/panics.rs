//! A panic in a function instrumented with `outcome`, `err` or `err(Error)`
//! is an error in the trace: an `ERROR` event in the function's span, whose
//! `error` is `panicked: <message>` (when the payload is a string; else
//! `panicked`), recorded before the span closes; then the panic goes on.
//! On sync fns, `async fn`s (first poll and later polls), future returners
//! with a sync prelude (boxed, with an early return, and not), and spawned
//! tasks on both runtimes. Without those arguments a panic records nothing.

use std::future::Future;
use std::panic::{catch_unwind, panic_any, AssertUnwindSafe};
use std::pin::Pin;

use instrument_runtime::{instrument, Level};
use instrument_tests::{both_runtimes, poll_once, record, Action, FieldValue, Recorder, VisitKind};
use tokio::task::yield_now;

/// The `error` of every `ERROR` event, by the span it happened in; each
/// event must come before its span closes.
fn panic_events(rec: &Recorder) -> Vec<(&'static str, String)> {
    let actions = rec.actions();
    rec.events_with_field("error")
        .into_iter()
        .map(|event| {
            assert_eq!(event.level, Level::ERROR, "{event:?}");
            assert_eq!(
                event.values["error"],
                FieldValue::new(VisitKind::Debug, event.fields["error"].clone()),
                "recorded with `Display`, as `err` records"
            );
            let emitted = actions
                .iter()
                .position(|a| matches!(a, Action::Event { event: e } if *e == event.index))
                .expect("the event was recorded");
            let closed = actions
                .iter()
                .position(
                    |a| matches!(a, Action::Close { span } if *span == event.chain_indices[0]),
                )
                .expect("the span closed");
            assert!(emitted < closed, "{event:?} after its span closed");
            (event.chain[0], event.fields["error"].clone())
        })
        .collect()
}

#[derive(Debug)]
struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failure")
    }
}

impl std::error::Error for Failure {}

#[instrument(err)]
fn sync_err(n: u32) -> Result<u32, String> {
    assert!(n < 3, "n is {n}");
    Ok(n)
}

#[instrument(err(Error))]
fn sync_err_error(n: u32) -> Result<u32, Failure> {
    assert!(n != 7, "a &str payload");
    Ok(n)
}

#[instrument(outcome)]
fn sync_outcome(code: i32) -> i32 {
    if code != 0 {
        panic_any(code);
    }
    code
}

#[instrument(ret)]
fn sync_ret_only(n: u32) -> u32 {
    assert!(n < 3, "not recorded");
    n
}

#[instrument]
fn sync_plain(n: u32) -> u32 {
    assert!(n < 3, "not recorded");
    n
}

#[test]
fn a_panicking_sync_fn_records_an_error_event_in_its_span() {
    let ((), rec) = record(|| {
        assert_eq!(sync_err(1), Ok(1));
        assert!(catch_unwind(|| sync_err(3)).is_err());
        assert!(catch_unwind(|| sync_err_error(7)).is_err());
        assert!(catch_unwind(|| sync_outcome(42)).is_err());
        assert!(catch_unwind(|| sync_ret_only(5)).is_err());
        assert!(catch_unwind(|| sync_plain(5)).is_err());
    });
    assert_eq!(
        panic_events(&rec),
        [
            ("sync_err", "panicked: n is 3".to_owned()),
            ("sync_err_error", "panicked: a &str payload".to_owned()),
            // Not a string: no message.
            ("sync_outcome", "panicked".to_owned()),
        ]
    );
    assert_eq!(rec.outcomes("sync_outcome"), ["panicked"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[instrument(err)]
async fn async_err(panic_at: u32) -> Result<u32, String> {
    assert!(panic_at != 1, "in the first poll");
    yield_now().await;
    assert!(panic_at != 2, "after an await");
    Ok(panic_at)
}

#[instrument(outcome)]
fn prelude(panic: bool) -> impl Future<Output = u32> {
    assert!(!panic, "in the prelude");
    async { 1 }
}

#[instrument(err)]
fn boxed_prelude(n: u32) -> Pin<Box<dyn Future<Output = Result<u32, String>> + Send>> {
    assert!(n != 1, "in the boxed prelude");
    if n == 0 {
        // Leaves the prelude already instrumented.
        return Box::pin(async { Err("early".to_owned()) });
    }
    Box::pin(async move {
        yield_now().await;
        assert!(n != 2, "in the boxed future");
        Ok(n)
    })
}

/// Polls `fut` to its end on this thread, catching a panic.
fn run<F: Future>(fut: F) -> std::thread::Result<F::Output> {
    let mut fut = Box::pin(fut);
    catch_unwind(AssertUnwindSafe(|| loop {
        if let std::task::Poll::Ready(out) = poll_once(fut.as_mut()) {
            return out;
        }
    }))
}

#[test]
fn a_panicking_future_records_an_error_event_in_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        assert!(run(async_err(1)).is_err());
        assert!(run(async_err(2)).is_err());
        assert_eq!(run(async_err(3)).unwrap(), Ok(3));
        assert!(catch_unwind(|| prelude(true)).is_err());
        assert_eq!(run(prelude(false)).unwrap(), 1);
        assert!(catch_unwind(|| boxed_prelude(1)).is_err());
        assert!(run(boxed_prelude(2)).is_err());
        assert_eq!(run(boxed_prelude(0)).unwrap(), Err("early".to_owned()));
        assert_eq!(run(boxed_prelude(5)).unwrap(), Ok(5));
    });
    let events = panic_events(&rec);
    assert_eq!(
        events,
        [
            ("async_err", "panicked: in the first poll".to_owned()),
            ("async_err", "panicked: after an await".to_owned()),
            ("prelude", "panicked: in the prelude".to_owned()),
            ("boxed_prelude", "panicked: in the boxed prelude".to_owned()),
            ("boxed_prelude", "panicked: in the boxed future".to_owned()),
            // The early return's `Err`, recorded by `err` as usual.
            ("boxed_prelude", "early".to_owned()),
        ]
    );
    assert_eq!(rec.outcomes("prelude"), ["panicked", "ok"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_panicking_spawned_task_records_an_error_event_on_both_runtimes() {
    for (runtime, rec, rt) in both_runtimes() {
        rec.block_on(&rt, async {
            let joined = tokio::spawn(async_err(2)).await;
            assert!(joined.unwrap_err().is_panic(), "{runtime}");
        });
        assert_eq!(
            panic_events(&rec),
            [("async_err", "panicked: after an await".to_owned())],
            "{runtime}"
        );
        rec.assert_all_closed_once();
    }
}
