//! Panics: in a sync body, in an async body at its first poll and after an
//! await, in a `fields(..)` expression, and in the `Debug` impl of a recorded
//! argument or returned value. Afterwards the thread's current span is the one
//! that was current before (checked after `catch_unwind`, and in the next task
//! on the same current-thread runtime or single worker), every enter has its
//! exit, and every span our code opened is closed exactly once.

use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::{pin, Pin};

use instrument_runtime::{info_span, instrument, Instrument, Span};
use instrument_tests::{current_name, poll_once, Recorder};
use tokio::task::yield_now;

#[instrument]
fn sync_panics(x: u64) -> u64 {
    tracing::info!("sync before panic");
    assert_eq!(x, 0, "sync body");
    x
}

#[instrument(ret, err)]
fn sync_panics_with_ret(x: u64) -> Result<u64, String> {
    tracing::info!("sync ret before panic");
    assert_eq!(x, 0, "sync body with ret");
    Ok(x)
}

#[instrument]
async fn panics_at_first_poll(x: u64) -> u64 {
    tracing::info!("first poll before panic");
    assert_eq!(x, 0, "async body at first poll");
    yield_now().await;
    x
}

#[instrument]
async fn panics_after_await(x: u64) -> u64 {
    tracing::info!("before await");
    yield_now().await;
    tracing::info!("after await, before panic");
    assert_eq!(x, 0, "async body after an await");
    x
}

#[instrument]
fn prelude_panics(x: u64) -> impl Future<Output = u64> {
    tracing::info!("prelude before panic");
    assert!(x == 0, "sync prelude");
    async move { x }
}

#[instrument]
fn boxed_panics_after_await(x: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        yield_now().await;
        tracing::info!("boxed after await, before panic");
        assert!(x == 0, "boxed body after an await");
        x
    })
}

fn boom() -> u64 {
    panic!("field expression")
}

#[instrument(fields(bad = boom()))]
fn field_panics_sync() {
    unreachable!("the span opens before the body");
}

#[instrument(fields(bad = boom()))]
async fn field_panics_async() {
    unreachable!("the span opens before the body");
}

#[instrument(fields(bad = boom()))]
fn field_panics_prelude() -> impl Future<Output = ()> {
    tracing::info!("a prelude: the span opens at the call");
    async { unreachable!("the span opens before the body") }
}

/// A value whose `Debug` panics: recording it panics inside the subscriber.
struct PanicsInDebug;

impl fmt::Debug for PanicsInDebug {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("Debug impl of a recorded value")
    }
}

#[instrument]
fn debug_panics_sync(arg: &PanicsInDebug) {
    unreachable!("the span opens before the body");
}

#[instrument]
async fn debug_panics_async(arg: PanicsInDebug) {
    unreachable!("the span opens before the body");
}

#[instrument(ret)]
async fn ret_debug_panics() -> PanicsInDebug {
    tracing::info!("returning");
    yield_now().await;
    PanicsInDebug
}

#[instrument(ret)]
fn ret_debug_panics_sync() -> PanicsInDebug {
    tracing::info!("returning sync");
    PanicsInDebug
}

/// The future as a task of unit output, created now (where the caller's
/// span is current).
fn unit<F: Future + Send + 'static>(fut: F) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move {
        fut.await;
    })
}

/// Runs `f` inside an entered `outer` span, catching its panic, and checks
/// that `outer` is current again afterwards.
fn panics_inside_outer(rec: &Recorder, f: impl FnOnce()) {
    rec.with_default(|| {
        let outer = info_span!("outer");
        let entered = outer.enter();
        let caught = catch_unwind(AssertUnwindSafe(f));
        assert!(caught.is_err(), "expected a panic");
        assert_eq!(Span::current(), outer, "the span stack after the panic");
        drop(entered);
        assert!(Span::current().is_none());
    });
}

