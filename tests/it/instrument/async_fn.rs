//! When an `#[instrument]`ed `async fn`'s span opens and who its parent is, on
//! real tokio runtimes (multi-thread and current-thread): spawned futures keep
//! the caller's span, `.instrument(..)` and awaiting nest, the span current at
//! the first poll wins over the caller's, drop-time work is in the span, a
//! future never polled makes no span, panics exit and close the span, 500
//! tasks in a `JoinSet` each have the exact chain, a disabled level evaluates
//! nothing and still runs the body, and a future created with no subscriber
//! gets its span from the dispatcher it is polled under.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use instrument_runtime::{
    info_span, instrument, Dispatch, Id, Instrument as _, Span, WithSubscriber as _,
};
use instrument_tests::{current_name, poll_once, LevelFilter, LogOnDrop, Recorder};
use tokio::task::{yield_now, JoinSet};
use tracing_core::span::Attributes;
use tracing_subscriber::layer::{Context as LayerContext, Layer, SubscriberExt as _};

/// Polls the inner future inside `catch_unwind`.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

#[instrument]
async fn task_fn(i: u64) -> u64 {
    tracing::info!(i, "task start");
    yield_now().await;
    tracing::info!(i, "task end");
    i
}

/// Asserts both events of every `task_fn` are in `chain`.
#[track_caller]
fn assert_task_chain(rec: &Recorder, chain: &[&str]) {
    for message in ["task start", "task end"] {
        let events = rec.events_with_message(message);
        assert!(!events.is_empty(), "{rec:?}");
        for event in events {
            assert_eq!(event.chain, chain, "{message}\n{rec:?}");
        }
    }
}

// ---------------------------------------------------------------- spawn

fn spawned_keeps_caller_span(rec: &Recorder, rt: &tokio::runtime::Runtime) {
    let out = rec.block_on(rt, async {
        let work = info_span!("work");
        // Created while `work` is entered, first polled by the runtime where
        // nothing is current.
        let handle = work.in_scope(|| tokio::spawn(task_fn(1)));
        // Created inside an instrumented block.
        let other = async { tokio::spawn(task_fn(2)).await.unwrap() }
            .instrument(info_span!("work"))
            .await;
        handle.await.unwrap() + other
    });
    assert_eq!(out, 3);
    assert_task_chain(rec, &["task_fn", "work"]);
    for span in rec.spans_named("task_fn") {
        assert_eq!(span.parent, Some("work"), "{rec:?}");
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn spawned_async_fn_keeps_the_caller_span_multi_thread() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    spawned_keeps_caller_span(&rec, &rt);
}

#[test]
fn spawned_async_fn_keeps_the_caller_span_current_thread() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    spawned_keeps_caller_span(&rec, &rt);
}

/// The caller's span is kept when the subscriber decides per span whether
/// it is enabled (the callsite's interest is *sometimes*), not only when the
/// callsite is always enabled.
#[test]
fn spawned_async_fn_keeps_the_caller_span_under_a_per_span_filter() {
    let (_, rec) = Recorder::with_filter_fn(|_| true);
    let rt = rec.multi_thread_runtime(2);
    spawned_keeps_caller_span(&rec, &rt);
}

#[test]
fn join_set_spawn_keeps_the_caller_span() {
    for multi in [true, false] {
        let (_, rec) = Recorder::new();
        let rt = if multi {
            rec.multi_thread_runtime(2)
        } else {
            rec.current_thread_runtime()
        };
        rec.block_on(&rt, async {
            let mut set = JoinSet::new();
            info_span!("work").in_scope(|| {
                set.spawn(task_fn(1));
                set.spawn(task_fn(2));
            });
            while let Some(out) = set.join_next().await {
                out.unwrap();
            }
        });
        assert_task_chain(&rec, &["task_fn", "work"]);
        rec.assert_all_closed_once();
    }
}

// ---------------------------------------------------------------- nesting

#[instrument]
async fn awaits_child() -> u64 {
    tracing::info!("parent before");
    let out = task_fn(3).await;
    tracing::info!("parent after");
    out
}

