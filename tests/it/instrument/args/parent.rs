//! `parent`: an expression, `None` for a root, evaluated at the first poll
//! for an `async fn`.

use std::sync::atomic::{AtomicUsize, Ordering};

use instrument_runtime::{info_span, instrument, Id, Instrument as _, Span};
use instrument_tests::{record, record_async, Recorder};

#[instrument(skip(explicit), parent = explicit)]
fn with_explicit_parent(explicit: &Span) {
    tracing::info!("in with_explicit_parent");
}

#[instrument(parent = None)]
fn with_no_parent() {
    tracing::info!("in with_no_parent");
}

#[instrument(parent = None)]
async fn async_with_no_parent() {
    tracing::info!("in async_with_no_parent");
}

static PARENT_EVALUATIONS: AtomicUsize = AtomicUsize::new(0);

fn counted_parent(span: &Span) -> Option<Id> {
    PARENT_EVALUATIONS.fetch_add(1, Ordering::SeqCst);
    span.id()
}

#[instrument(skip(explicit), parent = counted_parent(&explicit))]
async fn async_with_explicit_parent(explicit: Span) {
    tracing::info!("in async_with_explicit_parent");
}

#[test]
fn parent_expression_sync() {
    let ((), rec) = record(|| {
        let explicit = info_span!("explicit");
        info_span!("current").in_scope(|| {
            with_explicit_parent(&explicit);
            with_no_parent();
        });
    });
    assert_eq!(
        rec.event_with_message("in with_explicit_parent").chain,
        ["with_explicit_parent", "explicit"]
    );
    assert_eq!(
        rec.event_with_message("in with_no_parent").chain,
        ["with_no_parent"]
    );
    rec.assert_all_closed_once();
}

#[test]
fn parent_none_is_a_root_for_async_fn() {
    let ((), rec) = record_async(|| async_with_no_parent().instrument(info_span!("current")));
    assert_eq!(rec.span_named("async_with_no_parent").parent, None);
    assert_eq!(
        rec.event_with_message("in async_with_no_parent").chain,
        ["async_with_no_parent"]
    );
}

#[test]
fn async_parent_expression_is_evaluated_at_the_first_poll() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let explicit = info_span!("explicit");
        let fut = info_span!("current").in_scope(|| async_with_explicit_parent(explicit));
        assert_eq!(PARENT_EVALUATIONS.load(Ordering::SeqCst), 0);
        assert!(rec.spans_named("async_with_explicit_parent").is_empty());
        fut.await;
        assert_eq!(PARENT_EVALUATIONS.load(Ordering::SeqCst), 1);
    });
    let span = rec.span_named("async_with_explicit_parent");
    assert_eq!(span.parent, Some("explicit"));
    assert_eq!(
        rec.event_with_message("in async_with_explicit_parent")
            .chain,
        ["async_with_explicit_parent", "explicit"]
    );
    rec.assert_all_closed_once();
}
