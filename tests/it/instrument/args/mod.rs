//! Every argument of `#[instrument]`, on sync fns and `async fn`s, asserted on
//! the recorded span trees: `name` (literal and `const`), `target`, `level`
//! (strings in any case, integers, `Level::X`, a `const` path), `parent`
//! (including `None`, and evaluated at the first poll for `async fn`),
//! `follows_from`, `skip`, `skip(self)`, `skip_all`, `fields(..)` (`%`, `?`,
//! `field::Empty` recorded later, dotted and keyword names, a field replacing
//! a parameter), `err`, `ret` and their options, `crate = path`; and how each
//! parameter type is recorded (as a value or with `Debug`, checked on the
//! `Visit` method each value came through).

#![allow(
    clippy::needless_pass_by_value,
    reason = "the instrumented test functions take owned values to test how owned types are recorded"
)]

use std::num::{NonZeroU32, Wrapping};
use std::sync::atomic::{AtomicUsize, Ordering};

use instrument_runtime::{info_span, instrument, Id, Instrument as _, Level, Span};
use instrument_tests::{record, record_async, Action, FieldValue, Recorder, VisitKind};

// ---------------------------------------------------------------- name

const SPAN_NAME: &str = "name_from_a_const";

#[instrument(name = "custom_name")]
fn named_by_literal() {
    tracing::info!("in named_by_literal");
}

#[instrument(name = SPAN_NAME)]
async fn named_by_const() {
    tracing::info!("in named_by_const");
}

