//! Subscribers: instrumented functions of every shape with no subscriber on
//! the thread, under a scoped default (`with_default`), with a dispatcher per
//! task (`WithSubscriber`) on workers that have none, and behind a level
//! filter that is reloaded while they run (disabling and re-enabling their
//! spans, also between a future's creation and its first poll). In every
//! case the body runs and returns its value, spans are recorded exactly where
//! the dispatcher current when they open wants them, and every span closes
//! once. (A global default is in `tests/own_process/global_default.rs`, alone
//! in its binary.)

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::Poll;

use instrument_runtime::{info_span, instrument, warn_span, Instrument, Span, WithSubscriber};
use instrument_tests::{poll_once, LevelFilter, Recorder};
use tokio::task::yield_now;

#[instrument]
fn sub_sync(x: u64) -> u64 {
    tracing::warn!("sync body");
    x + 1
}

#[instrument]
async fn sub_async(x: u64) -> u64 {
    tracing::warn!("async body");
    yield_now().await;
    x + 2
}

#[instrument]
fn sub_prelude(x: u64) -> impl Future<Output = u64> {
    tracing::warn!("prelude");
    async move {
        yield_now().await;
        tracing::warn!("prelude body");
        x + 3
    }
}

#[instrument]
fn sub_boxed(x: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        tracing::warn!("boxed body");
        yield_now().await;
        x + 4
    })
}

#[instrument(level = "debug", ret, err)]
async fn sub_debug(x: u64) -> Result<u64, String> {
    tracing::warn!("debug body");
    yield_now().await;
    Ok(x + 5)
}

/// The names of the spans `all` opens at INFO, and at DEBUG.
const INFO_SPANS: [&str; 4] = ["sub_sync", "sub_async", "sub_prelude", "sub_boxed"];

/// Every shape once, with `x`; the sum proves every body ran.
async fn all(x: u64) -> u64 {
    let manual = async {
        tracing::warn!("manual body");
        yield_now().await;
        x + 6
    }
    .instrument(info_span!("sub_manual"));
    sub_sync(x)
        + sub_async(x).await
        + sub_prelude(x).await
        + sub_boxed(x).await
        + sub_debug(x).await.unwrap()
        + manual.await
}

const fn expected_sum(x: u64) -> u64 {
    6 * x + 21
}

/// The messages `all` emits, all at WARN, each in the span of its function.
const BODY_EVENTS: [(&str, &str); 7] = [
    ("sync body", "sub_sync"),
    ("async body", "sub_async"),
    ("prelude", "sub_prelude"),
    ("prelude body", "sub_prelude"),
    ("boxed body", "sub_boxed"),
    ("debug body", "sub_debug"),
    ("manual body", "sub_manual"),
];

fn plain_current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn plain_multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime")
}

#[test]
fn no_subscriber_on_the_thread() {
    for rt in [plain_current_thread(), plain_multi_thread()] {
        let sum = rt.block_on(async {
            let here = all(1).await;
            let spawned = tokio::spawn(all(2)).await.unwrap();
            assert!(Span::current().is_none());
            let inside = tokio::spawn(async {
                let x = sub_async(0).await;
                assert!(Span::current().is_none());
                x
            })
            .await
            .unwrap();
            here + spawned + inside
        });
        assert_eq!(sum, expected_sum(1) + expected_sum(2) + 2);
    }
}

