//! The `Span` API: entering, recording, links, identity, and closing.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use instrument_runtime::{field, info_span, warn_span, Span};
use instrument_tests::Recorder;

fn hash_of(span: &Span) -> u64 {
    let mut hasher = DefaultHasher::new();
    span.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn current_is_none_outside_any_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let current = Span::current();
        assert!(current.is_none());
        assert!(current.is_disabled());
        assert_eq!(current.id(), None);
        assert_eq!(current.metadata(), None);
    });
    assert!(rec.is_empty());
}

#[test]
fn current_follows_enter_and_exit() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let outer = info_span!("outer");
        let inner = info_span!("inner");
        {
            let guard = outer.enter();
            assert_eq!(guard.span(), &outer);
            assert_eq!(Span::current(), outer);
            {
                let _inner = inner.enter();
                assert_eq!(Span::current(), inner);
                assert_eq!(Span::current().metadata().unwrap().name(), "inner");
            }
            assert_eq!(Span::current(), outer);
        }
        assert!(Span::current().is_none());
    });
    assert_eq!(
        rec.trace(),
        [
            "new outer",
            "new inner",
            "enter outer",
            "enter inner",
            "exit inner",
            "exit outer",
            "close inner",
            "close outer",
        ]
    );
    // `inner` was created outside `outer`: contextual parents are decided at
    // creation, not at entry.
    assert_eq!(rec.span_named("inner").parent, None);
    rec.assert_enters_balanced();
    rec.assert_all_closed_once();
}

#[test]
fn entered_and_exit_round_trip() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let guard = info_span!("owned").entered();
        assert_eq!(Span::current(), *guard.span());
        // `EnteredSpan` derefs to the span and converts to a parent id.
        assert_eq!(guard.metadata().unwrap().name(), "owned");
        drop(info_span!(parent: &guard, "explicit_child"));
        let span = guard.exit();
        assert!(Span::current().is_none());
        assert!(!span.is_disabled());

        // The span can be entered again after `exit`.
        let again = span.entered();
        tracing::info!("again");
        drop(again);
        assert!(Span::current().is_none());
    });
    assert_eq!(
        rec.trace(),
        [
            "new owned",
            "enter owned",
            "new explicit_child",
            "close explicit_child",
            "exit owned",
            "enter owned",
            "event again",
            "exit owned",
            "close owned",
        ]
    );
    assert_eq!(rec.span_named("explicit_child").parent, Some("owned"));
    assert_eq!(rec.event_with_message("again").chain, ["owned"]);
}

#[test]
fn in_scope_returns_the_closure_value_inside_the_span() {
    let (_, rec) = Recorder::new();
    let n = rec.with_default(|| {
        let span = info_span!("compute");
        span.in_scope(|| {
            tracing::info!("working");
            assert_eq!(Span::current(), span);
            6 * 7
        })
    });
    assert_eq!(n, 42);
    assert_eq!(
        rec.trace(),
        [
            "new compute",
            "enter compute",
            "event working",
            "exit compute",
            "close compute",
        ]
    );
}

#[test]
fn in_scope_exits_when_the_closure_panics() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = info_span!("panicky");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            span.in_scope(|| panic!("boom"));
        }));
        assert!(result.is_err());
        assert!(Span::current().is_none());
    });
    let span = rec.span_named("panicky");
    assert_eq!((span.entered, span.exited, span.closed), (1, 1, 1));
}

#[test]
fn reentering_the_same_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = info_span!("again");
        let _a = span.enter();
        let _b = span.enter();
        tracing::info!("twice");
    });
    let span = rec.span_named("again");
    assert_eq!((span.entered, span.exited, span.closed), (2, 2, 1));
    assert_eq!(rec.event_with_message("twice").chain, ["again"]);
}

#[test]
fn record_merges_fields_and_chains() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = info_span!("req", a = 1, b = field::Empty, c = field::Empty);
        span.record("b", "bee").record("c", field::debug("sea"));
        span.record("a", 10);
        // Undeclared fields are ignored without a call to the subscriber.
        span.record("zzz", 1);
        // Recording on a disabled span is a no-op.
        Span::none().record("a", 1);
    });
    let span = rec.span_named("req");
    let fields: Vec<(&str, &str)> = span
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(fields, [("a", "10"), ("b", "bee"), ("c", "\"sea\"")]);
    assert_eq!(
        rec.trace(),
        [
            "new req",
            "record req b=bee",
            "record req c=\"sea\"",
            "record req a=10",
            "close req",
        ]
    );
}

#[test]
fn follows_from_links_spans() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let producer = info_span!("producer");
        let other = info_span!("other");
        let consumer = info_span!("consumer");
        consumer
            .follows_from(&producer)
            .follows_from(other.id())
            .follows_from(producer.id().unwrap());
        // Disabled on either side: nothing is recorded.
        consumer.follows_from(Span::none());
        Span::none().follows_from(&producer);
        // `tracing`'s spans can be causes too.
        let theirs = tracing::info_span!("theirs");
        consumer.follows_from(theirs.id());
    });
    let producer = rec.span_named("producer").index;
    let other = rec.span_named("other").index;
    let theirs = rec.span_named("theirs").index;
    assert_eq!(
        rec.span_named("consumer").follows_from,
        [producer, other, producer, theirs]
    );
    assert_eq!(rec.span_named("consumer").parent, None);
    assert!(rec
        .trace()
        .contains(&"follows consumer <- producer".to_owned()));
    rec.assert_all_closed_once();
}

