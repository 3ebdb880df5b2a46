//! `WithSubscriber`/`WithDispatch`: routing a future's spans and events to a
//! chosen dispatcher, on runtimes whose workers have no default of their own.

use std::pin::pin;
use std::task::Poll;

use instrument_runtime::{info_span, Instrument, Span, WithSubscriber};
use instrument_tests::{poll_once, LogOnDrop, Recorder};
use tokio::task::yield_now;

/// A multi-thread runtime whose workers have no default dispatcher.
fn plain_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap()
}

async fn routed_body() {
    let span = info_span!("routed", n = 1);
    async {
        tracing::info!("first");
        yield_now().await;
        tracing::info!("second");
    }
    .instrument(span.clone())
    .await;
    let _child = info_span!(parent: &span, "child");
    tracing::info!("outside");
}

#[test]
fn with_subscriber_routes_a_spawned_task() {
    let (target_dispatch, target) = Recorder::new();
    let (_, bystander) = Recorder::new();
    let rt = plain_runtime();
    // The bystander is the default where the task is spawned and awaited.
    bystander.block_on(&rt, async move {
        tokio::spawn(routed_body().with_subscriber(target_dispatch))
            .await
            .unwrap();
    });
    drop(rt);
    assert!(bystander.is_empty(), "{bystander:?}");
    assert_eq!(
        target.trace(),
        [
            "new routed",
            "enter routed",
            "event first",
            "exit routed",
            "enter routed",
            "event second",
            "exit routed",
            "enter routed",
            "exit routed",
            "new child",
            "event outside",
            "close child",
            "close routed",
        ]
    );
    assert_eq!(target.span_named("routed").fields["n"], "1");
    assert_eq!(target.span_named("child").parent, Some("routed"));
    assert_eq!(target.event_with_message("second").chain, ["routed"]);
    assert!(target.event_with_message("outside").chain.is_empty());
    target.assert_all_closed_once();
}

#[test]
fn two_tasks_two_dispatchers() {
    let (a_dispatch, a) = Recorder::new();
    let (b_dispatch, b) = Recorder::new();
    let rt = plain_runtime();
    rt.block_on(async move {
        let task = |name: &'static str| async move {
            let span = info_span!("task", name);
            for _ in 0..3 {
                span.in_scope(|| tracing::info!(name, "tick"));
                yield_now().await;
            }
        };
        let ha = tokio::spawn(task("a").with_subscriber(a_dispatch));
        let hb = tokio::spawn(task("b").with_subscriber(b_dispatch));
        ha.await.unwrap();
        hb.await.unwrap();
    });
    drop(rt);
    for (rec, name) in [(&a, "a"), (&b, "b")] {
        let events = rec.events_with_message("tick");
        assert_eq!(events.len(), 3, "{rec:?}");
        for event in events {
            assert_eq!(event.fields["name"], name);
            assert_eq!(event.chain, ["task"]);
        }
        assert_eq!(rec.spans().len(), 1);
        assert_eq!(rec.span_named("task").fields["name"], name);
        rec.assert_all_closed_once();
    }
}

#[test]
fn with_current_subscriber_captures_the_default_at_the_call() {
    let (_, rec) = Recorder::new();
    let rt = plain_runtime();
    rec.block_on(&rt, async {
        let work = info_span!("work");
        let handle = work.in_scope(|| {
            tokio::spawn(
                async {
                    info_span!("inside").in_scope(|| tracing::info!("captured"));
                }
                .in_current_span()
                .with_current_subscriber(),
            )
        });
        handle.await.unwrap();
    });
    drop(rt);
    assert_eq!(rec.event_with_message("captured").chain, ["inside", "work"]);
    rec.assert_all_closed_once();
}

#[test]
fn with_subscriber_drops_the_inner_value_under_the_dispatcher() {
    let (dispatch, rec) = Recorder::new();
    let (_, bystander) = Recorder::new();
    bystander.with_default(|| {
        let mut fut = pin!(async {
            let _guard = LogOnDrop("guard");
            let span = info_span!("held");
            async { std::future::pending::<()>().await }
                .instrument(span)
                .await;
        }
        .with_subscriber(dispatch));
        assert!(poll_once(fut.as_mut()).is_pending());
    });
    assert!(bystander.is_empty(), "{bystander:?}");
    assert!(rec.event_with_message("dropped").chain.is_empty());
    assert_eq!(rec.span_named("held").closed, 1);
    rec.assert_enters_balanced();
}

#[test]
fn with_subscriber_nests_and_restores_the_outer_default() {
    let (outer_dispatch, outer) = Recorder::new();
    let (inner_dispatch, inner) = Recorder::new();
    let rt = plain_runtime();
    rt.block_on(
        async move {
            tracing::info!("before");
            async {
                tracing::info!("nested");
                yield_now().await;
                tracing::info!("nested again");
            }
            .with_subscriber(inner_dispatch)
            .await;
            tracing::info!("after");
        }
        .with_subscriber(outer_dispatch),
    );
    let messages =
        |rec: &Recorder| -> Vec<String> { rec.events().into_iter().map(|e| e.message).collect() };
    assert_eq!(messages(&outer), ["before", "after"]);
    assert_eq!(messages(&inner), ["nested", "nested again"]);
}

#[test]
fn with_dispatch_accessors() {
    let (dispatch, rec) = Recorder::new();
    let mut wrapped = vec![1].with_subscriber(dispatch.clone());
    tracing::dispatcher::with_default(wrapped.dispatcher(), || tracing::info!("via accessor"));
    assert_eq!(rec.events().len(), 1);
    wrapped.inner_mut().push(2);
    assert_eq!(wrapped.inner(), &[1, 2]);
    assert_eq!(wrapped.into_inner(), [1, 2]);

    let mut fut = pin!(async {
        tracing::info!("polled bare");
    }
    .with_subscriber(dispatch));
    // `inner_pin_mut` polls without the dispatcher: nothing is recorded.
    assert_eq!(poll_once(fut.as_mut().inner_pin_mut()), Poll::Ready(()));
    assert_eq!(rec.events().len(), 1, "{rec:?}");
    assert!(Span::current().is_none());
}
