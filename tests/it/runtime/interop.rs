//! Our spans and `tracing`'s mix: both go to the same subscriber.

use instrument_runtime::{debug_span, info_span, Span};
use instrument_tests::{fmt_layer, FmtBuffer, Recorder};
use tracing_subscriber::layer::SubscriberExt as _;

#[test]
fn tracing_events_land_in_our_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let outer = info_span!("outer", k = 1);
        let _g = outer.enter();
        tracing::info!(n = 5, "in outer");
        info_span!("inner").in_scope(|| {
            tracing::warn!("in inner");
            tracing::debug!(?outer, "debug event");
        });
    });
    let event = rec.event_with_message("in outer");
    assert_eq!(event.chain, ["outer"]);
    assert_eq!(event.fields["n"], "5");
    assert_eq!(event.level, tracing::Level::INFO);
    assert_eq!(event.target, "it::runtime::interop");
    assert_eq!(rec.event_with_message("in inner").chain, ["inner", "outer"]);
    assert_eq!(
        rec.event_with_message("debug event").chain,
        ["inner", "outer"]
    );
    rec.assert_all_closed_once();
}

#[test]
fn tracing_current_span_sees_ours() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let ours = info_span!("ours");
        ours.in_scope(|| {
            let theirs = tracing::Span::current();
            assert_eq!(theirs.id(), ours.id());
            assert_eq!(theirs.metadata().unwrap().name(), "ours");
            // Recording through `tracing`'s handle reaches the same span.
            theirs.record("nothing_declared", 1);
        });
        assert!(tracing::Span::current().is_none());
    });
    rec.assert_all_closed_once();
}

#[test]
fn tracing_span_inside_ours_is_its_child_and_back() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let ours = info_span!("ours");
        let _g = ours.enter();
        let theirs = tracing::info_span!("theirs", t = 2);
        theirs.in_scope(|| {
            // Our `Span::current()` sees `tracing`'s span.
            let current = Span::current();
            assert_eq!(current.id(), theirs.id());
            assert_eq!(current.metadata().unwrap().name(), "theirs");
            let _ours_again = info_span!("ours_again").entered();
            tracing::info!("deep");
        });
    });
    assert_eq!(rec.span_named("theirs").parent, Some("ours"));
    assert_eq!(rec.span_named("theirs").fields["t"], "2");
    assert_eq!(rec.span_named("ours_again").parent, Some("theirs"));
    assert_eq!(
        rec.event_with_message("deep").chain,
        ["ours_again", "theirs", "ours"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn tracing_explicit_parents_accept_our_spans() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let ours = info_span!("ours");
        tracing::info!(parent: &ours, "explicit event");
        let entered = info_span!("entered_one").entered();
        tracing::info!(parent: &entered, "parent is entered span");
        tracing::info!(parent: None, "root event");
        drop(entered);
        let theirs = tracing::info_span!(parent: &ours, "theirs_child");
        drop(theirs);
    });
    assert_eq!(rec.event_with_message("explicit event").chain, ["ours"]);
    assert_eq!(
        rec.event_with_message("parent is entered span").chain,
        ["entered_one"]
    );
    assert!(rec.event_with_message("root event").chain.is_empty());
    assert_eq!(rec.span_named("theirs_child").parent, Some("ours"));
    rec.assert_all_closed_once();
}

#[test]
fn our_spans_follow_from_theirs_and_theirs_from_ours() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let ours = info_span!("ours");
        let theirs = tracing::info_span!("theirs");
        ours.follows_from(theirs.id());
        theirs.follows_from(&ours);
    });
    let ours = rec.span_named("ours");
    let theirs = rec.span_named("theirs");
    assert_eq!(ours.follows_from, [theirs.index]);
    assert_eq!(theirs.follows_from, [ours.index]);
}

#[test]
fn fmt_subscriber_prints_our_spans_and_fields() {
    let buffer = FmtBuffer::default();
    let subscriber = tracing_subscriber::registry().with(fmt_layer(&buffer));
    tracing::subscriber::with_default(subscriber, || {
        let request = info_span!("request", method = "GET", id = 7_u64);
        let _g = request.enter();
        info_span!("handler", path = %"/index.html").in_scope(|| {
            tracing::info!(status = 200, "done");
        });
    });
    let text = buffer.text();
    assert_eq!(
        text.trim_end(),
        " INFO request{method=\"GET\" id=7}:handler{path=/index.html}: it::runtime::interop: done status=200",
        "{text}"
    );
}

#[test]
fn env_filter_span_directives_see_our_spans() {
    let buffer = FmtBuffer::default();
    let filter = tracing_subscriber::EnvFilter::new("info,[special]=debug");
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(fmt_layer(&buffer));
    tracing::subscriber::with_default(subscriber, || {
        tracing::debug!("outside: filtered out");
        info_span!("special").in_scope(|| tracing::debug!("inside special: kept"));
        info_span!("ordinary").in_scope(|| tracing::debug!("inside ordinary: filtered out"));
        let hidden = debug_span!("hidden_debug_span");
        assert!(hidden.is_disabled(), "a DEBUG span outside `special`");
        tracing::info!("info: kept");
    });
    let text = buffer.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "DEBUG special: it::runtime::interop: inside special: kept",
            " INFO it::runtime::interop: info: kept",
        ],
        "{text}"
    );
}