#[test]
fn or_current_prefers_an_enabled_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let outer = info_span!("outer");
        let own = info_span!("own");
        assert_eq!(own.clone().or_current(), own);
        assert!(Span::none().or_current().is_none());
        let _g = outer.enter();
        assert_eq!(own.clone().or_current(), own);
        assert_eq!(Span::none().or_current(), outer);
    });
    rec.assert_all_closed_once();
}

#[test]
fn none_and_default() {
    let none = Span::none();
    assert!(none.is_none());
    assert!(none.is_disabled());
    assert_eq!(none.id(), None);
    assert_eq!(none.metadata(), None);
    assert_eq!(none.fields(), None);
    assert_eq!(Span::default(), none);
    // Every method is a no-op.
    none.in_scope(|| ());
    none.record("x", 1).follows_from(Span::none());
    drop(none.clone().entered().exit());
    assert_eq!(format!("{none:?}"), "Span { disabled: true }");
}

#[test]
fn id_matches_the_subscriber_id() {
    let (_, rec) = Recorder::new();
    let id = rec.with_default(|| {
        let span = info_span!("with_id");
        let id = span.id().expect("an enabled span has an id");
        assert_eq!(
            Option::<instrument_runtime::Id>::from(&span),
            Some(id.clone())
        );
        assert_eq!(tracing::Span::current().id(), None);
        id
    });
    assert_eq!(rec.span_named("with_id").id, id.into_u64());
}

#[test]
fn clone_is_the_same_span_and_closes_once_after_both_drop() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = info_span!("shared");
        let copy = span.clone();
        assert_eq!(span, copy);
        assert_eq!(span.id(), copy.id());
        assert_eq!(hash_of(&span), hash_of(&copy));
        drop(span);
        assert_eq!(
            rec.span_named("shared").closed,
            0,
            "closed with a handle left"
        );
        copy.in_scope(|| tracing::info!("still open"));
        drop(copy);
        assert_eq!(rec.span_named("shared").closed, 1);
    });
    assert_eq!(rec.event_with_message("still open").chain, ["shared"]);
    rec.assert_all_closed_once();
}

#[test]
fn current_is_a_handle_that_keeps_the_span_open() {
    let (_, rec) = Recorder::new();
    let kept = rec.with_default(|| {
        let span = info_span!("kept");
        let current = span.in_scope(Span::current);
        drop(span);
        current
    });
    assert_eq!(rec.span_named("kept").closed, 0);
    drop(kept);
    rec.assert_all_closed_once();
}

#[test]
fn equality_and_hash() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let make = || info_span!("same_callsite");
        let a = make();
        let b = make();
        assert_ne!(a, b, "two spans of one callsite are different spans");
        assert_eq!(a, a.clone());
        assert_ne!(a, Span::none());

        let mut set = HashSet::new();
        set.insert(a.clone());
        set.insert(b.clone());
        set.insert(a.clone());
        assert_eq!(set.len(), 2);
        assert!(set.contains(&a));
        assert!(set.contains(&b));
        assert!(!set.contains(&Span::none()));
    });
    rec.assert_all_closed_once();
}

#[test]
fn debug_shows_name_level_target_and_id() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = warn_span!(target: "dbg_target", "dbg");
        let id = span.id().unwrap();
        assert_eq!(
            format!("{span:?}"),
            format!(
                "Span {{ name: \"dbg\", level: Level(Warn), target: \"dbg_target\", id: {id:?} }}"
            )
        );
        let guard = span.enter();
        assert!(format!("{guard:?}").starts_with("Entered(Span { name: \"dbg\""));
        drop(guard);
        let entered = span.clone().entered();
        assert!(format!("{entered:?}").starts_with("EnteredSpan(Span { name: \"dbg\""));
    });
}

#[test]
fn span_moved_to_another_thread() {
    let (dispatch, rec) = Recorder::new();
    let span = rec.with_default(|| info_span!("travels"));
    std::thread::spawn(move || {
        tracing::dispatcher::with_default(&dispatch, || {
            span.in_scope(|| {
                let _child = info_span!("child_on_thread");
                tracing::info!("on thread");
            });
        });
    })
    .join()
    .unwrap();
    assert_eq!(rec.span_named("child_on_thread").parent, Some("travels"));
    assert_eq!(
        rec.event_with_message("on thread").chain,
        ["travels"],
        "{rec:?}"
    );
    rec.assert_all_closed_once();
}

#[test]
fn span_remembers_its_dispatcher() {
    let (_, first) = Recorder::new();
    let (_, second) = Recorder::new();
    let span = first.with_default(|| info_span!("born_in_first"));
    second.with_default(|| {
        span.in_scope(|| ());
        span.record("nothing", 1);
        drop(span);
    });
    assert!(second.is_empty(), "{second:?}");
    assert_eq!(
        first.trace(),
        [
            "new born_in_first",
            "enter born_in_first",
            "exit born_in_first",
            "close born_in_first",
        ]
    );
}
