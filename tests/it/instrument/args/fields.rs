//! `fields(..)`: `%`, `?`, `field::Empty` recorded later, dotted, quoted and
//! keyword names, a field replacing a parameter, evaluated at the first poll
//! for an `async fn`.

use std::sync::atomic::{AtomicUsize, Ordering};

use instrument_runtime::instrument;
use instrument_tests::{record, record_async, Recorder};

#[derive(Debug)]
struct User {
    name: String,
    id: u64,
}

#[instrument(fields(
    answer = 42,
    shown = %user.name,
    debugged = ?user.name,
    later = instrument_runtime::field::Empty,
    also_later = tracing::field::Empty,
    http.method = "GET",
    type = "keyword",
    r#loop = true,
    "quoted name" = 7_u8,
    user = %user.name,
    ?kind,
))]
fn with_fields(user: &User, kind: &str, count: u32) {
    instrument_runtime::Span::current().record("later", 5_u64);
    tracing::Span::current().record("also_later", "set by tracing");
    tracing::info!("in with_fields");
}

#[instrument(skip(user), fields(user.id = user.id, name_len = user.name.len()))]
async fn async_with_fields(user: User) {
    tracing::Span::current().record("name_len", 0_usize);
}

#[test]
fn fields_every_form() {
    let user = User {
        name: "ann".to_owned(),
        id: 9,
    };
    let ((), rec) = record(|| with_fields(&user, "admin", 3));
    let span = rec.span_named("with_fields");
    // Parameters first (minus those a field replaces), then the fields.
    assert_eq!(
        span.declared,
        [
            "count",
            "answer",
            "shown",
            "debugged",
            "later",
            "also_later",
            "http.method",
            "type",
            "loop",
            "quoted name",
            "user",
            "kind",
        ]
    );
    let fields: Vec<(&str, &str)> = span
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("also_later", "set by tracing"),
            ("answer", "42"),
            ("count", "3"),
            ("debugged", "\"ann\""),
            ("http.method", "GET"),
            // `?kind`: the field replaces the parameter, recorded with Debug.
            ("kind", "\"admin\""),
            ("later", "5"),
            ("loop", "true"),
            ("quoted name", "7"),
            ("shown", "ann"),
            ("type", "keyword"),
            // `user = %user.name` replaces the `Debug` of the parameter.
            ("user", "ann"),
        ]
    );
    let trace = rec.trace();
    let new = trace.iter().position(|l| l == "new with_fields").unwrap();
    assert_eq!(
        trace[new..new + 5],
        [
            "new with_fields",
            "enter with_fields",
            "record with_fields later=5",
            "record with_fields also_later=set by tracing",
            "event in with_fields",
        ]
    );

    let ((), rec) = record_async(|| async_with_fields(user));
    let span = rec.span_named("async_with_fields");
    assert_eq!(span.declared, ["user.id", "name_len"]);
    assert_eq!(span.fields["user.id"], "9");
    assert_eq!(span.fields["name_len"], "0");
}

static FIELD_EVALUATIONS: AtomicUsize = AtomicUsize::new(0);

fn counted_field() -> usize {
    FIELD_EVALUATIONS.fetch_add(1, Ordering::SeqCst)
}

#[instrument(fields(n = counted_field()))]
async fn async_counted_field() {}

#[test]
fn async_field_expressions_are_evaluated_at_the_first_poll() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let fut = async_counted_field();
        assert_eq!(FIELD_EVALUATIONS.load(Ordering::SeqCst), 0);
        fut.await;
        assert_eq!(FIELD_EVALUATIONS.load(Ordering::SeqCst), 1);
    });
    assert_eq!(rec.span_named("async_counted_field").fields["n"], "0");
}

mod field_empty_import {
    #![deny(unused_imports)]

    use instrument_runtime::{field, instrument};

    #[instrument(fields(later = field::Empty))]
    pub(super) fn declares_later() {
        instrument_runtime::Span::current().record("later", 1_u8);
    }
}

#[test]
fn field_empty_path_counts_as_used() {
    {
        let ((), rec) = record(field_empty_import::declares_later);
        assert_eq!(rec.span_named("declares_later").fields["later"], "1");
    }
}

/// Only a call of `debug(..)` or `display(..)` brings the helper into scope,
/// so parameters with those names stay readable in field values (with
/// `tracing`, the helpers' import shadows them and this does not compile).
/// A qualified call (`field::display(..)`) needs no import either. Where a
/// value calls a helper unqualified, it shadows such a parameter for every
/// value of the span, as in `tracing`.
#[instrument(skip_all, fields(
    verbose = debug,
    width = display.len(),
    shown = instrument_runtime::field::display(display),
))]
fn parameters_named_like_helpers(debug: bool, display: &str) {}

#[test]
fn parameters_named_like_the_helpers_are_read_as_parameters() {
    let ((), rec) = record(|| parameters_named_like_helpers(true, "four"));
    let span = rec.span_named("parameters_named_like_helpers");
    assert_eq!(span.fields["verbose"], "true");
    assert_eq!(span.fields["width"], "4");
    assert_eq!(span.fields["shown"], "four");
}
