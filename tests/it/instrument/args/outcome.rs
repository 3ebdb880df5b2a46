//! `outcome`: the span field `outcome`, recorded once, just before the span
//! closes: `ok`, `err` (a `Result`'s `Err`, told apart by the value's type),
//! `cancelled` (a future dropped after its first poll; for a future returner
//! with a sync prelude, also before it), `panicked`. On sync fns, `async fn`s
//! and future returners of both body shapes (only an async block, boxed or
//! not, and a sync prelude); nothing for a future dropped before the first
//! poll that opens its span; panics caught by `catch_unwind` and by tokio in
//! spawned tasks, on both runtimes.

use std::future::{pending, Future};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;

use instrument_runtime::instrument;
use instrument_tests::{both_runtimes, poll_once, record, FieldValue, Recorder, VisitKind};
use tokio::task::yield_now;

/// The trace lines about the span `name` (`new NAME`, `record NAME ..`, ..).
fn span_trace(rec: &Recorder, name: &str) -> Vec<String> {
    rec.trace()
        .into_iter()
        .filter(|line| line.split_whitespace().nth(1) == Some(name))
        .collect()
}

// ---------------------------------------------------------------- sync

#[instrument(outcome)]
fn sync_value(x: u32) -> u32 {
    x + 1
}

#[instrument(outcome)]
fn sync_unit() {}

#[instrument(outcome)]
fn sync_result(input: &str) -> Result<u32, std::num::ParseIntError> {
    if input.is_empty() {
        return Ok(0);
    }
    let n: u32 = input.parse()?;
    Ok(n)
}

#[instrument(outcome)]
fn sync_io(fail: bool) -> std::io::Result<()> {
    if fail {
        Err(std::io::Error::other("io failed"))
    } else {
        Ok(())
    }
}

/// Generic over its return type: not a `Result` as declared, so `ok`
/// whatever it is instantiated with.
#[instrument(outcome, skip(value))]
fn sync_generic<T>(value: T) -> T {
    value
}

#[instrument(outcome)]
fn sync_panics(x: u32) -> u32 {
    assert!(x == 0, "sync body panicked");
    x
}

#[test]
fn sync_fns_record_ok_err_and_panicked() {
    let ((), rec) = record(|| {
        assert_eq!(sync_value(1), 2);
        sync_unit();
        assert_eq!(sync_result(""), Ok(0));
        assert_eq!(sync_result("12"), Ok(12));
        assert!(sync_result("x").is_err());
        assert!(sync_io(false).is_ok());
        assert!(sync_io(true).is_err());
        assert_eq!(sync_generic(Err::<u32, &str>("e")), Err("e"));
        assert_eq!(sync_panics(0), 0);
        assert!(catch_unwind(|| sync_panics(1)).is_err());
    });
    assert_eq!(rec.outcomes("sync_value"), ["ok"]);
    assert_eq!(rec.outcomes("sync_unit"), ["ok"]);
    assert_eq!(rec.outcomes("sync_result"), ["ok", "ok", "err"]);
    assert_eq!(rec.outcomes("sync_io"), ["ok", "err"]);
    assert_eq!(rec.outcomes("sync_generic"), ["ok"]);
    assert_eq!(rec.outcomes("sync_panics"), ["ok", "panicked"]);

    // A declared field, empty when the span opens, recorded as a string just
    // before the span is exited for the last time and closes.
    let span = rec.span_named("sync_value");
    assert_eq!(span.declared, ["x", "outcome"]);
    assert_eq!(
        span.values["outcome"],
        FieldValue::new(VisitKind::Str, "ok")
    );
    assert_eq!(
        span_trace(&rec, "sync_value"),
        [
            "new sync_value",
            "enter sync_value",
            "record sync_value outcome=ok",
            "exit sync_value",
            "close sync_value",
        ]
    );
    assert_eq!(
        span_trace(&rec, "sync_panics")[5..],
        [
            "new sync_panics",
            "enter sync_panics",
            "record sync_panics outcome=panicked",
            "exit sync_panics",
            "close sync_panics",
        ]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- futures

/// How the shared body ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Ok,
    Err,
    /// Never completes: the future can only be cancelled.
    Pending,
    /// Panics in the second poll, after an await.
    Panic,
}

/// The body every future shape awaits: pending once, then ends as told.
async fn end(how: End) -> Result<u32, String> {
    yield_now().await;
    match how {
        End::Ok => Ok(1),
        End::Err => Err("failed".to_owned()),
        End::Pending => pending().await,
        End::Panic => panic!("async body panicked"),
    }
}

#[instrument(outcome)]
async fn async_fn(how: End) -> Result<u32, String> {
    end(how).await
}

#[instrument(outcome)]
fn only_async_block(how: End) -> impl Future<Output = Result<u32, String>> {
    async move { end(how).await }
}

#[instrument(outcome)]
fn only_boxed_async_block(how: End) -> Pin<Box<dyn Future<Output = Result<u32, String>> + Send>> {
    Box::pin(async move { end(how).await })
}

#[instrument(outcome)]
fn with_prelude(how: End) -> impl Future<Output = Result<u32, String>> {
    tracing::info!("prelude");
    end(how)
}

#[instrument(outcome)]
fn boxed_with_prelude(how: End) -> Pin<Box<dyn Future<Output = Result<u32, String>> + Send>> {
    tracing::info!("boxed prelude");
    Box::pin(async move { end(how).await })
}

type Shape = fn(End) -> Pin<Box<dyn Future<Output = Result<u32, String>> + Send>>;

/// Every future shape, by the name of its span, and whether its span opens
/// at the call (a sync prelude) rather than at the first poll.
fn shapes() -> [(&'static str, bool, Shape); 5] {
    [
        ("async_fn", false, |how| Box::pin(async_fn(how))),
        ("only_async_block", false, |how| {
            Box::pin(only_async_block(how))
        }),
        ("only_boxed_async_block", false, only_boxed_async_block),
        ("with_prelude", true, |how| Box::pin(with_prelude(how))),
        ("boxed_with_prelude", true, boxed_with_prelude),
    ]
}

/// Calls `shape(how)` and polls the future by hand, with `rec` the default
/// dispatcher, until it is ready, panics, or has been polled `polls` times;
/// then drops it.
fn drive(rec: &Recorder, shape: Shape, how: End, polls: usize) {
    rec.with_default(|| {
        let mut fut = shape(how);
        for _ in 0..polls {
            match catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut()))) {
                Ok(std::task::Poll::Pending) => {}
                Ok(std::task::Poll::Ready(_)) | Err(_) => break,
            }
        }
        drop(fut);
    });
}

