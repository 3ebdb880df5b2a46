//! `fields(param)`: a bare field name that is a parameter's name records
//! that parameter as it would be recorded by default (a value, or with
//! `Debug`), even under `skip_all` or `skip(param)`; declared once, where
//! `fields(..)` puts it. `%param` and `?param` keep their meaning, a bare
//! name that is no parameter still declares an empty field to record later,
//! and `param = field::Empty` declares one under a parameter's name.
//! (`tracing`'s attribute declares an empty field and loses the value:
//! tracing issue #3460.)

use instrument_runtime::{instrument, Span};
use instrument_tests::{record, record_async, FieldValue, VisitKind};

#[instrument(skip_all, fields(user_id, roles))]
fn under_skip_all(user_id: u64, roles: &[&str], _secret: &str) {}

#[instrument(skip(user_id), fields(user_id))]
fn under_skip(user_id: i32, name: &str) {}

#[instrument(fields(user_id))]
fn not_skipped(user_id: u64, admin: bool) {}

#[instrument(skip_all, fields(%user_id, ?name))]
fn with_sigils(user_id: u64, name: &str) {}

#[instrument(skip_all, fields(b))]
fn destructured((_, b): (u8, String)) {}

#[test]
fn a_bare_parameter_name_records_the_parameter() {
    let ((), rec) = record(|| {
        under_skip_all(7, &["admin"], "hunter2");
        under_skip(-3, "bob");
        not_skipped(9, true);
        with_sigils(11, "cy");
        destructured((1, "dee".to_owned()));
    });
    let span = rec.span_named("under_skip_all");
    assert_eq!(span.declared, ["user_id", "roles"]);
    assert_eq!(span.values["user_id"], FieldValue::new(VisitKind::U64, "7"));
    assert_eq!(
        span.values["roles"],
        FieldValue::new(VisitKind::Debug, "[\"admin\"]")
    );

    let span = rec.span_named("under_skip");
    assert_eq!(span.declared, ["name", "user_id"]);
    assert_eq!(
        span.values["user_id"],
        FieldValue::new(VisitKind::I64, "-3")
    );
    assert_eq!(span.values["name"], FieldValue::new(VisitKind::Str, "bob"));

    // Not skipped: the field replaces the parameter, which is declared once.
    let span = rec.span_named("not_skipped");
    assert_eq!(span.declared, ["admin", "user_id"]);
    assert_eq!(span.values["user_id"], FieldValue::new(VisitKind::U64, "9"));
    assert_eq!(
        span.values["admin"],
        FieldValue::new(VisitKind::Bool, "true")
    );

    // `%x` and `?x` record with `Display` and `Debug`, as in `tracing`.
    let span = rec.span_named("with_sigils");
    assert_eq!(span.declared, ["user_id", "name"]);
    assert_eq!(
        span.values["user_id"],
        FieldValue::new(VisitKind::Debug, "11")
    );
    assert_eq!(
        span.values["name"],
        FieldValue::new(VisitKind::Debug, "\"cy\"")
    );

    // A binding of a destructured parameter, recorded by its type.
    let span = rec.span_named("destructured");
    assert_eq!(span.declared, ["b"]);
    assert_eq!(span.values["b"], FieldValue::new(VisitKind::Str, "dee"));
}

#[instrument(skip_all, fields(user_id, later))]
fn records_later(user_id: u64, record: bool) {
    if record {
        Span::current().record("later", "set later");
    }
}

#[test]
fn a_bare_name_that_is_no_parameter_is_an_empty_field() {
    let ((), rec) = record(|| {
        records_later(5, false);
        records_later(6, true);
    });
    let spans = rec.spans_named("records_later");
    for span in &spans {
        assert_eq!(span.declared, ["user_id", "later"]);
    }
    // Declared, never given a value.
    assert_eq!(spans[0].fields.keys().collect::<Vec<_>>(), ["user_id"]);
    // Recorded by the body.
    assert_eq!(
        spans[1].values["later"],
        FieldValue::new(VisitKind::Str, "set later")
    );
    assert_eq!(
        rec.trace()[4..8],
        [
            "new records_later",
            "enter records_later",
            "record records_later later=set later",
            "exit records_later",
        ]
    );
}

#[instrument(skip_all, fields(count))]
async fn async_param(count: usize, data: Vec<u8>) -> usize {
    tokio::task::yield_now().await;
    count + data.len()
}

#[test]
fn a_bare_parameter_name_on_an_async_fn() {
    let (out, rec) = record_async(|| async_param(2, vec![1, 2, 3]));
    assert_eq!(out, 5);
    let span = rec.span_named("async_param");
    assert_eq!(span.declared, ["count"]);
    assert_eq!(span.values["count"], FieldValue::new(VisitKind::U64, "2"));
}

#[instrument(fields(user_id = instrument_runtime::field::Empty))]
fn declared_empty(user_id: u64) {
    if user_id > 5 {
        Span::current().record("user_id", user_id * 10);
    }
}

#[test]
fn a_parameter_named_field_can_still_be_declared_empty() {
    let ((), rec) = record(|| {
        declared_empty(1);
        declared_empty(6);
    });
    let spans = rec.spans_named("declared_empty");
    for span in &spans {
        assert_eq!(span.declared, ["user_id"]);
    }
    assert!(spans[0].values.is_empty(), "{:?}", spans[0]);
    assert_eq!(
        spans[1].values["user_id"],
        FieldValue::new(VisitKind::U64, "60")
    );
}

#[instrument(fields(type))]
fn keyword_field(r#type: u32) {}

/// `type` is the name `r#type` records under: the bare name records the
/// parameter, once, as for any other parameter.
#[test]
fn a_bare_keyword_names_its_raw_parameter_once() {
    let ((), rec) = record(|| keyword_field(1));
    let span = rec.span_named("keyword_field");
    assert_eq!(span.declared, ["type"]);
    assert_eq!(span.values["type"], FieldValue::new(VisitKind::U64, "1"));
}