#[test]
fn instrument_outer_becomes_the_parent() {
    for multi in [true, false] {
        let (_, rec) = Recorder::new();
        let rt = if multi {
            rec.multi_thread_runtime(2)
        } else {
            rec.current_thread_runtime()
        };
        rec.block_on(&rt, async {
            let work = info_span!("work");
            // Awaited in place.
            task_fn(1)
                .instrument(info_span!(parent: &work, "outer"))
                .instrument(work.clone())
                .await;
            // Spawned.
            let handle = work.in_scope(|| tokio::spawn(task_fn(2).instrument(info_span!("outer"))));
            handle.await.unwrap();
        });
        assert_task_chain(&rec, &["task_fn", "outer", "work"]);
        assert_eq!(rec.spans_named("task_fn").len(), 2);
        rec.assert_all_closed_once();
    }
}

#[test]
fn awaited_async_fn_nests() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let work = info_span!("work");
        let handle = work.in_scope(|| tokio::spawn(awaits_child()));
        handle.await.unwrap()
    });
    assert_eq!(out, 3);
    assert_task_chain(&rec, &["task_fn", "awaits_child", "work"]);
    assert_eq!(
        rec.event_with_message("parent after").chain,
        ["awaits_child", "work"]
    );
    rec.assert_all_closed_once();
}

#[test]
fn the_span_current_at_the_first_poll_wins_over_the_callers() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let created_in = info_span!("created_in");
        let fut = created_in.in_scope(|| task_fn(1));
        fut.instrument(info_span!("polled_in")).await;
    });
    assert_eq!(rec.span_named("task_fn").parent, Some("polled_in"));
    assert_task_chain(&rec, &["task_fn", "polled_in"]);
}

#[test]
fn span_opens_at_the_first_poll_not_at_the_call() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let mut fut = Box::pin(info_span!("caller").in_scope(|| task_fn(1)));
        assert!(rec.spans_named("task_fn").is_empty());
        assert!(poll_once(fut.as_mut()).is_pending());
        assert_eq!(rec.span_named("task_fn").parent, Some("caller"));
        // The first poll was outside any span: the caller's span is the
        // parent, and it is not left entered.
        assert_eq!(current_name(), None);
    });
}

// ---------------------------------------------------------------- drop

#[instrument]
async fn holds_a_guard() {
    let _guard = LogOnDrop("local");
    tracing::info!("before pending");
    std::future::pending::<()>().await;
}

#[instrument(skip(guard))]
async fn owns_an_argument(guard: LogOnDrop) {
    tracing::info!(what = guard.0, "has argument");
    std::future::pending::<()>().await;
}

/// A parameter of which a span expression reads one part, and the body
/// nothing.
struct Parts {
    parent: Span,
    cause: Span,
    name: &'static str,
    _guard: LogOnDrop,
}

#[instrument(skip_all, parent = &parts.parent)]
async fn parent_reads_a_part(parts: Parts) {
    std::future::pending::<()>().await;
}

#[instrument(skip_all, follows_from = parts.cause.id())]
async fn follows_from_reads_a_part(parts: Parts) {
    std::future::pending::<()>().await;
}

#[instrument(skip_all, fields(name = parts.name))]
async fn field_reads_a_part(parts: Parts) {
    std::future::pending::<()>().await;
}

/// As in an `async fn`, the future owns such a parameter whole (an async
/// block by itself would capture only the part read, and drop the rest at
/// the call).
#[test]
fn a_parameter_a_span_expression_reads_part_of_lives_as_long_as_the_future() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let parts = |name| Parts {
            parent: info_span!("parent"),
            cause: info_span!("cause"),
            name,
            _guard: LogOnDrop(name),
        };
        let mut futures: Vec<Pin<Box<dyn Future<Output = ()>>>> = vec![
            Box::pin(parent_reads_a_part(parts("parent"))),
            Box::pin(follows_from_reads_a_part(parts("follows_from"))),
            Box::pin(field_reads_a_part(parts("field"))),
        ];
        for future in &mut futures {
            assert!(poll_once(future.as_mut()).is_pending());
        }
        assert!(rec.events_with_message("dropped").is_empty(), "{rec:?}");
        drop(futures);
    });
    let dropped: Vec<_> = rec
        .events_with_message("dropped")
        .iter()
        .map(|event| event.fields["what"].clone())
        .collect();
    assert_eq!(dropped, ["parent", "follows_from", "field"]);
}

