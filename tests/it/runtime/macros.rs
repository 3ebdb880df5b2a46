//! The span macros: every field form, `target:`, `parent:`, levels, and when
//! field expressions are evaluated.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use instrument_runtime::{
    debug_span, error_span, field, info_span, span, trace_span, warn_span, Level, Span,
};
use instrument_tests::Recorder;

/// A value whose `Display` and `Debug` differ, to tell `%` from `?`.
struct Both;

impl fmt::Display for Both {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("shown")
    }
}

impl fmt::Debug for Both {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Both(debugged)")
    }
}

struct Conn {
    id: u32,
    peer: Peer,
}

struct Peer {
    addr: &'static str,
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn value_fields_record_primitives_raw_strings_and_debug() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let owned = String::from("owned");
        let _span = info_span!(
            "values",
            int = 1,
            neg = -7_i64,
            unsigned = 3_u64,
            float = 1.5_f64,
            flag = true,
            text = "plain",
            string = owned.clone(),
            borrowed = &owned,
            some = Some(4_u8),
            none = None::<u8>,
            trailing = 'x' as u32,
        );
    });
    let span = rec.span_named("values");
    assert_eq!(
        span.fields,
        fields(&[
            ("int", "1"),
            ("neg", "-7"),
            ("unsigned", "3"),
            ("float", "1.5"),
            ("flag", "true"),
            ("text", "plain"),
            ("string", "owned"),
            ("borrowed", "owned"),
            ("some", "4"),
            ("trailing", "120"),
        ])
    );
    assert_eq!(
        span.declared,
        [
            "int", "neg", "unsigned", "float", "flag", "text", "string", "borrowed", "some",
            "none", "trailing"
        ]
    );
    rec.assert_all_closed_once();
}

#[test]
fn shorthand_display_and_debug_fields() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let count = 5_u64;
        let both = Both;
        let name = "ferris";
        let _a = info_span!("shorthand", count, %both, ?name);
        let _b = info_span!("sigils", shown = %both, debugged = ?both, text = ?name, plain = %name);
    });
    assert_eq!(
        rec.span_named("shorthand").fields,
        fields(&[("count", "5"), ("both", "shown"), ("name", "\"ferris\"")])
    );
    assert_eq!(
        rec.span_named("sigils").fields,
        fields(&[
            ("shown", "shown"),
            ("debugged", "Both(debugged)"),
            ("text", "\"ferris\""),
            ("plain", "ferris"),
        ])
    );
}

#[test]
fn dotted_string_and_keyword_names() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let conn = Conn {
            id: 9,
            peer: Peer { addr: "10.0.0.1" },
        };
        let r#type = "raw";
        let _span = info_span!(
            "names",
            http.request.method = "GET",
            conn.id,
            %conn.peer.addr,
            "string name" = 2,
            "with.dots and spaces" = ?Both,
            r#type,
            r#match = 3,
            loop = 4,
        );
    });
    let span = rec.span_named("names");
    assert_eq!(
        span.fields,
        fields(&[
            ("http.request.method", "GET"),
            ("conn.id", "9"),
            ("conn.peer.addr", "10.0.0.1"),
            ("string name", "2"),
            ("with.dots and spaces", "Both(debugged)"),
            ("type", "raw"),
            ("match", "3"),
            ("loop", "4"),
        ])
    );
    assert_eq!(
        span.declared,
        [
            "http.request.method",
            "conn.id",
            "conn.peer.addr",
            "string name",
            "with.dots and spaces",
            "type",
            "match",
            "loop"
        ]
    );
}

#[test]
fn empty_fields_are_declared_then_recorded() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let span = info_span!(
            "late",
            status = field::Empty,
            full = instrument_runtime::field::Empty,
            tracing_empty = tracing::field::Empty,
            known = 1,
        );
        assert_eq!(
            span.fields()
                .unwrap()
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>(),
            ["status", "full", "tracing_empty", "known"]
        );
        span.record("status", 200_u16);
        span.record("full", "yes");
        span.record("known", 2);
        span.record("not_declared", 3);
        span.record("tracing_empty", field::display(Both));
    });
    let span = rec.span_named("late");
    assert_eq!(
        span.fields,
        fields(&[
            ("status", "200"),
            ("full", "yes"),
            ("known", "2"),
            ("tracing_empty", "shown"),
        ])
    );
    assert_eq!(
        rec.trace(),
        [
            "new late",
            "record late status=200",
            "record late full=yes",
            "record late known=2",
            "record late tracing_empty=shown",
            "close late",
        ]
    );
}

