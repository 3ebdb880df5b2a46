//! Cancellation: instrumented futures of every shape dropped at every await
//! point, by `tokio::select!` with a losing branch, by `tokio::time::timeout`
//! over a never-ready future, by `JoinHandle::abort`, before their first
//! poll, and on another thread. In each case the function's span closes
//! exactly once, the events of locals dropped at cancellation land in it,
//! and nothing leaks.

use std::future::{pending, Future};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use instrument_runtime::{info_span, instrument, Instrument, Span};
use instrument_tests::{LogOnDrop, Recorder};
use tokio::sync::oneshot;
use tokio::task::yield_now;

/// The number of await points in the bodies below (each a `yield_now`),
/// before the final never-ready one.
const AWAITS: usize = 3;

/// The shared body: a guard, then one event and one await per step, then a
/// future that is never ready (the body cannot complete).
async fn body(name: &'static str, stop: usize) {
    let _guard = LogOnDrop(name);
    for step in 0..stop {
        tracing::info!(step, "step");
        yield_now().await;
    }
    tracing::info!(step = stop, "step");
    pending::<()>().await;
}

#[instrument]
async fn cancel_async(stop: usize) {
    body("cancel_async", stop).await;
}

#[instrument]
fn cancel_prelude(stop: usize) -> impl Future<Output = ()> {
    tracing::info!("prelude");
    let guard = LogOnDrop("cancel_prelude:prelude");
    async move {
        let _guard = guard;
        body("cancel_prelude", stop).await;
    }
}

#[instrument]
fn cancel_boxed(stop: usize) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move { body("cancel_boxed", stop).await })
}

#[instrument]
async fn cancel_inner(stop: usize) {
    body("cancel_inner", stop).await;
}

#[instrument]
async fn cancel_outer(stop: usize) {
    let _guard = LogOnDrop("cancel_outer");
    cancel_inner(stop).await;
}

/// A shape of instrumented future, by name.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Async,
    Prelude,
    Boxed,
    Manual,
    Nested,
}

const SHAPES: [Shape; 5] = [
    Shape::Async,
    Shape::Prelude,
    Shape::Boxed,
    Shape::Manual,
    Shape::Nested,
];

impl Shape {
    fn future(self, stop: usize) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        match self {
            Shape::Async => Box::pin(cancel_async(stop)),
            Shape::Prelude => Box::pin(cancel_prelude(stop)),
            Shape::Boxed => cancel_boxed(stop),
            Shape::Manual => {
                Box::pin(body("cancel_manual", stop).instrument(info_span!("cancel_manual", stop)))
            }
            Shape::Nested => Box::pin(cancel_outer(stop)),
        }
    }

    /// The innermost span of the body, and the chain of its events under
    /// the test's `test` span.
    fn chain(self) -> &'static [&'static str] {
        match self {
            Shape::Async => &["cancel_async", "test"],
            Shape::Prelude => &["cancel_prelude", "test"],
            Shape::Boxed => &["cancel_boxed", "test"],
            Shape::Manual => &["cancel_manual", "test"],
            Shape::Nested => &["cancel_inner", "cancel_outer", "test"],
        }
    }

    /// Whether the span exists before the first poll.
    fn opens_at_call(self) -> bool {
        matches!(self, Shape::Prelude | Shape::Manual)
    }
}

/// Ready after `n` polls, waking itself in between: the losing branch of a
/// `select!` that lets the other branch run `n` polls first.
struct AfterPolls(usize);