#[test]
fn dropping_an_unfinished_future_drops_its_state_inside_the_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let (mut fut, mut owns) = info_span!("caller").in_scope(|| {
            (
                Box::pin(holds_a_guard()),
                Box::pin(owns_an_argument(LogOnDrop("argument"))),
            )
        });
        assert!(poll_once(fut.as_mut()).is_pending());
        assert!(poll_once(owns.as_mut()).is_pending());
        info_span!("dropper").in_scope(|| {
            drop(fut);
            drop(owns);
        });
    });
    let dropped = rec.events_with_message("dropped");
    assert_eq!(dropped.len(), 2, "{rec:?}");
    // In the function's span, whose parent is the caller's span (the first
    // poll was outside any span), not the span current at the drop.
    assert_eq!(dropped[0].fields["what"], "local");
    assert_eq!(dropped[0].chain, ["holds_a_guard", "caller"]);
    assert_eq!(dropped[1].fields["what"], "argument");
    assert_eq!(dropped[1].chain, ["owns_an_argument", "caller"]);
    let trace = rec.trace();
    let at = trace.iter().position(|l| l == "enter dropper").unwrap();
    assert_eq!(
        trace[at..at + 11],
        [
            "enter dropper",
            "enter holds_a_guard",
            "event dropped",
            "exit holds_a_guard",
            "close holds_a_guard",
            "enter owns_an_argument",
            "event dropped",
            "exit owns_an_argument",
            "close owns_an_argument",
            // The last child closed: the caller's span closes.
            "close caller",
            "exit dropper",
        ]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_future_never_polled_creates_no_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        info_span!("caller").in_scope(|| {
            drop(task_fn(1));
            drop(owns_an_argument(LogOnDrop("never polled")));
        });
    });
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(names, ["caller"]);
    // The argument is dropped with the future, where the future is dropped.
    assert_eq!(rec.event_with_message("dropped").chain, ["caller"]);
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- panic

#[instrument]
fn sync_panics(x: u32) {
    tracing::info!("sync before panic");
    panic!("sync boom {x}");
}

#[instrument]
async fn async_panics(x: u32) {
    tracing::info!("async before panic");
    yield_now().await;
    panic!("async boom {x}");
}

#[test]
fn a_panicking_sync_body_exits_and_closes_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let before = info_span!("before");
        let _entered = before.enter();
        let result = catch_unwind(|| sync_panics(1));
        assert!(result.is_err());
        assert_eq!(current_name(), Some("before"));
        assert_eq!(Span::current(), before);
    });
    let span = rec.span_named("sync_panics");
    assert_eq!((span.entered, span.exited, span.closed), (1, 1, 1));
    assert_eq!(
        rec.event_with_message("sync before panic").chain,
        ["sync_panics", "before"]
    );
    rec.assert_all_closed_once();
}

#[test]
fn a_panicking_async_body_exits_and_closes_its_span() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let result = CatchUnwind(Box::pin(async_panics(2)))
            .instrument(info_span!("before"))
            .await;
        assert!(result.is_err());
        assert_eq!(current_name(), None);
    });
    let span = rec.span_named("async_panics");
    assert_eq!(span.parent, Some("before"));
    // Two polls, and the drop of the panicked body.
    assert_eq!((span.entered, span.exited, span.closed), (3, 3, 1));

    // Polled by hand: the span current before the panicking poll is current
    // again after it; the span closes when the future is dropped.
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let before = info_span!("before");
        let _entered = before.enter();
        let mut fut = Box::pin(async_panics(3));
        let mut waker_context = Context::from_waker(Waker::noop());
        assert!(fut.as_mut().poll(&mut waker_context).is_pending());
        let result = catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut())));
        assert!(result.is_err());
        assert_eq!(Span::current(), before);
        drop(fut);
        assert_eq!(Span::current(), before);
    });
    let span = rec.span_named("async_panics");
    assert_eq!((span.entered, span.exited, span.closed), (3, 3, 1));
    rec.assert_all_closed_once();
}