#[test]
fn field_expressions_run_once_in_order() {
    let (_, rec) = Recorder::new();
    let log = std::cell::RefCell::new(Vec::new());
    let next = |tag: &'static str| {
        log.borrow_mut().push(tag);
        log.borrow().len()
    };
    rec.with_default(|| {
        let _span = info_span!("order", a = next("a"), b = %next("b"), c = ?next("c"));
    });
    assert_eq!(*log.borrow(), ["a", "b", "c"]);
    assert_eq!(
        rec.span_named("order").fields,
        fields(&[("a", "1"), ("b", "2"), ("c", "3")])
    );
}

#[test]
fn names_may_be_constants() {
    const NAME: &str = "from_const";
    const TARGET: &str = "const_target";
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let _span = info_span!(target: TARGET, NAME, k = 1);
    });
    let span = rec.span_named("from_const");
    assert_eq!(span.target, "const_target");
    assert_eq!(span.fields, fields(&[("k", "1")]));
}

#[test]
fn default_target_is_the_module_path() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let _top = info_span!("top");
        inner::make();
    });
    assert_eq!(rec.span_named("top").target, "it::runtime::macros");
    assert_eq!(
        rec.span_named("nested").target,
        "it::runtime::macros::inner"
    );
}

mod inner {
    pub(crate) fn make() {
        let _span = instrument_runtime::info_span!("nested");
    }
}

#[test]
fn level_shorthands_and_span_with_a_level() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let _t = trace_span!("t");
        let _d = debug_span!("d");
        let _i = info_span!("i");
        let _w = warn_span!("w");
        let _e = error_span!("e");
        let _s1 = span!(Level::DEBUG, "s_debug");
        let _s2 = span!(Level::ERROR, "s_error", x = 1);
        let _s3 = span!(instrument_runtime::Level::TRACE, "s_trace");
        let _s4 = span!(tracing::Level::WARN, "s_tracing_level");
    });
    let levels: Vec<(&str, Level)> = rec.spans().iter().map(|s| (s.name, s.level)).collect();
    assert_eq!(
        levels,
        [
            ("t", Level::TRACE),
            ("d", Level::DEBUG),
            ("i", Level::INFO),
            ("w", Level::WARN),
            ("e", Level::ERROR),
            ("s_debug", Level::DEBUG),
            ("s_error", Level::ERROR),
            ("s_trace", Level::TRACE),
            ("s_tracing_level", Level::WARN),
        ]
    );
    assert_eq!(rec.span_named("s_error").fields, fields(&[("x", "1")]));
    for span in rec.spans() {
        assert_eq!(span.target, "it::runtime::macros");
        assert_eq!(span.parent, None);
    }
    rec.assert_all_closed_once();
}

#[test]
fn every_macro_takes_target_and_parent() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let root = info_span!("root");
        let _other = info_span!("other").entered();
        let _a = trace_span!(target: "t1", parent: &root, "a", n = 1);
        let _b = debug_span!(target: "t2", parent: &root, "b");
        let _c = info_span!(parent: &root, target: "t3", "c");
        let _d = warn_span!(parent: &root, "d");
        let _e = error_span!(target: "t5", "e");
        let _f = span!(target: "t6", parent: &root, Level::INFO, "f", n = 2);
        let _g = span!(parent: None, Level::INFO, "g");
    });
    let got: Vec<(&str, &str, Option<&str>)> = rec
        .spans()
        .iter()
        .map(|s| (s.name, s.target, s.parent))
        .collect();
    assert_eq!(
        got,
        [
            ("root", "it::runtime::macros", None),
            ("other", "it::runtime::macros", None),
            ("a", "t1", Some("root")),
            ("b", "t2", Some("root")),
            ("c", "t3", Some("root")),
            ("d", "it::runtime::macros", Some("root")),
            ("e", "t5", Some("other")),
            ("f", "t6", Some("root")),
            ("g", "it::runtime::macros", None),
        ]
    );
    assert_eq!(rec.span_named("a").fields, fields(&[("n", "1")]));
    assert_eq!(rec.span_named("f").fields, fields(&[("n", "2")]));
    rec.assert_all_closed_once();
}

