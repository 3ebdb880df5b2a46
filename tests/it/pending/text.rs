//! What a dump says about each span: its fields as the fmt layer prints
//! them, values recorded later, bounds, and the text of the whole dump.

use std::time::Duration;

use instrument_runtime::{field, info_span, instrument, Span};
use instrument_tests::{fmt_layer, ChainError, FmtBuffer};
use tracing_subscriber::layer::SubscriberExt as _;

use super::{assert_times_ordered, pending_dispatch, shape};
use instrument_runtime::pending::PendingLayer;

#[test]
fn fields_read_as_the_fmt_layer_prints_them() {
    let buffer = FmtBuffer::default();
    let layer = PendingLayer::new();
    let tree = layer.tree();
    let subscriber = tracing_subscriber::registry()
        .with(fmt_layer(&buffer).with_target(false))
        .with(layer);
    let error = ChainError::new(["could not save", "disk full"]);
    tracing::subscriber::with_default(subscriber, || {
        let error: &(dyn std::error::Error + 'static) = &error;
        let span = info_span!(
            "fields",
            n = 7_u64,
            neg = -2_i64,
            yes = true,
            name = "ferris",
            shown = %"shown",
            debugged = ?Some(1),
            r#type = "raw",
            error,
        );
        let ours = tree.dump().roots()[0].fields().to_owned();
        span.in_scope(|| tracing::info!("inside"));
        let line = buffer.lines().pop().expect("the fmt line");
        let theirs = line
            .strip_prefix(" INFO fields{")
            .and_then(|rest| rest.strip_suffix("}: inside"))
            .expect("the fmt layer's span fields");
        assert_eq!(ours, theirs);
        assert_eq!(
            ours,
            "n=7 neg=-2 yes=true name=\"ferris\" shown=shown debugged=Some(1) type=\"raw\" \
             error=could not save error.sources=[disk full]"
        );
    });
}

#[test]
fn a_message_field_is_its_bare_text() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let _span = info_span!("note", message = "hello there", n = 1_u64);
        assert_eq!(tree.dump().roots()[0].fields(), "hello there n=1");
    });
}

#[instrument(fields(status = field::Empty, progress = field::Empty))]
fn job(id: u64) -> String {
    let span = Span::current();
    span.record("status", "started");
    span.record("progress", 10_u64);
    span.record("progress", 90_u64);
    span.record("status", "finishing");
    instrument_runtime::pending::dump()
        .expect("the layer")
        .roots()[0]
        .fields()
        .to_owned()
}

#[test]
fn values_recorded_later_update_the_text() {
    let (dispatch, _tree) = pending_dispatch();
    let fields = tracing::dispatcher::with_default(&dispatch, || job(3));
    // New fields come after the others, in the order first recorded; a field
    // recorded again keeps its place with its new value.
    assert_eq!(fields, "id=3 status=\"finishing\" progress=90");
}

#[test]
fn values_recorded_later_update_the_text_of_a_span_with_many_fields() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let span = info_span!(
            "many",
            a = 1_u64,
            b = 2_u64,
            c = 3_u64,
            d = 4_u64,
            e = field::Empty,
            f = 6_u64,
            g = field::Empty,
        );
        span.record("g", "late");
        span.record("b", -20_i64);
        span.record("e", true);
        span.record("f", 60_u64);
        assert_eq!(
            tree.dump().roots()[0].fields(),
            "a=1 b=-20 c=3 d=4 f=60 g=\"late\" e=true"
        );
    });
}

/// A value whose `Debug` records into its own span while it is formatted.
struct RecordsWhileFormatted(Span);

impl std::fmt::Debug for RecordsWhileFormatted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.record("inner", 1_u64);
        f.write_str("outer")
    }
}

#[test]
fn a_value_that_records_into_its_span_while_formatted_does_not_deadlock() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let span = info_span!("reentrant", outer = field::Empty, inner = field::Empty);
        span.record("outer", field::debug(RecordsWhileFormatted(span.clone())));
        assert_eq!(tree.dump().roots()[0].fields(), "inner=1 outer=outer");
    });
}

#[test]
fn a_huge_value_is_cut_and_marked() {
    let (dispatch, tree) = pending_dispatch();
    let huge = "x".repeat(1_000_000);
    tracing::dispatcher::with_default(&dispatch, || {
        let _span = info_span!("upload", body = huge.as_str(), after = 1_u64);
        let _many = info_span!(
            "many",
            a = huge.as_str(),
            b = huge.as_str(),
            c = huge.as_str(),
            d = huge.as_str(),
            e = huge.as_str(),
            f = huge.as_str(),
        );
        let dump = tree.dump();
        let upload = &dump.roots()[0];
        // The value is cut, the cut marked, and the next field still there.
        let (body, after) = upload.fields().split_once(' ').expect("two fields");
        assert!(body.starts_with("body=\"xxxx"), "{body}");
        assert!(body.ends_with('…'), "{body}");
        assert!(body.len() < 200, "{}", body.len());
        assert_eq!(after, "after=1");
        // Many huge values: the whole text is bounded too, and marked.
        let many = &dump.roots()[1];
        assert!(many.fields().len() < 1_000, "{}", many.fields().len());
        assert!(many.fields().ends_with(" …"), "{}", many.fields());
        assert!(dump.to_string().len() < 2_000);
    });
}

