//! Level filtering through a per-layer `LevelFilter`, and spans with no
//! subscriber at all.
//!
//! Whether a callsite is enabled, and `LevelFilter::current()`, depend on every
//! dispatcher alive in the process (a per-layer filter keeps its layer from
//! recording a span, but the `Registry` still creates it when another live
//! dispatcher wants the callsite), so this file is a binary of its own, and
//! its tests run one at a time and drop their dispatchers before the next one
//! starts. (The static `max_level_*` features cannot be toggled within one
//! build: not tested here.)

use std::cell::Cell;
use std::sync::{Mutex, MutexGuard, PoisonError};

use instrument_runtime::{
    debug_span, error_span, info_span, span, trace_span, warn_span, Instrument, Level, Span,
};
use instrument_tests::{LevelFilter, Recorder};

static SERIAL: Mutex<()> = Mutex::new(());

/// Runs one test at a time. Bind it first so that it is dropped last, after
/// every dispatcher of the test.
fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

#[test]
fn level_filter_current_reflects_the_layer_filter() {
    let _serial = serial();
    let (_, rec) = Recorder::with_max_level(LevelFilter::INFO);
    assert_eq!(LevelFilter::current(), LevelFilter::INFO);
    drop(rec);
    let (_, rec) = Recorder::with_max_level(LevelFilter::DEBUG);
    assert_eq!(LevelFilter::current(), LevelFilter::DEBUG);
    let (_, all) = Recorder::new();
    assert_eq!(LevelFilter::current(), LevelFilter::TRACE);
    drop((rec, all));
}

#[test]
fn disabled_span_records_nothing_and_evaluates_nothing() {
    let _serial = serial();
    let (_, rec) = Recorder::with_max_level(LevelFilter::INFO);
    let evaluated = Cell::new(0);
    let count = || {
        evaluated.set(evaluated.get() + 1);
        1
    };
    rec.with_default(|| {
        let span = debug_span!("hidden", a = count(), b = %count(), c = ?count());
        assert!(span.is_disabled());
        assert!(!span.is_none(), "a disabled span keeps its metadata");
        assert_eq!(span.id(), None);
        assert_eq!(span.metadata().unwrap().name(), "hidden");
        assert_eq!(*span.metadata().unwrap().level(), Level::DEBUG);
        assert_eq!(
            format!("{span:?}"),
            "Span { name: \"hidden\", level: Level(Debug), target: \"runtime_filter\", disabled: true }"
        );

        let parent = info_span!("parent");
        let with_parent = trace_span!(parent: { count(); &parent }, "hidden_child", x = count());
        assert!(with_parent.is_disabled());

        // Every method is a no-op.
        span.record("a", 2);
        span.follows_from(&parent);
        parent.follows_from(&span);
        span.in_scope(|| assert!(Span::current().is_none()));
        drop(span.clone().entered());
    });
    assert_eq!(evaluated.get(), 0, "field and parent expressions ran");
    assert_eq!(rec.trace(), ["new parent", "close parent"]);
}

#[test]
fn disabled_spans_are_transparent() {
    let _serial = serial();
    let (_, rec) = Recorder::with_max_level(LevelFilter::INFO);
    rec.with_default(|| {
        let outer = info_span!("outer");
        let _in_outer = outer.enter();
        let hidden = debug_span!("hidden");
        let _in_hidden = hidden.enter();
        assert_eq!(Span::current(), outer);
        assert_eq!(hidden.clone().or_current(), outer);
        tracing::info!("seen");
        tracing::debug!("not seen");
        let inner = info_span!("inner");
        inner.in_scope(|| tracing::warn!("deep"));
    });
    assert_eq!(rec.event_with_message("seen").chain, ["outer"]);
    assert!(rec.events_with_message("not seen").is_empty());
    assert_eq!(rec.span_named("inner").parent, Some("outer"));
    assert_eq!(rec.event_with_message("deep").chain, ["inner", "outer"]);
    assert!(rec.spans_named("hidden").is_empty());
    rec.assert_all_closed_once();
}

#[test]
fn each_level_against_each_filter() {
    let _serial = serial();
    for (filter, expected) in [
        (LevelFilter::OFF, &[][..]),
        (LevelFilter::ERROR, &["e", "s_error"][..]),
        (LevelFilter::WARN, &["w", "e", "s_error"][..]),
        (LevelFilter::INFO, &["i", "w", "e", "s_error"][..]),
        (
            LevelFilter::DEBUG,
            &["d", "i", "w", "e", "s_debug", "s_error"][..],
        ),
        (
            LevelFilter::TRACE,
            &["t", "d", "i", "w", "e", "s_debug", "s_error"][..],
        ),
    ] {
        let (_, rec) = Recorder::with_max_level(filter);
        let enabled: Vec<&str> = rec.with_default(|| {
            let spans = [
                trace_span!("t"),
                debug_span!("d"),
                info_span!("i"),
                warn_span!("w"),
                error_span!("e"),
                span!(Level::DEBUG, "s_debug"),
                span!(Level::ERROR, "s_error"),
            ];
            spans
                .iter()
                .filter(|span| !span.is_disabled())
                .map(|span| span.metadata().unwrap().name())
                .collect()
        });
        assert_eq!(enabled, expected, "under {filter}");
        let recorded: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
        assert_eq!(recorded, expected, "under {filter}");
        rec.assert_all_closed_once();
    }
}

#[test]
fn disabled_spans_compare_by_callsite() {
    let _serial = serial();
    let (_, rec) = Recorder::with_max_level(LevelFilter::OFF);
    rec.with_default(|| {
        let make = || info_span!("same");
        let a = make();
        let b = make();
        let other = info_span!("other");
        assert!(a.is_disabled() && other.is_disabled());
        assert_eq!(a, b, "disabled spans of one callsite are equal");
        assert_ne!(a, other);
        assert_ne!(a, Span::none());
    });
    assert!(rec.is_empty());
}

#[test]
fn instrumented_with_a_filtered_span() {
    let _serial = serial();
    let (_, rec) = Recorder::with_max_level(LevelFilter::INFO);
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let outer = info_span!("outer");
        async {
            async {
                tokio::task::yield_now().await;
                tracing::info!("inside hidden");
            }
            .instrument(debug_span!("hidden"))
            .await;
        }
        .instrument(outer)
        .await;
    });
    drop(rt);
    assert_eq!(rec.event_with_message("inside hidden").chain, ["outer"]);
    assert_eq!(rec.spans().len(), 1);
    rec.assert_all_closed_once();
}

#[test]
fn without_any_subscriber_spans_are_disabled_and_nothing_is_evaluated() {
    let _serial = serial();
    let evaluated = Cell::new(0);
    let count = || {
        evaluated.set(evaluated.get() + 1);
        1
    };
    let span = info_span!("nobody", a = count(), b = ?count());
    assert!(span.is_disabled());
    assert!(!span.is_none());
    assert_eq!(span.id(), None);
    let meta = span.metadata().unwrap();
    assert_eq!(meta.name(), "nobody");
    assert_eq!(meta.module_path(), Some("runtime_filter"));
    assert_eq!(meta.file(), Some(file!()));
    let child = error_span!(parent: { count(); &span }, "nobody_child");
    assert!(child.is_disabled());
    span.in_scope(|| assert!(Span::current().is_none()));
    assert_eq!(evaluated.get(), 0);
}