#[test]
fn a_panicking_spawned_task_closes_its_span_and_leaves_the_worker_clean() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(1);
    rec.block_on(&rt, async {
        let handle = info_span!("work").in_scope(|| tokio::spawn(async_panics(4)));
        let error = handle.await.unwrap_err();
        assert!(error.is_panic());
        // The same (only) worker runs the next task with nothing current.
        let current = tokio::spawn(async { current_name() }).await.unwrap();
        assert_eq!(current, None);
    });
    let span = rec.span_named("async_panics");
    assert_eq!(span.parent, Some("work"));
    assert_eq!(span.closed, 1);
    assert_eq!(span.entered, span.exited);
    assert_eq!(
        rec.event_with_message("async before panic").chain,
        ["async_panics", "work"]
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- many tasks

#[instrument]
async fn joinset_task(i: u64) -> u64 {
    tracing::info!(i, "js start");
    yield_now().await;
    tracing::info!(i, "js middle");
    yield_now().await;
    tracing::info!(i, "js end");
    i
}

#[test]
fn five_hundred_tasks_in_a_join_set_each_have_the_exact_chain() {
    const TASKS: u64 = 500;
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(4);
    let sum = rec.block_on(&rt, async {
        let mut set = JoinSet::new();
        info_span!("parent").in_scope(|| {
            for i in 0..TASKS {
                set.spawn(joinset_task(i));
            }
        });
        let mut sum = 0;
        while let Some(out) = set.join_next().await {
            sum += out.unwrap();
        }
        sum
    });
    assert_eq!(sum, TASKS * (TASKS - 1) / 2);
    let parent = rec.span_named("parent");
    let tasks = rec.spans_named("joinset_task");
    assert_eq!(tasks.len(), 500);
    for span in &tasks {
        assert_eq!(span.parent_index, Some(parent.index));
        assert_eq!(span.closed, 1);
        assert_eq!(span.entered, span.exited);
        assert!(span.entered >= 3, "one enter per poll: {span:?}");
    }
    let mut seen = vec![0_u8; 500];
    let events: Vec<_> = rec
        .events()
        .into_iter()
        .filter(|e| e.message.starts_with("js "))
        .collect();
    assert_eq!(events.len(), 1500);
    for event in &events {
        assert_eq!(event.chain, ["joinset_task", "parent"]);
        // In the span of its own task.
        let span = rec.span(event.chain_indices[0]);
        assert_eq!(span.fields["i"], event.fields["i"]);
        seen[event.fields["i"].parse::<usize>().unwrap()] += 1;
    }
    assert!(seen.iter().all(|&n| n == 3));
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- disabled

static DISABLED_FIELD: AtomicUsize = AtomicUsize::new(0);
static DISABLED_PARENT: AtomicUsize = AtomicUsize::new(0);
static DISABLED_CAUSE: AtomicUsize = AtomicUsize::new(0);

fn count(counter: &AtomicUsize) -> Option<Id> {
    counter.fetch_add(1, Ordering::SeqCst);
    None
}

fn count_field(counter: &AtomicUsize) -> usize {
    counter.fetch_add(1, Ordering::SeqCst)
}

#[instrument(
    level = "debug",
    fields(extra = count_field(&DISABLED_FIELD)),
    parent = count(&DISABLED_PARENT),
    follows_from = [count(&DISABLED_CAUSE)],
    ret
)]
fn disabled_sync(a: u32) -> u32 {
    tracing::info!("disabled sync body ran");
    a + 1
}

#[instrument(
    level = "trace",
    fields(extra = count_field(&DISABLED_FIELD)),
    parent = count(&DISABLED_PARENT),
    follows_from = [count(&DISABLED_CAUSE)],
    ret,
    err
)]
async fn disabled_async(a: u32) -> Result<u32, String> {
    tracing::info!("disabled async body ran");
    yield_now().await;
    Ok(a + 1)
}