#[test]
fn a_span_is_always_one_line() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let _span = info_span!(
            "multiline",
            text = %"first\nsecond\u{1b}[31m",
            message = "one\ntwo",
            debugged = ?"a\nb"
        );
        let dump = tree.dump();
        assert_eq!(dump.to_string().lines().count(), 1, "{dump}");
        assert_eq!(
            dump.roots()[0].fields(),
            "text=first\\nsecond\\u{1b}[31m one\\ntwo debugged=\"a\\nb\""
        );
    });
}

#[test]
fn the_text_shows_the_tree_times_and_marks() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let request = info_span!("request", id = 1_u64);
        let query = request.in_scope(|| info_span!("query", table = "orders"));
        std::thread::sleep(Duration::from_millis(5));
        let _running = query.enter();
        let dump = tree
            .dump()
            .mark_waiting_longer_than(Duration::from_millis(2));
        assert_times_ordered(&dump);
        let text = dump.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        // request{id=1} open 5.10ms, waiting 5.09ms, busy 9.02µs  <- waiting over 2.00ms
        let (head, rest) = lines[0].split_once(" open ").expect("open");
        assert_eq!(head, "request{id=1}");
        let parts: Vec<&str> = rest.split(", ").collect();
        assert_eq!(parts.len(), 3, "{rest}");
        assert!(parts[1].starts_with("waiting "), "{rest}");
        assert!(parts[2].starts_with("busy "), "{rest}");
        assert!(parts[2].ends_with("  <- waiting over 2.00ms"), "{rest}");
        //   query{table="orders"} open 5.08ms, running 1.20µs, busy 1.20µs
        assert!(
            lines[1].starts_with("  query{table=\"orders\"} open "),
            "{text}"
        );
        assert!(lines[1].contains(", running "), "{text}");
        assert!(
            !lines[1].contains("<-"),
            "a running span is not marked: {text}"
        );
        // Every duration reads as a number and a unit.
        for duration in [parts[0], &parts[1]["waiting ".len()..]] {
            let unit_at = duration
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .expect("a unit");
            assert!(duration[..unit_at].parse::<f64>().is_ok(), "{duration}");
            assert!(
                ["ns", "µs", "ms", "s"].contains(&&duration[unit_at..]),
                "{duration}"
            );
        }
        // With the default threshold (1s), nothing is marked.
        assert!(!tree.dump().to_string().contains("<-"));
        drop(request);
    });
}

#[test]
fn longer_than_keeps_the_branches_holding_old_spans() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let old = info_span!("old");
        let old_child = old.in_scope(|| info_span!("old_child"));
        let other = info_span!("other_root");
        std::thread::sleep(Duration::from_millis(5));
        let new = old_child.in_scope(|| info_span!("new"));
        let new_root = info_span!("new_root");
        let dump = tree.dump();
        assert_eq!(
            shape(&dump),
            [
                "old waiting",
                "  old_child waiting",
                "    new waiting",
                "other_root waiting",
                "new_root waiting",
            ]
        );
        // Older than `new`: the spans opened before the sleep.
        let threshold = dump.roots()[0].children()[0].children()[0].elapsed();
        let long = dump.longer_than(threshold);
        assert_eq!(
            shape(&long),
            ["old waiting", "  old_child waiting", "other_root waiting"],
        );
        assert_eq!(long.len(), 3);
        assert!(dump.longer_than(dump.roots()[0].elapsed()).is_empty());
        // The original is unchanged, and clones are equal in text.
        assert_eq!(dump.len(), 5);
        assert_eq!(dump.clone().to_string(), dump.to_string());
        drop((old, old_child, other, new, new_root));
    });
}

#[test]
fn a_deep_chain_dumps_prints_clones_and_drops() {
    const DEPTH: usize = 10_000;
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let mut chain = vec![info_span!("level", depth = 0_usize)];
        for depth in 1..DEPTH {
            let next = chain
                .last()
                .expect("one")
                .in_scope(|| info_span!("level", depth));
            chain.push(next);
        }
        let dump = tree.dump();
        assert_eq!(dump.len(), DEPTH);
        let mut node = &dump.roots()[0];
        let mut depth = 1;
        while let Some(child) = node.children().first() {
            node = child;
            depth += 1;
        }
        assert_eq!(depth, DEPTH);
        assert_eq!(dump.to_string().lines().count(), DEPTH);
        let clone = dump.clone();
        assert_eq!(clone.longer_than(Duration::ZERO).len(), DEPTH);
        drop((dump, clone));
        // Deepest first: the registry closes a parent from its last child's
        // close, recursively.
        while let Some(span) = chain.pop() {
            drop(span);
        }
    });
    assert!(tree.is_empty());
}