#[test]
fn futures_record_ok_err_cancelled_and_panicked() {
    for (name, _, shape) in shapes() {
        for (how, expected) in [
            (End::Ok, "ok"),
            (End::Err, "err"),
            (End::Pending, "cancelled"),
            (End::Panic, "panicked"),
        ] {
            let (_, rec) = Recorder::new();
            // Pending at the `yield_now`, then ends (or stays pending).
            drive(&rec, shape, how, 3);
            assert_eq!(rec.outcomes(name), [expected], "{name}, {how:?}\n{rec:?}");
            rec.assert_all_closed_once();
            rec.assert_enters_balanced();
        }
    }
}

#[test]
fn a_future_dropped_before_its_first_poll_records_only_if_its_span_opened() {
    for (name, opens_at_call, shape) in shapes() {
        let (_, rec) = Recorder::new();
        drive(&rec, shape, End::Ok, 0);
        if opens_at_call {
            // The prelude ran in the span: the future is cancelled.
            assert_eq!(rec.outcomes(name), ["cancelled"], "{name}\n{rec:?}");
        } else {
            assert!(rec.is_empty(), "{name}: no span, nothing recorded\n{rec:?}");
        }
        rec.assert_all_closed_once();
    }
}

#[test]
fn a_panic_in_the_first_poll_records_panicked() {
    #[instrument(outcome)]
    async fn panics_at_once(x: u32) -> u32 {
        assert!(x == 0, "panicked in the first poll");
        x
    }

    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let mut fut = Box::pin(panics_at_once(1));
        assert!(catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut()))).is_err());
    });
    assert_eq!(rec.outcomes("panics_at_once"), ["panicked"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_panicking_spawned_task_records_panicked_on_both_runtimes() {
    for (runtime, rec, rt) in both_runtimes() {
        rec.block_on(&rt, async {
            for (_, _, shape) in shapes() {
                let joined = tokio::spawn(shape(End::Panic)).await;
                assert!(joined.unwrap_err().is_panic(), "{runtime}");
                let joined = tokio::spawn(shape(End::Ok)).await;
                assert_eq!(joined.unwrap(), Ok(1), "{runtime}");
            }
        });
        for (name, _, _) in shapes() {
            assert_eq!(
                rec.outcomes(name),
                ["panicked", "ok"],
                "{name} on {runtime}\n{rec:?}"
            );
        }
        rec.assert_all_closed_once();
    }
}

#[instrument(outcome)]
fn prelude_panics(x: u32) -> impl Future<Output = u32> {
    assert!(x == 0, "prelude panicked");
    std::future::ready(x)
}

#[test]
fn a_panic_in_a_sync_prelude_records_panicked() {
    let ((), rec) = record(|| {
        assert!(catch_unwind(|| prelude_panics(1)).is_err());
    });
    assert_eq!(rec.outcomes("prelude_panics"), ["panicked"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[instrument(outcome, ret, err)]
async fn with_ret_and_err(fail: bool) -> Result<u32, String> {
    yield_now().await;
    if fail {
        Err("bad".to_owned())
    } else {
        Ok(3)
    }
}

#[test]
fn outcome_beside_ret_and_err() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        assert_eq!(with_ret_and_err(false).await, Ok(3));
        assert!(with_ret_and_err(true).await.is_err());
    });
    assert_eq!(rec.outcomes("with_ret_and_err"), ["ok", "err"]);
    assert_eq!(rec.events_with_field("return")[0].fields["return"], "3");
    assert_eq!(rec.events_with_field("error")[0].fields["error"], "bad");
    // The events come first, then the outcome, then the span closes.
    let trace = span_trace(&rec, "with_ret_and_err");
    assert_eq!(
        trace[trace.len() - 3..],
        [
            "record with_ret_and_err outcome=err",
            "exit with_ret_and_err",
            "close with_ret_and_err",
        ]
    );
    rec.assert_all_closed_once();
}