#[test]
fn name_literal_and_const() {
    let ((), rec) = record(named_by_literal);
    assert_eq!(rec.spans().len(), 1, "{rec:?}");
    assert_eq!(
        rec.event_with_message("in named_by_literal").chain,
        ["custom_name"]
    );

    let ((), rec) = record_async(named_by_const);
    assert_eq!(rec.spans().len(), 1, "{rec:?}");
    assert_eq!(
        rec.event_with_message("in named_by_const").chain,
        ["name_from_a_const"]
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- target

#[instrument(target = "my_app::db")]
fn targeted() {}

#[instrument(target = "my_app::net", ret)]
async fn targeted_async() -> u8 {
    1
}

#[instrument]
fn default_target() {}

#[test]
fn target_is_set_on_the_span_and_its_events() {
    let ((), rec) = record(|| {
        targeted();
        default_target();
    });
    assert_eq!(rec.span_named("targeted").target, "my_app::db");
    assert_eq!(
        rec.span_named("default_target").target,
        "it::instrument::args"
    );

    let (_, rec) = record_async(targeted_async);
    assert_eq!(rec.span_named("targeted_async").target, "my_app::net");
    // The `ret` event has the span's target too.
    assert_eq!(rec.events_with_field("return")[0].target, "my_app::net");
}

// ---------------------------------------------------------------- level

const CONST_LEVEL: Level = Level::WARN;

macro_rules! level_fns {
    ($($name:ident => [$($level:tt)+])*) => {
        $(
            #[instrument(level = $($level)+)]
            fn $name() {}
        )*
        /// Calls every function, in order.
        fn call_level_fns() {
            $($name();)*
        }
    };
}

level_fns! {
    str_trace => ["trace"]
    str_debug => ["Debug"]
    str_info => ["INFO"]
    str_warn => ["wArN"]
    str_error => ["error"]
    int_1 => [1]
    int_2 => [2]
    int_3 => [3]
    int_4 => [4]
    int_5 => [5]
    path_trace => [Level::TRACE]
    path_debug => [Level::DEBUG]
    path_info => [instrument_runtime::Level::INFO]
    path_warn => [tracing::Level::WARN]
    path_error => [Level::ERROR]
    path_const => [CONST_LEVEL]
}

#[instrument]
fn default_level() {}

#[instrument(level = "debug")]
async fn async_debug_level() {}

#[test]
fn every_level_spelling() {
    let ((), rec) = record(|| {
        call_level_fns();
        default_level();
    });
    let expected = [
        ("str_trace", Level::TRACE),
        ("str_debug", Level::DEBUG),
        ("str_info", Level::INFO),
        ("str_warn", Level::WARN),
        ("str_error", Level::ERROR),
        ("int_1", Level::TRACE),
        ("int_2", Level::DEBUG),
        ("int_3", Level::INFO),
        ("int_4", Level::WARN),
        ("int_5", Level::ERROR),
        ("path_trace", Level::TRACE),
        ("path_debug", Level::DEBUG),
        ("path_info", Level::INFO),
        ("path_warn", Level::WARN),
        ("path_error", Level::ERROR),
        ("path_const", Level::WARN),
        ("default_level", Level::INFO),
    ];
    let spans = rec.spans();
    assert_eq!(spans.len(), expected.len(), "{rec:?}");
    for ((name, level), span) in expected.iter().zip(&spans) {
        assert_eq!((span.name, span.level), (*name, *level));
    }

    let ((), rec) = record_async(async_debug_level);
    assert_eq!(rec.span_named("async_debug_level").level, Level::DEBUG);
}

// ---------------------------------------------------------------- parent

#[instrument(skip(explicit), parent = explicit)]
fn with_explicit_parent(explicit: &Span) {
    tracing::info!("in with_explicit_parent");
}

#[instrument(parent = None)]
fn with_no_parent() {
    tracing::info!("in with_no_parent");
}

#[instrument(parent = None)]
async fn async_with_no_parent() {
    tracing::info!("in async_with_no_parent");
}

static PARENT_EVALUATIONS: AtomicUsize = AtomicUsize::new(0);

fn counted_parent(span: &Span) -> Option<Id> {
    PARENT_EVALUATIONS.fetch_add(1, Ordering::SeqCst);
    span.id()
}

#[instrument(skip(explicit), parent = counted_parent(&explicit))]
async fn async_with_explicit_parent(explicit: Span) {
    tracing::info!("in async_with_explicit_parent");
}

#[test]
fn parent_expression_sync() {
    let ((), rec) = record(|| {
        let explicit = info_span!("explicit");
        info_span!("current").in_scope(|| {
            with_explicit_parent(&explicit);
            with_no_parent();
        });
    });
    assert_eq!(
        rec.event_with_message("in with_explicit_parent").chain,
        ["with_explicit_parent", "explicit"]
    );
    assert_eq!(
        rec.event_with_message("in with_no_parent").chain,
        ["with_no_parent"]
    );
    rec.assert_all_closed_once();
}

#[test]
fn parent_none_is_a_root_for_async_fn() {
    let ((), rec) = record_async(|| async_with_no_parent().instrument(info_span!("current")));
    assert_eq!(rec.span_named("async_with_no_parent").parent, None);
    assert_eq!(
        rec.event_with_message("in async_with_no_parent").chain,
        ["async_with_no_parent"]
    );
}

#[test]
fn async_parent_expression_is_evaluated_at_the_first_poll() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let explicit = info_span!("explicit");
        let fut = info_span!("current").in_scope(|| async_with_explicit_parent(explicit));
        assert_eq!(PARENT_EVALUATIONS.load(Ordering::SeqCst), 0);
        assert!(rec.spans_named("async_with_explicit_parent").is_empty());
        fut.await;
        assert_eq!(PARENT_EVALUATIONS.load(Ordering::SeqCst), 1);
    });
    let span = rec.span_named("async_with_explicit_parent");
    assert_eq!(span.parent, Some("explicit"));
    assert_eq!(
        rec.event_with_message("in async_with_explicit_parent")
            .chain,
        ["async_with_explicit_parent", "explicit"]
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- follows_from

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

// ---------------------------------------------------------------- skip

#[derive(Debug)]
struct Secret(&'static str);

#[derive(Debug)]
struct Service {
    id: u32,
}

impl Service {
    #[instrument(skip(self))]
    fn skip_receiver(&self, req: u32) -> u32 {
        self.id + req
    }

    #[instrument]
    fn keep_receiver(&self, req: u32) -> u32 {
        self.id + req
    }

    #[instrument(skip(self))]
    async fn async_skip_receiver(&self, req: u32) -> u32 {
        self.id + req
    }
}

#[instrument(skip(password, r#type))]
fn skip_some(user: &str, password: Secret, r#type: u8) {
    assert!(!password.0.is_empty() && r#type > 0);
}

#[instrument(skip_all)]
fn skip_everything(user: &str, password: Secret) {
    assert!(!user.is_empty() && !password.0.is_empty());
}

#[instrument(skip(password))]
async fn async_skip_some(user: &str, password: Secret) {}

#[instrument(skip_all, fields(extra = 1_u8))]
async fn async_skip_all(user: &str, password: Secret) {}

#[test]
fn skip_and_skip_all_leave_parameters_out() {
    let service = Service { id: 1 };
    let ((), rec) = record(|| {
        skip_some("ann", Secret("pw"), 3);
        skip_everything("bob", Secret("pw"));
        assert_eq!(service.skip_receiver(1), 2);
        assert_eq!(service.keep_receiver(2), 3);
    });
    assert_eq!(rec.span_named("skip_some").declared, ["user"]);
    assert_eq!(rec.span_named("skip_some").fields["user"], "ann");
    assert!(rec.span_named("skip_everything").declared.is_empty());
    assert_eq!(rec.span_named("skip_receiver").declared, ["req"]);
    let kept = rec.span_named("keep_receiver");
    assert_eq!(kept.declared, ["self", "req"]);
    assert_eq!(kept.fields["self"], "Service { id: 1 }");

    let ((), rec) = record_async(|| async {
        async_skip_some("cid", Secret("pw")).await;
        async_skip_all("dan", Secret("pw")).await;
        assert_eq!(service.async_skip_receiver(5).await, 6);
    });
    assert_eq!(rec.span_named("async_skip_some").declared, ["user"]);
    assert_eq!(rec.span_named("async_skip_all").declared, ["extra"]);
    assert_eq!(rec.span_named("async_skip_receiver").declared, ["req"]);
    assert_eq!(rec.span_named("async_skip_receiver").fields["req"], "5");
}

// ---------------------------------------------------------------- fields

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

// ---------------------------------------------------------------- err

#[derive(Debug)]
struct AppError {
    code: u16,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed with {}", self.code)
    }
}

#[instrument(err)]
fn err_display(fail: bool) -> Result<u32, AppError> {
    if fail {
        return Err(AppError { code: 1 });
    }
    Ok(1)
}

#[instrument(err(Debug))]
fn err_debug(input: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = input.parse()?;
    Ok(n)
}

#[instrument(err(level = "warn"))]
async fn err_warn() -> Result<(), AppError> {
    Err(AppError { code: 2 })
}

#[instrument(err(Display, level = Level::INFO))]
async fn err_info_display() -> Result<(), AppError> {
    Err(AppError { code: 3 })
}

#[test]
fn err_records_the_error_inside_the_span() {
    let ((), rec) = record(|| {
        assert!(err_display(false).is_ok());
        assert!(err_display(true).is_err());
        assert!(err_debug("12").is_ok());
        assert!(err_debug("x").is_err());
    });
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 2, "{rec:?}");
    assert_eq!(errors[0].fields["error"], "failed with 1");
    assert_eq!(errors[0].level, Level::ERROR);
    assert_eq!(errors[0].chain, ["err_display"]);
    assert_eq!(
        rec.span(errors[0].chain_indices[0]).fields["fail"],
        "true",
        "the event is in the failing call's span"
    );
    assert_eq!(
        errors[1].fields["error"],
        "ParseIntError { kind: InvalidDigit }"
    );
    assert_eq!(errors[1].level, Level::ERROR);
    assert_eq!(errors[1].chain, ["err_debug"]);
    assert!(rec.events_with_field("return").is_empty());

    let ((), rec) = record_async(|| async {
        assert!(err_warn().await.is_err());
        assert!(err_info_display().await.is_err());
    });
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (errors[0].level, errors[0].fields["error"].as_str()),
        (Level::WARN, "failed with 2")
    );
    assert_eq!(errors[0].chain, ["err_warn"]);
    assert_eq!(
        (errors[1].level, errors[1].fields["error"].as_str()),
        (Level::INFO, "failed with 3")
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- ret

#[derive(Debug)]
struct Answer(u32);

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the answer is {}", self.0)
    }
}