#[test]
fn contextual_parent_is_the_entered_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let outer = info_span!("outer");
        let _g = outer.enter();
        let middle = info_span!("middle");
        middle.in_scope(|| {
            let _leaf = info_span!("leaf");
        });
        let _sibling = info_span!("sibling");
    });
    assert_eq!(rec.span_named("outer").parent, None);
    assert_eq!(rec.span_named("middle").parent, Some("outer"));
    assert_eq!(rec.span_named("leaf").parent, Some("middle"));
    assert_eq!(rec.span_named("sibling").parent, Some("outer"));
    let leaf = rec.span_named("leaf");
    assert_eq!(rec.ancestry(&leaf), ["leaf", "middle", "outer"]);
    rec.assert_all_closed_once();
}

#[test]
fn explicit_parent_forms() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let a = info_span!("a");
        let b = info_span!("b");
        let _in_b = b.enter();
        // `parent: None` gives a root even inside `b`.
        let _root = info_span!(parent: None, "root_here");
        // A `&Span`, a `Span` by value, an `Option<Id>` and an `Id`.
        let _by_ref = info_span!(parent: &a, "by_ref");
        let _by_value = info_span!(parent: a.clone(), "by_value");
        let _by_option = info_span!(parent: a.id(), "by_option");
        let _by_id = info_span!(parent: a.id().unwrap(), "by_id");
        // A disabled parent means "no parent", as in `tracing`.
        let _under_none = info_span!(parent: &Span::none(), "under_none");
        // `tracing`'s spans work as parents through their ids.
        let theirs = tracing::info_span!("theirs");
        let _by_tracing = info_span!(parent: theirs.id(), "under_theirs");
        // The span current now, named explicitly.
        let _current = info_span!(parent: Span::current(), "under_current");
    });
    let parent = |name| rec.span_named(name).parent;
    assert_eq!(parent("root_here"), None);
    assert_eq!(parent("by_ref"), Some("a"));
    assert_eq!(parent("by_value"), Some("a"));
    assert_eq!(parent("by_option"), Some("a"));
    assert_eq!(parent("by_id"), Some("a"));
    assert_eq!(parent("under_none"), None);
    assert_eq!(parent("under_theirs"), Some("theirs"));
    assert_eq!(parent("under_current"), Some("b"));
    rec.assert_all_closed_once();
}

#[test]
fn explicit_parent_and_fields_are_evaluated_once() {
    let evaluated = Cell::new(0);
    let parent = || {
        evaluated.set(evaluated.get() + 1);
        None::<instrument_runtime::Id>
    };
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let _span = info_span!(parent: parent(), "p", v = {
            evaluated.set(evaluated.get() + 10);
            1
        });
    });
    assert_eq!(evaluated.get(), 11);
    let span = rec.span_named("p");
    assert_eq!(span.fields, fields(&[("v", "1")]));
    assert_eq!(span.parent, None);
}

#[test]
fn metadata_of_an_enabled_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let line = line!() + 1;
        let span = warn_span!(target: "meta_target", "meta", a = 1, b = field::Empty);
        let meta = span.metadata().unwrap();
        assert_eq!(meta.name(), "meta");
        assert_eq!(meta.target(), "meta_target");
        assert_eq!(*meta.level(), Level::WARN);
        assert_eq!(meta.file(), Some(file!()));
        assert_eq!(meta.line(), Some(line));
        assert_eq!(meta.module_path(), Some("it::runtime::macros"));
        assert!(meta.is_span());
        let names: Vec<&str> = meta.fields().iter().map(|f| f.name()).collect();
        assert_eq!(names, ["a", "b"]);
    });
    assert_eq!(rec.span_named("meta").declared, ["a", "b"]);
}

#[test]
fn each_call_site_is_its_own_callsite_and_each_call_a_new_span() {
    let (_, rec) = Recorder::new();
    let make = |i: u32| info_span!("loop", i);
    rec.with_default(|| {
        let spans: Vec<Span> = (0..3).map(make).collect();
        assert_ne!(spans[0], spans[1]);
        assert_eq!(
            spans[0].metadata().unwrap().callsite(),
            spans[1].metadata().unwrap().callsite()
        );
        let other = info_span!("loop");
        assert_ne!(
            other.metadata().unwrap().callsite(),
            spans[0].metadata().unwrap().callsite()
        );
    });
    let values: Vec<String> = rec
        .spans_named("loop")
        .iter()
        .map(|s| s.fields.get("i").cloned().unwrap_or_default())
        .collect();
    assert_eq!(values, ["0", "1", "2", ""]);
    rec.assert_all_closed_once();
}