#[test]
fn panic_in_a_sync_body() {
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || {
        sync_panics(1);
    });
    assert_eq!(
        rec.event_with_message("sync before panic").chain,
        ["sync_panics", "outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || {
        let _ = sync_panics_with_ret(1);
    });
    assert_eq!(
        rec.event_with_message("sync ret before panic").chain,
        ["sync_panics_with_ret", "outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn panic_in_a_sync_prelude() {
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || drop(prelude_panics(1)));
    assert_eq!(
        rec.event_with_message("prelude before panic").chain,
        ["prelude_panics", "outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn panic_in_an_async_body_polled_by_hand() {
    for after_await in [false, true] {
        let (_, rec) = Recorder::new();
        rec.with_default(|| {
            let outer = info_span!("outer");
            let mut fut = pin!(outer.in_scope(|| {
                if after_await {
                    Box::pin(panics_after_await(1)) as Pin<Box<dyn Future<Output = u64>>>
                } else {
                    Box::pin(panics_at_first_poll(1))
                }
            }));
            let entered = outer.enter();
            if after_await {
                assert!(poll_once(fut.as_mut()).is_pending());
                assert_eq!(Span::current(), outer);
            }
            let caught = catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut())));
            assert!(caught.is_err(), "expected a panic");
            assert_eq!(Span::current(), outer, "the span stack after the panic");
            drop(entered);
            assert!(Span::current().is_none());
        });
        // The panicked future was dropped (inside its span) after the panic.
        let name = if after_await {
            "panics_after_await"
        } else {
            "panics_at_first_poll"
        };
        let span = rec.span_named(name);
        assert_eq!(span.parent, Some("outer"));
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

/// What the next task sees after a panicking one, on the same thread.
#[derive(Debug, PartialEq)]
struct Next {
    current: Option<&'static str>,
}

/// Spawns `panicking` from inside `outer` on `rt`, checks that the task
/// panicked, and that the next task on the runtime and the spawning future
/// see the span they should.
fn spawn_panicking_task(
    rec: &Recorder,
    rt: &tokio::runtime::Runtime,
    panicking: impl FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send>>,
) {
    rec.block_on(rt, async {
        let outer = info_span!("outer");
        let handle = outer.in_scope(|| tokio::spawn(panicking()));
        let error = handle.await.unwrap_err();
        assert!(error.is_panic(), "{error:?}");
        // The next task, on the same (only) thread, runs in no span.
        let next = tokio::spawn(async {
            tracing::info!("next task");
            Next {
                current: current_name(),
            }
        })
        .await
        .unwrap();
        assert_eq!(next, Next { current: None });
        // The spawning future is in no span either, and `outer` is intact.
        assert!(Span::current().is_none());
        async { assert_eq!(current_name(), Some("outer")) }
            .instrument(outer)
            .await;
    });
    for next in rec.events_with_message("next task") {
        assert!(next.chain.is_empty(), "{next:?}");
    }
}

/// Both runtimes on which the next task runs on the thread that panicked.
fn single_thread_runtimes(rec: &Recorder) -> [tokio::runtime::Runtime; 2] {
    [rec.current_thread_runtime(), rec.multi_thread_runtime(1)]
}

#[test]
fn panic_in_a_spawned_async_body_at_first_poll_and_after_an_await() {
    type Make = fn() -> Pin<Box<dyn Future<Output = ()> + Send>>;
    let cases: [(&str, Make, &str); 3] = [
        (
            "panics_at_first_poll",
            || unit(panics_at_first_poll(1)),
            "first poll before panic",
        ),
        (
            "panics_after_await",
            || unit(panics_after_await(1)),
            "after await, before panic",
        ),
        (
            "boxed_panics_after_await",
            || unit(boxed_panics_after_await(1)),
            "boxed after await, before panic",
        ),
    ];
    for (name, make, message) in cases {
        let (_, rec) = Recorder::new();
        for rt in single_thread_runtimes(&rec) {
            spawn_panicking_task(&rec, &rt, make);
            drop(rt);
        }
        let spans = rec.spans_named(name);
        assert_eq!(spans.len(), 2, "{rec:?}");
        for span in &spans {
            assert_eq!(span.parent, Some("outer"), "{rec:?}");
        }
        let events = rec.events_with_message(message);
        assert_eq!(events.len(), 2);
        for event in events {
            assert_eq!(event.chain, [name, "outer"]);
        }
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

#[test]
fn panic_in_a_field_expression() {
    // Sync: the field is evaluated at the call, before the span exists.
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, field_panics_sync);
    panics_inside_outer(&rec, || drop(field_panics_prelude()));
    assert_eq!(
        rec.spans().iter().map(|s| s.name).collect::<Vec<_>>(),
        ["outer", "outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    // Async: evaluated at the first poll, where a worker has re-entered the
    // caller's span as the parent; that entry must be undone.
    let (_, rec) = Recorder::new();
    for rt in single_thread_runtimes(&rec) {
        spawn_panicking_task(&rec, &rt, || Box::pin(field_panics_async()));
        drop(rt);
    }
    // Polled by hand inside `outer`, too.
    panics_inside_outer(&rec, || {
        let mut fut = pin!(field_panics_async());
        let _ = poll_once(fut.as_mut());
    });
    assert!(rec.spans_named("field_panics_async").is_empty());
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn panic_in_the_debug_impl_of_a_returned_value() {
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || {
        ret_debug_panics_sync();
    });
    for rt in single_thread_runtimes(&rec) {
        spawn_panicking_task(&rec, &rt, || unit(ret_debug_panics()));
        drop(rt);
    }
    assert_eq!(rec.spans_named("ret_debug_panics").len(), 2);
    for event in rec.events_with_message("returning") {
        assert_eq!(event.chain, ["ret_debug_panics", "outer"]);
    }
    assert_eq!(
        rec.event_with_message("returning sync").chain,
        ["ret_debug_panics_sync", "outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

/// The spans still open, by name.
fn unclosed(rec: &Recorder) -> Vec<&'static str> {
    rec.spans()
        .iter()
        .filter(|s| s.closed != 1)
        .map(|s| s.name)
        .collect()
}

#[test]
fn panic_in_the_debug_impl_of_a_recorded_argument() {
    // The subscriber formats the argument while it creates the span, so the
    // panic unwinds out of `new_span`: our code has entered nothing and holds
    // nothing yet, and must leave the span stack as it was.
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || debug_panics_sync(&PanicsInDebug));
    for rt in single_thread_runtimes(&rec) {
        // Polled where nothing is current: the caller's `outer` is re-entered
        // as the parent while the span opens, and must be exited.
        spawn_panicking_task(&rec, &rt, || Box::pin(debug_panics_async(PanicsInDebug)));
        drop(rt);
    }
    panics_inside_outer(&rec, || {
        let mut fut = pin!(debug_panics_async(PanicsInDebug));
        let _ = poll_once(fut.as_mut());
    });
    rec.assert_enters_balanced();
    // No span of ours was recorded. The four `outer`s stay open: the
    // `Registry` allocated the child span (holding a reference to its parent)
    // before the recording layer panicked, and nothing can close it; see
    // `a_tracing_span_with_a_panicking_field_keeps_its_parent_open_too`.
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(names, ["outer"; 4]);
    assert_eq!(unclosed(&rec), ["outer"; 4]);

    // Without a parent to hold on to, nothing at all stays open.
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let caught = catch_unwind(|| debug_panics_sync(&PanicsInDebug));
        assert!(caught.is_err());
        assert!(Span::current().is_none());
    });
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let error = tokio::spawn(debug_panics_async(PanicsInDebug))
            .await
            .unwrap_err();
        assert!(error.is_panic());
        assert_eq!(tokio::spawn(async { current_name() }).await.unwrap(), None);
    });
    drop(rt);
    assert!(rec.spans().is_empty());
    rec.assert_all_closed_once();
}

#[test]
fn a_tracing_span_with_a_panicking_field_keeps_its_parent_open_too() {
    // The same panic through `tracing`'s own span macro: the parent stays
    // open, so this is the `Registry`'s doing (`Layered::new_span` creates
    // the span in the registry, then calls the layers).
    let (_, rec) = Recorder::new();
    panics_inside_outer(&rec, || {
        drop(tracing::info_span!("theirs", arg = ?PanicsInDebug));
    });
    rec.assert_enters_balanced();
    assert_eq!(unclosed(&rec), ["outer"]);
}
