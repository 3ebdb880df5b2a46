//! `follows_from`: every cause linked right after the span is created,
//! evaluated at the first poll for an `async fn`.

use std::sync::atomic::{AtomicUsize, Ordering};

use instrument_runtime::{info_span, instrument, Id, Span};
use instrument_tests::{record, Action, Recorder};

#[instrument(skip_all, follows_from = [first, second])]
fn follows_two(first: &Span, second: &Span) {}

static CAUSE_EVALUATIONS: AtomicUsize = AtomicUsize::new(0);

fn counted_causes(causes: &[Span]) -> Vec<Option<Id>> {
    CAUSE_EVALUATIONS.fetch_add(1, Ordering::SeqCst);
    causes.iter().map(Span::id).collect()
}

#[instrument(skip_all, follows_from = counted_causes(&causes))]
async fn async_follows(causes: Vec<Span>) {}

#[test]
fn follows_from_links_every_cause() {
    let ((), rec) = record(|| {
        let a = info_span!("cause_a");
        let b = info_span!("cause_b");
        follows_two(&a, &b);
    });
    let span = rec.span_named("follows_two");
    let a = rec.span_named("cause_a").index;
    let b = rec.span_named("cause_b").index;
    assert_eq!(span.follows_from, [a, b]);
    // Linked right after the span is created, before it is entered.
    let actions = rec.actions();
    let created = actions
        .iter()
        .position(|x| *x == Action::NewSpan { span: span.index })
        .unwrap();
    assert_eq!(
        actions[created + 1..created + 3],
        [
            Action::FollowsFrom {
                span: span.index,
                cause: a
            },
            Action::FollowsFrom {
                span: span.index,
                cause: b
            },
        ]
    );
}

#[test]
fn async_follows_from_is_evaluated_at_the_first_poll() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let causes = vec![info_span!("cause_c"), info_span!("cause_d")];
        let fut = async_follows(causes);
        assert_eq!(CAUSE_EVALUATIONS.load(Ordering::SeqCst), 0);
        fut.await;
        assert_eq!(CAUSE_EVALUATIONS.load(Ordering::SeqCst), 1);
    });
    let span = rec.span_named("async_follows");
    assert_eq!(
        span.follows_from,
        [
            rec.span_named("cause_c").index,
            rec.span_named("cause_d").index
        ]
    );
}