/// The names of the spans a dispatcher created, behind a *global*
/// `LevelFilter`, so its `enabled` says no for every disabled callsite (a
/// per-layer filter lets the `Registry` create the span when another
/// dispatcher in the process wants the callsite).
fn globally_filtered(level: LevelFilter) -> (Dispatch, Arc<Mutex<Vec<&'static str>>>) {
    struct Names(Arc<Mutex<Vec<&'static str>>>);
    impl<S: tracing_core::Subscriber> Layer<S> for Names {
        fn on_new_span(
            &self,
            attrs: &Attributes<'_>,
            _: &tracing_core::span::Id,
            _: LayerContext<'_, S>,
        ) {
            self.0.lock().unwrap().push(attrs.metadata().name());
        }
    }
    let names = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry()
        .with(level)
        .with(Names(Arc::clone(&names)));
    (Dispatch::new(subscriber), names)
}

#[test]
fn disabled_by_level_evaluates_nothing_and_runs_the_body() {
    let (dispatch, names) = globally_filtered(LevelFilter::INFO);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let _default = tracing::dispatcher::set_default(&dispatch);
    let out = rt.block_on(async {
        let sync = disabled_sync(1);
        let awaited = disabled_async(2).await.unwrap();
        let spawned = info_span!("work")
            .in_scope(|| tokio::spawn(disabled_async(3).with_subscriber(dispatch.clone())))
            .await
            .unwrap()
            .unwrap();
        (sync, awaited, spawned)
    });
    assert_eq!(out, (2, 3, 4));
    assert_eq!(*names.lock().unwrap(), ["work"]);
    assert_eq!(DISABLED_FIELD.load(Ordering::SeqCst), 0);
    assert_eq!(DISABLED_PARENT.load(Ordering::SeqCst), 0);
    assert_eq!(DISABLED_CAUSE.load(Ordering::SeqCst), 0);
}

#[instrument(level = "debug", ret)]
fn filtered_sync(a: u32) -> u32 {
    tracing::info!("filtered sync body ran");
    a + 1
}

#[instrument(level = "trace", ret, err)]
async fn filtered_async(a: u32) -> Result<u32, String> {
    tracing::info!("filtered async body ran");
    yield_now().await;
    Ok(a + 1)
}

#[test]
fn disabled_by_a_per_layer_filter_records_nothing_and_runs_the_body() {
    let (_, rec) = Recorder::with_max_level(LevelFilter::INFO);
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let sync = filtered_sync(1);
        let awaited = filtered_async(2).await.unwrap();
        let spawned = info_span!("work")
            .in_scope(|| tokio::spawn(filtered_async(3)))
            .await
            .unwrap()
            .unwrap();
        (sync, awaited, spawned)
    });
    assert_eq!(out, (2, 3, 4));
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(names, ["work"]);
    // The bodies ran; their events are not in a recorded span of theirs.
    assert!(rec
        .event_with_message("filtered sync body ran")
        .chain
        .is_empty());
    assert_eq!(rec.events_with_message("filtered async body ran").len(), 2);
    // No `ret` event: it is at the disabled level.
    assert!(rec.events_with_field("return").is_empty());
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- dispatchers

#[test]
fn a_future_created_without_a_subscriber_gets_its_span_where_it_is_polled() {
    let (dispatch, rec) = Recorder::new();
    // No dispatcher on this thread when the futures are created.
    let fut = task_fn(7);
    let spawned = task_fn(8);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let out = rt.block_on(async {
        let a = fut.with_subscriber(dispatch.clone()).await;
        let b = tokio::spawn(spawned.with_subscriber(dispatch.clone()))
            .await
            .unwrap();
        a + b
    });
    assert_eq!(out, 15);
    let spans = rec.spans_named("task_fn");
    assert_eq!(spans.len(), 2);
    for span in &spans {
        assert_eq!(span.parent, None);
    }
    assert_task_chain(&rec, &["task_fn"]);
    rec.assert_all_closed_once();

    // A span current in another dispatcher at the call is not a parent in
    // the one polling the future.
    let (other, other_rec) = Recorder::new();
    let (dispatch, rec) = Recorder::new();
    let fut = tracing::dispatcher::with_default(&other, || {
        info_span!("elsewhere").in_scope(|| task_fn(9))
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(fut.with_subscriber(dispatch));
    assert_eq!(rec.span_named("task_fn").parent, None);
    assert!(other_rec.spans_named("task_fn").is_empty());
}

#[instrument]
async fn filtered_inner(a: u32) -> u32 {
    tracing::info!("filtered inner ran");
    a * 2
}

#[instrument]
async fn enabled_outer(a: u32) -> u32 {
    // Completes within the outer's first poll, its span disabled.
    let doubled = filtered_inner(a).await;
    tracing::info!("outer after inner");
    yield_now().await;
    doubled + 1
}

/// An enabled function whose first poll completes one its subscriber
/// disables (by name: the level is on, so the inner's first poll asks):
/// the inner's first poll, which opens nothing, puts the handoff's slot
/// back as it was, so the outer keeps its span, enters it on every poll
/// and closes it.
#[test]
fn a_disabled_async_fn_inside_an_enabled_first_poll_leaves_the_outer_span_alone() {
    let (_, rec) = Recorder::with_filter_fn(|meta| meta.name() != "filtered_inner");
    let rt = rec.current_thread_runtime();
    assert_eq!(rec.block_on(&rt, enabled_outer(4)), 9);
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(names, ["enabled_outer"]);
    assert_eq!(
        rec.event_with_message("filtered inner ran").chain,
        ["enabled_outer"]
    );
    assert_eq!(
        rec.event_with_message("outer after inner").chain,
        ["enabled_outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}
