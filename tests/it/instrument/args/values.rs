//! How each parameter is recorded: integers, floats, `bool`, strings and
//! wrappers of them as values, everything else with `Debug`, checked on the
//! `Visit` method each value came through; destructured parameters record
//! each binding.

use std::num::{NonZeroU32, Wrapping};

use instrument_runtime::instrument;
use instrument_tests::{record, record_async, Action, FieldValue, Recorder, VisitKind};

#[derive(Debug)]
struct Point {
    x: i32,
    y: i32,
}

#[instrument]
fn numbers(
    unsigned: u64,
    signed: i32,
    float: f64,
    flag: bool,
    nonzero: NonZeroU32,
    wrapping: Wrapping<u8>,
) {
}

#[allow(clippy::ptr_arg, reason = "`&String` is the parameter type under test")]
#[instrument]
fn strings(slice: &str, owned: String, borrowed: &String, point: Point) {}

#[instrument]
async fn async_values(unsigned: u64, signed: i32, slice: &str, owned: String, point: &Point) {}

#[instrument]
fn destructured((a, b): (u32, String), Point { x, y: renamed }: Point) {}

#[instrument]
async fn async_destructured((a, b): (u32, String), Point { x, y }: Point, [first, ..]: [u8; 2]) {}

/// Asserts that no value was recorded after a span's creation, so that each
/// value checked is the one the span was created with.
#[track_caller]
fn assert_no_later_record(rec: &Recorder) {
    let later = rec
        .actions()
        .into_iter()
        .any(|action| matches!(action, Action::Record { .. }));
    assert!(!later, "{rec:?}");
}

#[test]
fn parameters_are_recorded_as_values_or_with_debug() {
    let f = String::from("owned");
    let g = String::from("borrowed");
    let ((), rec) = record(|| {
        numbers(7, -3, 1.5, true, NonZeroU32::new(9).unwrap(), Wrapping(200));
        strings("slice", f.clone(), &g, Point { x: 1, y: 2 });
    });
    assert_no_later_record(&rec);
    let numbers = rec.span_named("numbers").values;
    assert_eq!(numbers["unsigned"], FieldValue::new(VisitKind::U64, "7"));
    assert_eq!(numbers["signed"], FieldValue::new(VisitKind::I64, "-3"));
    assert_eq!(numbers["float"], FieldValue::new(VisitKind::F64, "1.5"));
    assert_eq!(numbers["flag"], FieldValue::new(VisitKind::Bool, "true"));
    assert_eq!(numbers["nonzero"], FieldValue::new(VisitKind::U64, "9"));
    assert_eq!(numbers["wrapping"], FieldValue::new(VisitKind::U64, "200"));
    let strings = rec.span_named("strings").values;
    assert_eq!(strings["slice"], FieldValue::new(VisitKind::Str, "slice"));
    assert_eq!(strings["owned"], FieldValue::new(VisitKind::Str, "owned"));
    assert_eq!(
        strings["borrowed"],
        FieldValue::new(VisitKind::Str, "borrowed")
    );
    assert_eq!(
        strings["point"],
        FieldValue::new(VisitKind::Debug, "Point { x: 1, y: 2 }")
    );

    let point = Point { x: 3, y: 4 };
    let ((), rec) = record_async(|| async_values(1, -1, "s", f, &point));
    assert_no_later_record(&rec);
    let values = rec.span_named("async_values").values;
    assert_eq!(values["unsigned"], FieldValue::new(VisitKind::U64, "1"));
    assert_eq!(values["signed"], FieldValue::new(VisitKind::I64, "-1"));
    assert_eq!(values["slice"], FieldValue::new(VisitKind::Str, "s"));
    assert_eq!(values["owned"], FieldValue::new(VisitKind::Str, "owned"));
    assert_eq!(
        values["point"],
        FieldValue::new(VisitKind::Debug, "Point { x: 3, y: 4 }")
    );
}

#[test]
fn destructured_parameters_record_each_binding() {
    let ((), rec) = record(|| destructured((1, "two".to_owned()), Point { x: 3, y: 4 }));
    assert_no_later_record(&rec);
    let span = rec.span_named("destructured");
    assert_eq!(span.declared, ["a", "b", "x", "renamed"]);
    // The tuple's types are zipped with its bindings: recorded as values.
    assert_eq!(span.values["a"], FieldValue::new(VisitKind::U64, "1"));
    assert_eq!(span.values["b"], FieldValue::new(VisitKind::Str, "two"));
    // A struct pattern's bindings have no spelled type: recorded with Debug.
    assert_eq!(span.values["x"], FieldValue::new(VisitKind::Debug, "3"));
    assert_eq!(
        span.values["renamed"],
        FieldValue::new(VisitKind::Debug, "4")
    );

    let ((), rec) =
        record_async(|| async_destructured((5, "six".to_owned()), Point { x: 7, y: 8 }, [9, 10]));
    assert_no_later_record(&rec);
    let values = rec.span_named("async_destructured").values;
    assert_eq!(values["a"], FieldValue::new(VisitKind::U64, "5"));
    assert_eq!(values["b"], FieldValue::new(VisitKind::Str, "six"));
    assert_eq!(values["x"], FieldValue::new(VisitKind::Debug, "7"));
    assert_eq!(values["y"], FieldValue::new(VisitKind::Debug, "8"));
    assert_eq!(values["first"], FieldValue::new(VisitKind::Debug, "9"));
}

#[instrument]
async fn ref_binding((ref a, b): (String, u32)) -> usize {
    a.len() + usize::try_from(b).unwrap()
}

/// A whole parameter bound by reference: the future must own the argument
/// and bind `ref a` inside, as an `async fn` does.
#[instrument]
async fn ref_parameter(ref a: String, ref mut b: u32) -> usize {
    *b += 1;
    a.len() + usize::try_from(*b).unwrap()
}

#[instrument]
fn sync_ref_binding((ref a, b): (String, u32)) -> usize {
    a.len() + usize::try_from(b).unwrap()
}

#[test]
fn ref_bindings_in_a_sync_fn() {
    let (out, rec) = record(|| sync_ref_binding(("abc".to_owned(), 1)));
    assert_eq!(out, 4);
    let span = rec.span_named("sync_ref_binding");
    // The tuple type is zipped with the pattern: `a` is a `String`, a value.
    assert_eq!(span.fields["a"], "abc");
    assert_eq!(span.fields["b"], "1");
}

#[test]
fn ref_bindings_in_an_async_fn() {
    {
        let (out, rec) = record_async(|| ref_binding(("abc".to_owned(), 1)));
        assert_eq!(out, 4);
        assert_eq!(rec.span_named("ref_binding").fields["a"], "abc");
    }
    {
        let (out, rec) = record_async(|| ref_parameter("abc".to_owned(), 1));
        assert_eq!(out, 5);
        let span = rec.span_named("ref_parameter");
        assert_eq!(span.fields["a"], "abc");
        assert_eq!(span.fields["b"], "1");
    }
}

mod own_non_zero {
    /// A type of the user's own that is named like the standard `NonZero`
    /// but takes no type argument.
    #[derive(Debug)]
    pub(super) struct NonZero;

    #[instrument_runtime::instrument]
    pub(super) fn takes(n: &NonZero) {
        let _ = n;
    }
}

#[test]
fn a_type_named_non_zero_without_arguments_is_recorded_with_debug() {
    let ((), rec) = record(|| own_non_zero::takes(&own_non_zero::NonZero));
    let value = &rec.span_named("takes").values["n"];
    assert_eq!(value.kind, VisitKind::Debug);
    assert_eq!(value.text, "NonZero");
}