#[instrument(ret, level = "debug")]
fn ret_debug(early: bool) -> Answer {
    if early {
        return Answer(1);
    }
    Answer(2)
}

#[instrument(ret(Display))]
fn ret_display() -> Answer {
    Answer(3)
}

#[instrument(ret(Debug), err(Display))]
fn ret_explicit_formats() -> Result<Answer, AppError> {
    Ok(Answer(7))
}

#[instrument(ret(level = "warn"))]
async fn ret_warn() -> Answer {
    Answer(4)
}

#[instrument(ret)]
async fn ret_unit() {}

#[instrument(ret, err)]
fn ret_and_err(fail: bool) -> Result<Answer, AppError> {
    if fail {
        Err(AppError { code: 5 })
    } else {
        Ok(Answer(5))
    }
}

#[instrument(ret(Display, level = "trace"), err(Debug, level = 4))]
async fn async_ret_and_err(fail: bool) -> Result<Answer, AppError> {
    tokio::task::yield_now().await;
    if fail {
        Err(AppError { code: 6 })
    } else {
        Ok(Answer(6))
    }
}

#[test]
fn ret_records_the_value_inside_the_span() {
    let ((), rec) = record(|| {
        ret_debug(true);
        ret_debug(false);
        ret_display();
        assert!(ret_explicit_formats().is_ok());
    });
    let rets = rec.events_with_field("return");
    let rets: Vec<(&str, Level, &str)> = rets
        .iter()
        .map(|e| (e.chain[0], e.level, e.fields["return"].as_str()))
        .collect();
    assert_eq!(
        rets,
        [
            ("ret_debug", Level::DEBUG, "Answer(1)"),
            ("ret_debug", Level::DEBUG, "Answer(2)"),
            ("ret_display", Level::INFO, "the answer is 3"),
            ("ret_explicit_formats", Level::INFO, "Answer(7)"),
        ]
    );
    // The event is emitted inside the span, before it exits.
    let trace = rec.trace();
    assert_eq!(
        trace[..5],
        [
            "new ret_debug",
            "enter ret_debug",
            "event ",
            "exit ret_debug",
            "close ret_debug"
        ]
    );

    let ((), rec) = record_async(|| async {
        ret_warn().await;
        ret_unit().await;
    });
    let rets = rec.events_with_field("return");
    assert_eq!(rets.len(), 2);
    assert_eq!(
        (
            rets[0].chain[0],
            rets[0].level,
            rets[0].fields["return"].as_str()
        ),
        ("ret_warn", Level::WARN, "Answer(4)")
    );
    assert_eq!(
        (rets[1].chain[0], rets[1].fields["return"].as_str()),
        ("ret_unit", "()")
    );
}

