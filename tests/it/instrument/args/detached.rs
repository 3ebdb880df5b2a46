//! `detached`: a root span that follows from the span that would have been
//! its parent (the span current when it opens; for a spawned future first
//! polled where nothing is current, the span current where it was created),
//! on every function shape, with and without `follows_from`.

use std::future::Future;

use instrument_runtime::{info_span, instrument, Instrument as _, Span};
use instrument_tests::{record, record_async, Action, Recorder, SpanInfo};

#[instrument(detached)]
fn sync_detached(n: u64) {
    tracing::info!("in sync_detached");
}

#[instrument(detached)]
async fn async_detached() {
    tokio::task::yield_now().await;
    tracing::info!("in async_detached");
}

/// Only an async block: opens at the first poll, as an `async fn` does.
#[instrument(detached)]
fn block_detached() -> impl Future<Output = ()> {
    async {
        tokio::task::yield_now().await;
        tracing::info!("in block_detached");
    }
}

/// A sync prelude: opens at the call.
#[instrument(detached)]
fn prelude_detached() -> impl Future<Output = ()> {
    tracing::info!("prelude of prelude_detached");
    async {
        tokio::task::yield_now().await;
        tracing::info!("body of prelude_detached");
    }
}

#[instrument(detached, skip_all, follows_from = [cause])]
fn sync_detached_with_cause(cause: &Span) {}

#[instrument(detached, skip_all, follows_from = [&cause])]
async fn async_detached_with_cause(cause: Span) {}

/// Asserts that `name` is a root span, linked to `cause` only, before it was
/// first entered, and that its events are in it alone.
#[track_caller]
fn assert_detached_from(rec: &Recorder, name: &str, cause: &str) {
    let span = rec.span_named(name);
    let cause = rec.span_named(cause);
    assert_eq!(span.parent, None, "{rec:?}");
    assert_eq!(span.follows_from, [cause.index], "{rec:?}");
    assert_linked_before_entered(rec, &span);
    for event in rec.events() {
        if event.chain_indices.contains(&span.index) {
            assert_eq!(event.chain_indices, [span.index], "{rec:?}");
        }
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

/// Every `follows_from` link of `span` was recorded right after it was
/// created, before anything else happened to it.
#[track_caller]
fn assert_linked_before_entered(rec: &Recorder, span: &SpanInfo) {
    let actions = rec.actions();
    let created = actions
        .iter()
        .position(|action| *action == Action::NewSpan { span: span.index })
        .expect("the span was created");
    let links = span.follows_from.len();
    for action in &actions[created + 1..=created + links] {
        assert!(
            matches!(action, Action::FollowsFrom { span: s, .. } if *s == span.index),
            "{action:?} among the first actions after creating {}\n{rec:?}",
            span.name
        );
    }
}

#[test]
fn sync_fn_is_a_root_that_follows_from_the_current_span() {
    let ((), rec) = record(|| info_span!("outer").in_scope(|| sync_detached(1)));
    assert_detached_from(&rec, "sync_detached", "outer");
    let event = rec.event_with_message("in sync_detached");
    assert_eq!(event.chain, ["sync_detached"]);
    // The parameters are recorded as without `detached`.
    assert_eq!(rec.span_named("sync_detached").fields["n"], "1");
}

#[test]
fn where_nothing_is_current_it_is_a_root_with_no_link() {
    let ((), rec) = record(|| sync_detached(2));
    let span = rec.span_named("sync_detached");
    assert_eq!((span.parent, span.follows_from.len()), (None, 0), "{rec:?}");
    let ((), rec) = record_async(async_detached);
    let span = rec.span_named("async_detached");
    assert_eq!((span.parent, span.follows_from.len()), (None, 0), "{rec:?}");
}

#[test]
fn awaited_async_fn_follows_from_the_span_current_at_its_first_poll() {
    let ((), rec) = record_async(|| async {
        let fut = info_span!("creator").in_scope(async_detached);
        fut.instrument(info_span!("poller")).await;
    });
    assert_detached_from(&rec, "async_detached", "poller");
    assert_eq!(
        rec.event_with_message("in async_detached").chain,
        ["async_detached"]
    );
}

#[test]
fn future_returned_by_an_async_block_follows_from_the_span_current_at_its_first_poll() {
    let ((), rec) = record_async(|| async {
        let fut = info_span!("creator").in_scope(block_detached);
        fut.instrument(info_span!("poller")).await;
    });
    assert_detached_from(&rec, "block_detached", "poller");
    assert_eq!(
        rec.event_with_message("in block_detached").chain,
        ["block_detached"]
    );
}

#[test]
fn future_with_a_sync_prelude_follows_from_the_span_current_at_the_call() {
    let ((), rec) = record_async(|| async {
        let fut = info_span!("creator").in_scope(prelude_detached);
        fut.instrument(info_span!("poller")).await;
    });
    assert_detached_from(&rec, "prelude_detached", "creator");
    for message in ["prelude of prelude_detached", "body of prelude_detached"] {
        assert_eq!(
            rec.event_with_message(message).chain,
            ["prelude_detached"],
            "{rec:?}"
        );
    }
}

/// Spawned where they are created: a runtime worker polls them where nothing
/// is current, so the span current where each was created is the one they
/// follow from (the fallback rule, as for a parent).
#[test]
fn spawned_futures_follow_from_the_span_where_they_were_created() {
    for multi_thread in [false, true] {
        let (_, rec) = Recorder::new();
        let rt = if multi_thread {
            rec.multi_thread_runtime(2)
        } else {
            rec.current_thread_runtime()
        };
        rec.block_on(&rt, async {
            let handles = info_span!("creator").in_scope(|| {
                [
                    tokio::spawn(async_detached()),
                    tokio::spawn(block_detached()),
                    tokio::spawn(prelude_detached()),
                ]
            });
            for handle in handles {
                handle.await.expect("the task completes");
            }
        });
        for name in ["async_detached", "block_detached", "prelude_detached"] {
            let span = rec.span_named(name);
            assert_eq!(
                span.parent, None,
                "{name}, multi_thread {multi_thread}\n{rec:?}"
            );
            assert_eq!(
                span.follows_from,
                [rec.span_named("creator").index],
                "{name}, multi_thread {multi_thread}\n{rec:?}"
            );
        }
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

/// The causes given with `follows_from` are linked too, besides the span
/// that would have been the parent.
#[test]
fn with_follows_from_both_are_linked() {
    let ((), rec) = record(|| {
        let cause = info_span!("cause");
        info_span!("outer").in_scope(|| sync_detached_with_cause(&cause));
    });
    assert_links(&rec, "sync_detached_with_cause", &["cause", "outer"]);

    let ((), rec) = record_async(|| async {
        let cause = info_span!("cause");
        async_detached_with_cause(cause)
            .instrument(info_span!("outer"))
            .await;
    });
    assert_links(&rec, "async_detached_with_cause", &["cause", "outer"]);
}

/// `name` is a root linked to the spans named `causes` (in any order), before
/// it was entered.
#[track_caller]
fn assert_links(rec: &Recorder, name: &str, causes: &[&str]) {
    let span = rec.span_named(name);
    assert_eq!(span.parent, None, "{rec:?}");
    let mut linked: Vec<&str> = span
        .follows_from
        .iter()
        .map(|&index| rec.span(index).name)
        .collect();
    linked.sort_unstable();
    assert_eq!(linked, causes, "{rec:?}");
    assert_linked_before_entered(rec, &span);
    rec.assert_all_closed_once();
}
