//! The layer among others: fmt and filters, and `pending::dump()` finding
//! it through them, or answering `None` without it.

use instrument_runtime::pending::{self, Dump, Node, PendingLayer, PendingTree};
use instrument_runtime::{debug_span, info_span, instrument};
use instrument_tests::{fmt_layer, FmtBuffer, LevelFilter, Recorder};
use tracing_subscriber::filter::EnvFilter;
use tracing_subscriber::layer::{Layer as _, SubscriberExt as _};

use super::shape;

#[instrument]
fn handle(user: u64) -> Vec<String> {
    let _detail = debug_span!("detail").entered();
    tracing::info!("handling");
    shape(&pending::dump().expect("the layer is found"))
}

#[test]
fn beside_fmt_and_a_global_level_filter() {
    let buffer = FmtBuffer::default();
    let subscriber = tracing_subscriber::registry()
        .with(LevelFilter::INFO)
        .with(fmt_layer(&buffer).with_target(false))
        .with(PendingLayer::new());
    let shape = tracing::subscriber::with_default(subscriber, || handle(7));
    // The DEBUG span is filtered out for every layer.
    assert_eq!(shape, ["handle{user=7} running"]);
    assert_eq!(buffer.lines(), [" INFO handle{user=7}: handling"]);
}

#[test]
fn behind_a_per_layer_env_filter() {
    let buffer = FmtBuffer::default();
    let subscriber = tracing_subscriber::registry()
        .with(fmt_layer(&buffer).with_target(false))
        .with(PendingLayer::new().with_filter(EnvFilter::new("info")));
    let shape = tracing::subscriber::with_default(subscriber, || handle(7));
    // The fmt layer sees everything; the tree only what its filter enables.
    assert_eq!(shape, ["handle{user=7} running"]);
    assert_eq!(buffer.lines(), [" INFO handle{user=7}:detail: handling"]);
}

#[test]
fn behind_a_per_layer_filter_a_span_is_under_its_nearest_enabled_ancestor() {
    let layer = PendingLayer::new();
    let tree = layer.tree();
    let buffer = FmtBuffer::default();
    // The fmt layer enables every span, so `middle` exists; the tree's
    // filter hides it.
    let subscriber = tracing_subscriber::registry()
        .with(fmt_layer(&buffer))
        .with(layer.with_filter(LevelFilter::INFO));
    tracing::subscriber::with_default(subscriber, || {
        let outer = info_span!("outer");
        let middle = outer.in_scope(|| debug_span!("middle"));
        let inner = middle.in_scope(|| info_span!("inner"));
        assert!(!middle.is_disabled());
        assert_eq!(shape(&tree.dump()), ["outer waiting", "  inner waiting"]);
        drop((outer, middle, inner));
    });
    assert!(tree.is_empty());
}

#[test]
fn dump_is_none_without_the_layer() {
    assert!(pending::dump().is_none(), "no dispatcher");
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let _span = info_span!("recorded").entered();
        assert!(pending::dump().is_none(), "a subscriber without the layer");
    });
    let subscriber = tracing_subscriber::registry().with(fmt_layer(&FmtBuffer::default()));
    tracing::subscriber::with_default(subscriber, || {
        assert!(pending::dump().is_none(), "a fmt stack without the layer");
    });
}

#[test]
fn two_layers_in_one_subscriber_each_keep_their_own_table() {
    let first = PendingLayer::new();
    let second = PendingLayer::default();
    let (one, two) = (first.tree(), second.tree());
    let subscriber = tracing_subscriber::registry()
        .with(first)
        .with(second.with_filter(LevelFilter::INFO));
    tracing::subscriber::with_default(subscriber, || {
        let span = info_span!("open");
        let detail = span.in_scope(|| debug_span!("detail"));
        span.in_scope(|| {
            assert_eq!(shape(&one.dump()), ["open running", "  detail waiting"]);
            assert_eq!(shape(&two.dump()), ["open running"]);
        });
        drop((span, detail));
    });
    assert!(one.is_empty() && two.is_empty());
}

#[test]
fn the_api_types_can_be_shared_cloned_and_printed() {
    fn shared<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
    shared::<PendingLayer>();
    shared::<PendingTree>();
    shared::<Dump>();
    shared::<Node>();
    let layer = PendingLayer::default();
    assert_eq!(format!("{:?}", layer.tree()), "PendingTree { len: 0, .. }");
}
