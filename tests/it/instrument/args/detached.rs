//! `detached`: a root span that follows from the span that would have been
//! its parent (the span current when it opens; for a spawned future first
//! polled where nothing is current, the span current where it was created),
//! on every function shape, with and without `follows_from`.

use std::future::Future;

use instrument_runtime::{info_span, instrument, Instrument as _, Span};
use instrument_tests::{record, record_async, Action, Flavor, Recorder, SpanInfo};

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

/// Runs the future `make` returns, created in span `creator` and awaited in
/// span `poller`, under a fresh recorder.
fn created_and_polled_in_two_spans<F: Future<Output = ()>>(make: fn() -> F) -> Recorder {
    let ((), rec) = record_async(|| async move {
        let fut = info_span!("creator").in_scope(make);
        fut.instrument(info_span!("poller")).await;
    });
    rec
}

/// A span that opens at the first poll follows from the span current then;
/// one that opens at the call (a sync prelude), from the span current at the
/// call. Every event of the function is in its span alone.
#[test]
fn future_follows_from_the_span_current_where_it_opens() {
    let cases = [
        (
            created_and_polled_in_two_spans(async_detached),
            "async_detached",
            "poller",
        ),
        (
            created_and_polled_in_two_spans(block_detached),
            "block_detached",
            "poller",
        ),
        (
            created_and_polled_in_two_spans(prelude_detached),
            "prelude_detached",
            "creator",
        ),
    ];
    for (rec, name, cause) in cases {
        assert_detached_from(&rec, name, cause);
        let in_span = rec
            .events()
            .into_iter()
            .filter(|event| event.chain == [name])
            .count();
        let expected = if name == "prelude_detached" { 2 } else { 1 };
        assert_eq!(in_span, expected, "{name}\n{rec:?}");
    }
}

/// Spawned where they are created: a runtime worker polls them where nothing
/// is current, so the span current where each was created is the one they
/// follow from (the fallback rule, as for a parent).
#[test]
fn spawned_futures_follow_from_the_span_where_they_were_created() {
    for flavor in Flavor::ALL {
        let (dispatch, rec) = Recorder::new();
        let rt = flavor.runtime(&dispatch);
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
            assert_eq!(span.parent, None, "{name}, {flavor:?}\n{rec:?}");
            assert_eq!(
                span.follows_from,
                [rec.span_named("creator").index],
                "{name}, {flavor:?}\n{rec:?}"
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
