//! No subscriber at all, then a global default: alone in its test binary,
//! because `set_global_default` applies to the whole process and can be done
//! once. Before any dispatcher exists every shape of instrumented function
//! runs as plain code; after the global default is set, tasks spawned onto
//! workers that have no scoped default are recorded, with the right chains,
//! and a scoped `Dispatch::none()` still turns spans off.

use std::future::Future;
use std::pin::Pin;

use instrument_runtime::{info_span, instrument, Instrument, Span};
use instrument_tests::Recorder;
use tokio::task::{yield_now, JoinSet};

#[instrument]
fn global_sync(x: u64) -> u64 {
    tracing::info!(x, "sync body");
    x + 1
}

#[instrument(ret)]
async fn global_async(x: u64) -> u64 {
    tracing::info!(x, "async body");
    yield_now().await;
    tracing::info!(x, "async body after yield");
    x + 2
}

#[instrument]
fn global_prelude(x: u64) -> impl Future<Output = u64> {
    tracing::info!(x, "prelude");
    async move {
        yield_now().await;
        tracing::info!(x, "prelude body");
        x + 3
    }
}

#[instrument]
fn global_boxed(x: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        yield_now().await;
        tracing::info!(x, "boxed body");
        x + 4
    })
}

/// Every shape once; the sum proves every body ran.
async fn all(x: u64) -> u64 {
    global_sync(x) + global_async(x).await + global_prelude(x).await + global_boxed(x).await
}

const fn expected_sum(x: u64) -> u64 {
    4 * x + 10
}

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime")
}

/// Spawns `tasks` runs of `all` from inside a `work` span.
async fn spawn_from_work(tasks: u64) -> u64 {
    let mut set = JoinSet::new();
    info_span!("work").in_scope(|| {
        for x in 0..tasks {
            // Created inside `work`: spawned futures keep it as parent.
            set.spawn(global_async(x));
            set.spawn(global_prelude(x));
            set.spawn(global_boxed(x));
            set.spawn(async move { global_sync(x) }.in_current_span());
        }
    });
    set.join_all().await.into_iter().sum()
}

#[test]
fn no_subscriber_at_all_then_a_global_one() {
    const TASKS: u64 = 50;
    let spawned_sum: u64 = (0..TASKS).map(expected_sum).sum();

    // No dispatcher has ever existed: plain code, no span anywhere.
    let rt = multi_thread();
    let sum = rt.block_on(async {
        let here = all(1).await;
        let spawned = spawn_from_work(TASKS).await;
        assert!(Span::current().is_none());
        here + spawned
    });
    assert_eq!(sum, expected_sum(1) + spawned_sum);
    let from_thread = std::thread::spawn(|| global_sync(5)).join().unwrap();
    assert_eq!(from_thread, 6);

    // The global default reaches every thread, the runtime's workers too.
    let (dispatch, rec) = Recorder::new();
    tracing_core::dispatcher::set_global_default(dispatch).expect("first global default");
    let sum = rt.block_on(async {
        let here = all(1).await;
        let spawned = spawn_from_work(TASKS).await;
        here + spawned
    });
    assert_eq!(sum, expected_sum(1) + spawned_sum);
    let from_thread = std::thread::spawn(|| global_sync(5)).join().unwrap();
    assert_eq!(from_thread, 6);

    // A scoped `none` turns it off on this thread only.
    let silent = tracing_core::dispatcher::with_default(&tracing_core::Dispatch::none(), || {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(all(9))
    });
    assert_eq!(silent, expected_sum(9));
    drop(rt);

    let spawned = usize::try_from(TASKS).unwrap();
    // `all(1)` once, `global_sync(5)` once, and every spawned task.
    assert_eq!(rec.spans_named("global_sync").len(), spawned + 2);
    for name in ["global_async", "global_prelude", "global_boxed"] {
        let spans = rec.spans_named(name);
        assert_eq!(spans.len(), spawned + 1, "{name}");
        let in_work = spans.iter().filter(|s| s.parent == Some("work")).count();
        assert_eq!(
            in_work, spawned,
            "{name}: spawned ones are children of `work`"
        );
    }
    for message in [
        "async body",
        "async body after yield",
        "prelude",
        "prelude body",
        "boxed body",
    ] {
        let events = rec.events_with_message(message);
        assert_eq!(events.len(), spawned + 1, "{message}");
        let in_work = events.iter().filter(|e| e.chain.len() == 2).count();
        assert_eq!(in_work, spawned, "{message}");
        for event in events {
            assert!(event.chain[0].starts_with("global_"), "{event:?}");
            assert!(event.chain[1..].iter().all(|s| *s == "work"), "{event:?}");
        }
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}