/// Checks that `rec` holds exactly `runs` runs of `all`, under `parent`.
fn assert_recorded_runs(rec: &Recorder, runs: usize, parent: Option<&'static str>) {
    for name in INFO_SPANS.iter().chain(&["sub_debug", "sub_manual"]) {
        let spans = rec.spans_named(name);
        assert_eq!(spans.len(), runs, "{name}\n{rec:?}");
        for span in spans {
            assert_eq!(span.parent, parent, "{span:?}");
        }
    }
    for (message, span) in BODY_EVENTS {
        let events = rec.events_with_message(message);
        assert_eq!(events.len(), runs, "{message}");
        for event in events {
            let mut chain = vec![span];
            chain.extend(parent);
            assert_eq!(event.chain, chain, "{message}");
        }
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn scoped_default_records_every_shape() {
    let (_, rec) = Recorder::new();
    let rt = plain_current_thread();
    let sum = rec.with_default(|| rt.block_on(all(1).instrument(info_span!("scoped"))));
    assert_eq!(sum, expected_sum(1));
    drop(rt);
    assert_recorded_runs(&rec, 1, Some("scoped"));
    // `ret` and `err` of the DEBUG function, inside its span.
    let ret = rec.events_with_field("return").remove(0);
    assert_eq!(ret.chain, ["sub_debug", "scoped"]);
    assert_eq!(ret.fields["return"], "6");
}

#[test]
fn nested_scoped_defaults_each_get_their_own_spans() {
    let (_, outer_rec) = Recorder::new();
    let (_, inner_rec) = Recorder::new();
    let rt = plain_current_thread();
    let sum = outer_rec.block_on(&rt, async {
        let a = all(1).await;
        // A future created under the outer default and polled under the
        // inner one: its span opens under the inner default, as a root there.
        let fut = info_span!("outer_only").in_scope(|| sub_async(7));
        let b = inner_rec
            .with_default(|| {
                let mut fut = pin!(fut);
                let mut polls = 0;
                loop {
                    polls += 1;
                    if let Poll::Ready(x) = poll_once(fut.as_mut()) {
                        break (x, polls);
                    }
                }
            })
            .0;
        let c = all(3).await;
        a + b + c
    });
    assert_eq!(sum, expected_sum(1) + 9 + expected_sum(3));
    drop(rt);
    assert_recorded_runs(&outer_rec, 2, None);
    assert_eq!(inner_rec.span_named("sub_async").parent, None);
    assert_eq!(inner_rec.spans().len(), 1);
    inner_rec.assert_all_closed_once();
    outer_rec.assert_all_closed_once();
    outer_rec.assert_enters_balanced();
}

#[test]
fn with_subscriber_per_task_on_workers_without_a_default() {
    const DISPATCHERS: usize = 3;
    const TASKS_EACH: u64 = 20;
    let recs: Vec<Recorder> = (0..DISPATCHERS).map(|_| Recorder::new().1).collect();
    let rt = plain_multi_thread();
    let dispatches: Vec<_> = recs.iter().map(|r| r.dispatch().clone()).collect();
    let sum: u64 = rt.block_on(async move {
        let mut handles = Vec::new();
        for (k, dispatch) in dispatches.iter().enumerate() {
            for i in 0..TASKS_EACH {
                // Created where no subscriber is current, polled under `k`'s.
                let task = all(i)
                    .instrument(info_span!("task", k))
                    .with_subscriber(dispatch.clone());
                handles.push(tokio::spawn(task));
            }
        }
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.unwrap();
        }
        sum
    });
    let per_dispatcher: u64 = (0..TASKS_EACH).map(expected_sum).sum();
    assert_eq!(sum, per_dispatcher * DISPATCHERS as u64);
    drop(rt);
    for rec in &recs {
        // `task` itself was created with no subscriber: it is disabled, so
        // the functions' spans are roots in `k`'s recorder.
        assert!(rec.spans_named("task").is_empty());
        assert_recorded_runs(rec, usize::try_from(TASKS_EACH).unwrap(), None);
    }
}

#[test]
fn a_task_spawned_from_a_with_subscriber_task_runs_without_it() {
    let (_, rec) = Recorder::new();
    let rt = plain_multi_thread();
    let dispatch = rec.dispatch().clone();
    let sum = rt.block_on(async move {
        async {
            // Created inside `parent` (in `rec`), spawned onto a worker with
            // no subscriber: its span is disabled when it opens there, the
            // body runs, and the handle on `parent` it kept is released.
            let parent = info_span!("parent");
            let fut = parent.in_scope(|| sub_async(1));
            let spawned = tokio::spawn(async move {
                let x = fut.await;
                assert!(Span::current().is_none());
                x
            });
            spawned.await.unwrap()
        }
        .with_subscriber(dispatch)
        .await
    });
    assert_eq!(sum, 3);
    drop(rt);
    assert!(rec.spans_named("sub_async").is_empty(), "{rec:?}");
    assert!(rec.events_with_message("async body").is_empty());
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_reloaded_filter_disables_and_reenables_spans() {
    let (dispatch, rec, handle) = Recorder::with_reloadable_level(LevelFilter::INFO);
    let rt = plain_current_thread();
    let _default = tracing_core::dispatcher::set_default(&dispatch);

    // INFO: every span but the DEBUG one.
    assert_eq!(rt.block_on(all(1)), expected_sum(1));
    let count = |name: &str| rec.spans_named(name).len();
    for name in INFO_SPANS {
        assert_eq!(count(name), 1, "{name}");
    }
    assert_eq!(count("sub_debug"), 0);

    // WARN: no span at all, every body still runs, its events still land.
    handle.reload(LevelFilter::WARN).unwrap();
    assert_eq!(rt.block_on(all(2)), expected_sum(2));
    for name in INFO_SPANS {
        assert_eq!(count(name), 1, "{name}");
    }
    for (message, _) in BODY_EVENTS {
        let events = rec.events_with_message(message);
        assert_eq!(events.len(), 2, "{message}");
        assert!(events[1].chain.is_empty(), "{message}: {:?}", events[1]);
    }

    // TRACE: every span, the DEBUG one too.
    handle.reload(LevelFilter::TRACE).unwrap();
    assert_eq!(rt.block_on(all(3)), expected_sum(3));
    for name in INFO_SPANS {
        assert_eq!(count(name), 2, "{name}");
    }
    assert_eq!(count("sub_debug"), 1);

    // OFF: nothing recorded, bodies run.
    handle.reload(LevelFilter::OFF).unwrap();
    let before = rec.actions().len();
    assert_eq!(rt.block_on(all(4)), expected_sum(4));
    assert_eq!(rec.actions().len(), before);

    drop(rt);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn the_filter_applies_when_the_span_opens_not_at_the_call() {
    let (dispatch, rec, handle) = Recorder::with_reloadable_level(LevelFilter::TRACE);
    let _default = tracing_core::dispatcher::set_default(&dispatch);

    // Created while INFO is enabled, first polled after it is disabled: the
    // `async fn`'s span is never created; the sync prelude's opened at the
    // call, before the reload, and stays.
    let outer = warn_span!("outer");
    let (a, p, b) = outer.in_scope(|| (sub_async(1), sub_prelude(1), sub_boxed(1)));
    handle.reload(LevelFilter::WARN).unwrap();
    let mut a = pin!(a);
    let mut p = pin!(p);
    let mut b = pin!(b);
    outer.in_scope(|| {
        assert!(poll_once(a.as_mut()).is_pending());
        assert!(poll_once(p.as_mut()).is_pending());
        assert!(poll_once(b.as_mut()).is_pending());
    });
    // Polled again outside `outer`: still no span of their own.
    assert_eq!(poll_once(a.as_mut()), Poll::Ready(3));
    assert_eq!(poll_once(p.as_mut()), Poll::Ready(4));
    assert_eq!(poll_once(b.as_mut()), Poll::Ready(5));
    assert!(rec.spans_named("sub_async").is_empty());
    assert!(rec.spans_named("sub_boxed").is_empty());
    assert_eq!(rec.span_named("sub_prelude").parent, Some("outer"));
    assert_eq!(rec.event_with_message("async body").chain, ["outer"]);
    assert_eq!(rec.event_with_message("boxed body").chain, ["outer"]);
    assert_eq!(
        rec.event_with_message("prelude body").chain,
        ["sub_prelude", "outer"]
    );

    // Created while INFO is disabled, first polled after it is enabled
    // again: the span opens at the first poll, inside the span current then.
    let a = outer.in_scope(|| sub_async(10));
    handle.reload(LevelFilter::INFO).unwrap();
    let mut a = pin!(a);
    let polled_in = info_span!("polled_in");
    polled_in.in_scope(|| assert!(poll_once(a.as_mut()).is_pending()));
    assert_eq!(poll_once(a.as_mut()), Poll::Ready(12));
    assert_eq!(rec.span_named("sub_async").parent, Some("polled_in"));
    drop((outer, polled_in));
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}