impl Future for AfterPolls {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            Poll::Ready(())
        } else {
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Checks what a future of `shape` recorded when it was cancelled after
/// emitting `steps` step events (so while suspended at await point `steps - 1`).
fn assert_cancelled(rec: &Recorder, shape: Shape, steps: usize) {
    let chain = shape.chain();
    let events = rec.events_with_message("step");
    let got: Vec<String> = events.iter().map(|e| e.fields["step"].clone()).collect();
    let want: Vec<String> = (0..steps).map(|s| s.to_string()).collect();
    assert_eq!(got, want, "{shape:?} after {steps} steps\n{rec:?}");
    for step in &events {
        assert_eq!(step.chain, chain, "{shape:?} after {steps} steps: {step:?}");
    }
    // The body's local is dropped at cancellation, inside the span.
    let dropped = rec.events_with_message("dropped");
    let body_drop = dropped
        .iter()
        .find(|e| e.fields["what"] == chain[0])
        .unwrap_or_else(|| panic!("{shape:?} after {steps} steps: no drop event\n{rec:?}"));
    assert_eq!(body_drop.chain, chain, "{shape:?} after {steps} steps");
    for event in &dropped {
        // Every guard (the prelude's, the outer body's) drops in its span.
        let expected: &[&str] = match event.fields["what"].as_str() {
            "cancel_outer" => &["cancel_outer", "test"],
            "cancel_prelude:prelude" => &["cancel_prelude", "test"],
            _ => chain,
        };
        assert_eq!(event.chain, expected, "{event:?}");
    }
    if let Shape::Nested = shape {
        assert!(dropped.iter().any(|e| e.fields["what"] == "cancel_outer"));
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn select_drops_at_every_await_point() {
    for shape in SHAPES {
        for polls in 1..=AWAITS + 1 {
            let (_, rec) = Recorder::new();
            let rt = rec.current_thread_runtime();
            rec.block_on(&rt, async {
                let test = info_span!("test");
                let fut = test.in_scope(|| shape.future(AWAITS));
                // `biased`: the future is polled first, `polls` times, then
                // the other branch wins and the future is dropped where it
                // is suspended: at a `yield_now`, or at the final `pending`.
                tokio::select! {
                    biased;
                    () = fut => unreachable!("the body never completes"),
                    () = AfterPolls(polls - 1) => {}
                }
                drop(test);
                assert!(Span::current().is_none());
            });
            drop(rt);
            assert_cancelled(&rec, shape, polls);
        }
    }
}

#[test]
fn timeout_drops_a_future_waiting_forever() {
    for shape in SHAPES {
        for stop in 0..=AWAITS {
            let (_, rec) = Recorder::new();
            let rt = rec.current_thread_runtime();
            rec.block_on(&rt, async {
                let mut fut = info_span!("test").in_scope(|| shape.future(stop));
                // Run the body to where it waits forever (`stop` yields, then
                // a never-ready future) before the timer starts, so a late
                // poll cannot meet the deadline before the body got there.
                for _ in 0..=stop {
                    assert!(poll_in_task(fut.as_mut()).await.is_pending());
                }
                // Suspended forever: the timeout drops it.
                let out = tokio::time::timeout(Duration::from_millis(1), fut).await;
                assert!(out.is_err(), "the body never completes");
            });
            drop(rt);
            assert_cancelled(&rec, shape, stop + 1);
        }
    }
}

#[test]
fn abort_drops_a_spawned_task_at_every_await_point() {
    for shape in SHAPES {
        for polls in 1..=AWAITS + 1 {
            let (_, rec) = Recorder::new();
            let rt = rec.multi_thread_runtime(2);
            rec.block_on(&rt, async {
                let (reached, at) = oneshot::channel();
                let handle = info_span!("test").in_scope(|| {
                    let fut = shape.future(AWAITS);
                    tokio::spawn(async move {
                        let mut fut = pin!(fut);
                        for _ in 0..polls {
                            assert!(poll_in_task(fut.as_mut()).await.is_pending());
                        }
                        reached.send(()).unwrap();
                        // Keep the body suspended where it is until aborted.
                        pending::<()>().await;
                    })
                });
                at.await.unwrap();
                handle.abort();
                let error = handle.await.unwrap_err();
                assert!(error.is_cancelled());
            });
            drop(rt);
            assert_cancelled(&rec, shape, polls);
        }
    }
}

/// Polls `fut` once with the task's own waker.
async fn poll_in_task<F: Future + ?Sized>(mut fut: Pin<&mut F>) -> Poll<F::Output> {
    std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await
}

#[test]
fn abort_before_the_first_poll() {
    for shape in SHAPES {
        let (_, rec) = Recorder::new();
        let rt = rec.current_thread_runtime();
        rec.block_on(&rt, async {
            let handle = info_span!("test").in_scope(|| tokio::spawn(shape.future(1)));
            // On a current-thread runtime the task cannot have run yet.
            handle.abort();
            assert!(handle.await.unwrap_err().is_cancelled());
        });
        drop(rt);
        assert!(rec.events_with_message("step").is_empty(), "{rec:?}");
        let spans: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
        let mut want = vec!["test"];
        if shape.opens_at_call() {
            // Opened at the call, closed unentered-by-a-poll when dropped.
            want.push(shape.chain()[0]);
        }
        assert_eq!(spans, want, "{shape:?}");
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

#[test]
fn dropped_unpolled_without_a_runtime() {
    for shape in SHAPES {
        let (_, rec) = Recorder::new();
        rec.with_default(|| {
            let test = info_span!("test");
            let fut = test.in_scope(|| shape.future(0));
            drop(test);
            drop(fut);
            assert!(Span::current().is_none());
        });
        // The caller's span handle the future kept is released with it.
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
        assert!(rec.events_with_message("step").is_empty());
    }
}

#[test]
fn dropped_on_another_thread_after_polls() {
    for shape in SHAPES {
        let (_, rec) = Recorder::new();
        let mut fut = rec.with_default(|| {
            let mut fut = info_span!("test").in_scope(|| shape.future(AWAITS));
            let mut cx = Context::from_waker(Waker::noop());
            for _ in 0..=AWAITS {
                assert!(fut.as_mut().poll(&mut cx).is_pending());
            }
            fut
        });
        let rec2 = rec.clone();
        std::thread::spawn(move || {
            rec2.with_default(move || {
                // One more poll, then the drop, on this thread.
                let mut cx = Context::from_waker(Waker::noop());
                assert!(fut.as_mut().poll(&mut cx).is_pending());
                drop(fut);
                assert!(Span::current().is_none());
            });
        })
        .join()
        .unwrap();
        assert_cancelled(&rec, shape, AWAITS + 1);
    }
}

/// Counts drops: no body or argument may be leaked (never dropped).
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Counted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Counted")
    }
}

#[instrument]
async fn holds_an_argument(arg: Counted, stop: usize) {
    body("holds_an_argument", stop).await;
    drop(arg);
}

#[test]
fn arguments_are_dropped_once_wherever_the_future_is_cancelled() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let mut made = 0;
    rec.block_on(&rt, async {
        // Dropped unpolled, dropped at each await point, and through `select!`.
        for stop in 0..=AWAITS {
            drop(holds_an_argument(Counted(Arc::clone(&drops)), stop));
            made += 1;
            let fut = holds_an_argument(Counted(Arc::clone(&drops)), stop);
            tokio::select! {
                biased;
                () = fut => unreachable!(),
                () = AfterPolls(stop + 1) => {}
            }
            made += 1;
        }
    });
    drop(rt);
    assert_eq!(drops.load(Ordering::SeqCst), made);
    // Only the polled ones opened a span.
    assert_eq!(rec.spans_named("holds_an_argument").len(), AWAITS + 1);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}