#[test]
fn ret_and_err_split_ok_and_err() {
    let ((), rec) = record(|| {
        assert!(ret_and_err(false).is_ok());
        assert!(ret_and_err(true).is_err());
    });
    let events = rec.events();
    assert_eq!(events.len(), 2, "{rec:?}");
    // `Ok` at the span's level, with Debug, as `return`: the `Ok` value only.
    assert_eq!(events[0].level, Level::INFO);
    assert_eq!(events[0].fields.len(), 1);
    assert_eq!(events[0].fields["return"], "Answer(5)");
    // `Err` at ERROR, with Display, as `error`.
    assert_eq!(events[1].level, Level::ERROR);
    assert_eq!(events[1].fields.len(), 1);
    assert_eq!(events[1].fields["error"], "failed with 5");
    for event in &events {
        assert_eq!(event.chain, ["ret_and_err"]);
    }

    let ((), rec) = record_async(|| async {
        assert!(async_ret_and_err(false).await.is_ok());
        assert!(async_ret_and_err(true).await.is_err());
    });
    let events = rec.events();
    assert_eq!(events.len(), 2, "{rec:?}");
    assert_eq!(
        (events[0].level, events[0].fields["return"].as_str()),
        (Level::TRACE, "the answer is 6")
    );
    assert_eq!(
        (events[1].level, events[1].fields["error"].as_str()),
        (Level::WARN, "AppError { code: 6 }")
    );
    for event in &events {
        assert_eq!(event.chain, ["async_ret_and_err"]);
    }
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- crate

mod reexport {
    pub(crate) use instrument_runtime as rt;
}

#[instrument(crate = instrument_runtime, ret)]
fn with_crate_path(x: u8) -> u8 {
    x
}

#[instrument(crate = crate::instrument::args::reexport::rt, fields(y = 2_u8), err)]
async fn with_reexported_crate(x: u8) -> Result<u8, AppError> {
    Ok(x)
}

#[test]
fn crate_path_override() {
    let (_, rec) = record(|| with_crate_path(1));
    assert_eq!(rec.span_named("with_crate_path").fields["x"], "1");
    assert_eq!(rec.events_with_field("return").len(), 1);

    let (_, rec) = record_async(|| with_reexported_crate(3));
    let span = rec.span_named("with_reexported_crate");
    assert_eq!(span.fields["x"], "3");
    assert_eq!(span.fields["y"], "2");
}

// ---------------------------------------------------------------- values

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

// ---------------------------------------------------------------- known bugs

const TARGET: &str = "from_a_const";

#[instrument(target = TARGET)]
fn target_from_const() {}

#[test]
fn target_from_a_const() {
    let ((), rec) = record(target_from_const);
    assert_eq!(rec.span_named("target_from_const").target, "from_a_const");
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

#[instrument]
async fn ref_binding((ref a, b): (String, u32)) -> usize {
    a.len() + usize::try_from(b).unwrap()
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
}
