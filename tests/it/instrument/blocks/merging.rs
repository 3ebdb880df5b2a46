//! A block's arguments and a method's own: what the method gives wins,
//! everything else is inherited, `skip` lists are combined, the method's
//! `fields` replace the block's, `skip_all` at either level wins; `err` at
//! the block goes to the methods that return a `Result`, `ret` and `outcome`
//! to all but those returning a stream; `parent`, `follows_from` and `fields`
//! expressions at the block; `crate = path` at the block. One span per method,
//! never two.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;

use futures_core::Stream;
use instrument_runtime::{info_span, instrument, no_instrument, Id, Level};
use instrument_tests::{record, record_async, FieldValue, SpanInfo, VisitKind};
use tokio::task::yield_now;

use super::{collect, Count};

/// The names of the fields a span recorded, in order.
fn keys(span: &SpanInfo) -> Vec<&str> {
    span.fields.keys().map(String::as_str).collect()
}

// ---------------------------------------------------------------- method wins

#[derive(Debug)]
struct Vault {
    id: u8,
}

/// `Debug` and `Display` differ, to tell which `ret` recorded it.
#[derive(Debug)]
struct Word(&'static str);

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "word {}", self.0)
    }
}

#[instrument(
    level = "debug",
    target = "vault",
    skip(secret),
    fields(block = 1_u8),
    ret
)]
impl Vault {
    /// Everything from the block.
    fn open(&self, secret: &str, n: u64) -> u64 {
        assert!(!secret.is_empty());
        n + u64::from(self.id)
    }

    /// Its level and target win; its `skip` adds to the block's.
    #[instrument(level = "warn", target = "own", skip(n))]
    fn combined(&self, secret: &str, n: u64, m: u8) -> u8 {
        assert!(!secret.is_empty() && n > 0);
        m
    }

    /// A name the block skips already, skipped again: combined once.
    #[instrument(skip(secret))]
    fn twice(&self, secret: &str, n: u8) -> u8 {
        assert!(!secret.is_empty());
        n
    }

    /// Its `fields` replace the block's.
    #[instrument(fields(own = 2_u8))]
    fn own_fields(&self, n: u8) -> u8 {
        n
    }

    /// Its `skip_all` wins over the block's `skip`; the block's `fields`
    /// stay.
    #[instrument(skip_all)]
    fn quiet(&self, secret: &str, n: u8) -> u8 {
        assert!(!secret.is_empty());
        n
    }

    /// Its `ret`, with its options, wins.
    #[instrument(ret(Display, level = "error"))]
    fn shown(&self, word: &'static str) -> Word {
        Word(word)
    }

    /// Its name wins.
    #[instrument(name = "vault.custom")]
    fn renamed(&self) -> u8 {
        0
    }

    /// An `async fn` inherits as a sync one does.
    async fn later(&self, secret: &str, n: u8) -> u8 {
        assert!(!secret.is_empty());
        yield_now().await;
        n
    }
}

#[test]
fn the_method_s_arguments_win_and_skip_lists_combine() {
    let vault = Vault { id: 1 };
    let ((), rec) = record_async(|| async {
        assert_eq!(vault.open("pw", 4), 5);
        assert_eq!(vault.combined("pw", 4, 6), 6);
        assert_eq!(vault.twice("pw", 7), 7);
        assert_eq!(vault.own_fields(8), 8);
        assert_eq!(vault.quiet("pw", 9), 9);
        assert_eq!(vault.shown("w").0, "w");
        assert_eq!(vault.renamed(), 0);
        assert_eq!(vault.later("pw", 10).await, 10);
    });
    // The name, level, target and recorded fields of each span.
    let expected: [(&str, Level, &str, &[&str]); 8] = [
        (
            "Vault::open",
            Level::DEBUG,
            "vault",
            &["block", "n", "self"],
        ),
        (
            "Vault::combined",
            Level::WARN,
            "own",
            &["block", "m", "self"],
        ),
        (
            "Vault::twice",
            Level::DEBUG,
            "vault",
            &["block", "n", "self"],
        ),
        (
            "Vault::own_fields",
            Level::DEBUG,
            "vault",
            &["n", "own", "self"],
        ),
        ("Vault::quiet", Level::DEBUG, "vault", &["block"]),
        (
            "Vault::shown",
            Level::DEBUG,
            "vault",
            &["block", "self", "word"],
        ),
        ("vault.custom", Level::DEBUG, "vault", &["block", "self"]),
        (
            "Vault::later",
            Level::DEBUG,
            "vault",
            &["block", "n", "self"],
        ),
    ];
    for (name, level, target, fields) in expected {
        let span = rec.span_named(name);
        assert_eq!((span.level, span.target), (level, target), "{name}");
        assert_eq!(keys(&span), fields, "{name}");
        assert!(!span.declared.contains(&"secret"), "{name}: {span:?}");
        // One `ret` event each, inside the span, at the span's level unless
        // the method says otherwise.
        let returns: Vec<_> = rec
            .events_with_field("return")
            .into_iter()
            .filter(|event| event.chain == [name])
            .collect();
        assert_eq!(returns.len(), 1, "{name}\n{rec:?}");
        if name == "Vault::shown" {
            assert_eq!(returns[0].level, Level::ERROR);
            assert_eq!(returns[0].fields["return"], "word w", "`Display`");
        } else {
            assert_eq!(returns[0].level, level, "{name}");
        }
    }
    assert_eq!(
        rec.spans().len(),
        expected.len(),
        "one span per method: {rec:?}"
    );
    assert_eq!(rec.span_named("Vault::open").fields["block"], "1");
    assert_eq!(rec.span_named("Vault::own_fields").fields["own"], "2");
    assert_eq!(rec.events_with_field("return")[0].fields["return"], "5");
    rec.assert_all_closed_once();
}

#[derive(Debug)]
struct Hidden;

#[instrument(skip_all, fields(kind = "hidden"))]
impl Hidden {
    /// The block's `skip_all` wins over its `skip`.
    #[instrument(skip(a))]
    fn some(&self, a: u8, b: u8) -> u8 {
        a + b
    }

    /// `skip_all` on both: no duplicate.
    #[instrument(skip_all)]
    fn both(&self, c: u8) -> u8 {
        c
    }

    fn inherited(&self, d: u8) -> u8 {
        d
    }
}

#[test]
fn skip_all_at_the_block_wins_over_a_method_s_skip() {
    let (out, rec) = record(|| Hidden.some(1, 2) + Hidden.both(3) + Hidden.inherited(4));
    assert_eq!(out, 10);
    for name in ["Hidden::some", "Hidden::both", "Hidden::inherited"] {
        let span = rec.span_named(name);
        assert_eq!(keys(&span), ["kind"], "{name}");
        assert_eq!(span.fields["kind"], "hidden");
    }
}

// ---------------------------------------------------------------- err, ret, outcome

type MyResult<T> = Result<T, io::Error>;

fn gone<T>(fail: bool, ok: T) -> io::Result<T> {
    if fail {
        Err(io::Error::other("gone"))
    } else {
        Ok(ok)
    }
}

#[derive(Debug)]
struct Parser;

#[instrument(err, ret)]
impl Parser {
    fn full(&self, fail: bool) -> Result<u8, io::Error> {
        gone(fail, 1)
    }

    fn io(&self, fail: bool) -> io::Result<u8> {
        gone(fail, 2)
    }

    fn formatted(&self, fail: bool) -> fmt::Result {
        if fail {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }

    fn aliased(&self, fail: bool) -> MyResult<u8> {
        gone(fail, 3)
    }

    async fn awaited(&self, fail: bool) -> Result<u8, io::Error> {
        yield_now().await;
        gone(fail, 4)
    }

    /// `skip(self)`: recorded, `self` would be held until the first poll,
    /// which a future that does not borrow `self` must not do.
    #[instrument(skip(self))]
    fn returned(&self, fail: bool) -> impl Future<Output = Result<u8, io::Error>> {
        async move { gone(fail, 5) }
    }

    /// The same, boxed: the future is `'static`.
    #[instrument(skip(self))]
    fn boxed(&self, fail: bool) -> Pin<Box<dyn Future<Output = io::Result<u8>> + Send>> {
        Box::pin(async move { gone(fail, 6) })
    }

    /// Its own `err` wins.
    #[instrument(err(Debug))]
    fn own_err(&self, fail: bool) -> Result<u8, io::Error> {
        gone(fail, 7)
    }

    /// Not a `Result`: `ret` only (with `err` it would not compile).
    fn plain(&self) -> u8 {
        8
    }

    fn maybe(&self) -> Option<u8> {
        Some(9)
    }

    /// A stream: neither `ret` nor `err` (`ret` would not compile).
    fn lines(&self, n: u32) -> impl Stream<Item = u32> {
        Count::to(n)
    }
}

#[test]
fn err_at_the_block_goes_to_the_methods_that_return_a_result() {
    let p = Parser;
    let ((), rec) = record_async(|| async {
        for fail in [true, false] {
            assert_eq!(p.full(fail).is_err(), fail);
            assert_eq!(p.io(fail).is_err(), fail);
            assert_eq!(p.formatted(fail).is_err(), fail);
            assert_eq!(p.aliased(fail).is_err(), fail);
            assert_eq!(p.awaited(fail).await.is_err(), fail);
            assert_eq!(p.returned(fail).await.is_err(), fail);
            assert_eq!(p.boxed(fail).await.is_err(), fail);
            assert_eq!(p.own_err(fail).is_err(), fail);
        }
        assert_eq!((p.plain(), p.maybe()), (8, Some(9)));
        assert_eq!(collect(p.lines(2)).await, [0, 1]);
    });
    let fallible = [
        ("full", "gone"),
        ("io", "gone"),
        ("formatted", "an error occurred when formatting an argument"),
        ("aliased", "gone"),
        ("awaited", "gone"),
        ("returned", "gone"),
        ("boxed", "gone"),
        ("own_err", "Custom { kind: Other, error: \"gone\" }"),
    ];
    for (method, error) in fallible {
        let name = format!("Parser::{method}");
        let spans = rec.spans_named(&name);
        assert_eq!(spans.len(), 2, "{name}");
        // The failing call: an error event, no return event.
        let errors = rec.events_with_field("error");
        let failed: Vec<_> = errors
            .iter()
            .filter(|e| e.chain_indices == [spans[0].index])
            .collect();
        assert_eq!(failed.len(), 1, "{name}\n{rec:?}");
        assert_eq!(failed[0].fields["error"], error, "{name}");
        assert_eq!(failed[0].level, Level::ERROR, "{name}");
        // The succeeding call: a return event.
        let returns = rec.events_with_field("return");
        let returned: Vec<_> = returns
            .iter()
            .filter(|e| e.chain_indices == [spans[1].index])
            .collect();
        assert_eq!(returned.len(), 1, "{name}\n{rec:?}");
    }
    for (method, value) in [("plain", "8"), ("maybe", "Some(9)")] {
        let span = rec.span_named(&format!("Parser::{method}"));
        let returns = rec.events_with_field("return");
        let returned: Vec<_> = returns
            .iter()
            .filter(|e| e.chain_indices == [span.index])
            .collect();
        assert_eq!(returned.len(), 1, "{method}");
        assert_eq!(returned[0].fields["return"], value);
    }
    let lines = rec.span_named("Parser::lines");
    assert!(
        rec.events()
            .iter()
            .all(|e| e.chain_indices != [lines.index] || e.message == "item"),
        "no `ret` or `err` event in a stream's span\n{rec:?}"
    );
    assert_eq!(rec.events_with_field("error").len(), fallible.len());
    rec.assert_all_closed_once();
}

#[derive(Debug)]
struct Jobs;

#[instrument(outcome)]
impl Jobs {
    fn run(&self, fail: bool) -> io::Result<()> {
        gone(fail, ())
    }

    async fn wait(&self) -> u8 {
        yield_now().await;
        1
    }

    /// A stream: no `outcome` (it would not compile).
    fn items(&self, n: u32) -> impl Stream<Item = u32> {
        Count::to(n)
    }
}

#[test]
fn outcome_at_the_block_goes_to_all_but_streams() {
    let ((), rec) = record_async(|| async {
        assert!(Jobs.run(true).is_err());
        assert_eq!(Jobs.wait().await, 1);
        assert_eq!(collect(Jobs.items(1)).await, [0]);
    });
    assert_eq!(rec.span_named("Jobs::run").fields["outcome"], "err");
    assert_eq!(rec.span_named("Jobs::wait").fields["outcome"], "ok");
    let items = rec.span_named("Jobs::items");
    assert!(!items.declared.contains(&"outcome"), "{items:?}");
}

// ---------------------------------------------------------------- expressions

#[derive(Debug)]
struct Session {
    user: &'static str,
}

#[instrument(parent = None, follows_from = [cause.clone()], fields(user = self.user))]
impl Session {
    /// Not instrumented: it has no `self` nor `cause`.
    #[no_instrument]
    fn new(user: &'static str) -> Self {
        Session { user }
    }

    fn sync(&self, cause: Option<Id>) -> u8 {
        tracing::info!("in sync");
        u8::from(cause.is_some())
    }

    async fn awaited(&self, cause: Option<Id>) -> u8 {
        yield_now().await;
        tracing::info!("in awaited");
        u8::from(cause.is_some())
    }

    /// Has no `cause`, but gives its own `follows_from`.
    #[instrument(follows_from = [None::<Id>])]
    fn uncaused(&self) -> u8 {
        0
    }
}

#[test]
fn parent_follows_from_and_fields_expressions_at_the_block() {
    let ((), rec) = record_async(|| async {
        let session = Session::new("ada");
        let cause = info_span!("cause");
        let work = info_span!("work");
        let _entered = work.enter();
        assert_eq!(session.sync(cause.id()), 1);
        assert_eq!(session.awaited(cause.id()).await, 1);
        assert_eq!(session.uncaused(), 0);
    });
    let cause = rec.span_named("cause");
    for name in ["Session::sync", "Session::awaited", "Session::uncaused"] {
        let span = rec.span_named(name);
        assert_eq!(span.parent, None, "`parent = None`: {name}\n{rec:?}");
        assert_eq!(span.fields["user"], "ada", "{name}");
        let follows: &[usize] = if name == "Session::uncaused" {
            &[]
        } else {
            &[cause.index]
        };
        assert_eq!(span.follows_from, follows, "{name}");
    }
    assert_eq!(rec.event_with_message("in sync").chain, ["Session::sync"]);
    assert_eq!(
        rec.event_with_message("in awaited").chain,
        ["Session::awaited"]
    );
    assert!(rec.spans_named("new").is_empty() && rec.spans_named("Session::new").is_empty());
}

// ---------------------------------------------------------------- values

#[derive(Debug)]
struct Typed;

#[instrument]
impl Typed {
    #[allow(clippy::too_many_arguments, reason = "one parameter per kind of value")]
    fn all(
        &self,
        text: &str,
        n: i32,
        big: u128,
        ratio: f64,
        flag: bool,
        owned: String,
        bytes: Vec<u8>,
    ) -> String {
        format!("{text} {n} {big} {ratio} {flag} {owned} {bytes:?}")
    }
}

#[test]
fn self_and_parameters_are_recorded_with_their_types() {
    let (out, rec) = record(|| Typed.all("ab", -2, 3, 0.5, true, String::from("cd"), vec![7]));
    assert_eq!(out, "ab -2 3 0.5 true cd [7]");
    let span = rec.span_named("Typed::all");
    let expected = [
        ("big", FieldValue::new(VisitKind::U128, "3")),
        ("bytes", FieldValue::new(VisitKind::Debug, "[7]")),
        ("flag", FieldValue::new(VisitKind::Bool, "true")),
        ("n", FieldValue::new(VisitKind::I64, "-2")),
        ("owned", FieldValue::new(VisitKind::Str, "cd")),
        ("ratio", FieldValue::new(VisitKind::F64, "0.5")),
        ("self", FieldValue::new(VisitKind::Debug, "Typed")),
        ("text", FieldValue::new(VisitKind::Str, "ab")),
    ];
    let got: Vec<(&str, FieldValue)> = span
        .values
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------- names

#[derive(Debug)]
struct Lone;

impl Lone {
    /// Annotated alone, in a block that is not: the fn's name, as
    /// `tracing` names it.
    #[instrument]
    fn lone(&self) -> u8 {
        1
    }
}

#[test]
fn a_method_annotated_alone_keeps_its_fn_name() {
    let (_, rec) = record(|| Lone.lone());
    assert_eq!(rec.span_named("lone").fields["self"], "Lone");
    assert_eq!(rec.spans().len(), 1);
}

// ---------------------------------------------------------------- crate = path

mod reexport {
    pub(crate) use instrument_runtime as rt;
}

#[derive(Debug)]
struct Routed;

#[instrument(crate = crate::instrument::blocks::merging::reexport::rt, fields(via = "reexport"))]
impl Routed {
    fn inherited(&self, n: u8) -> u8 {
        n
    }

    /// Its own attribute, merged: one span.
    #[instrument(ret)]
    fn own(&self, n: u8) -> u8 {
        n
    }

    /// `no_instrument` by the block's crate path.
    #[crate::instrument::blocks::merging::reexport::rt::no_instrument]
    fn left(&self, n: u8) -> u8 {
        n
    }
}

#[test]
fn crate_path_at_the_block() {
    let (out, rec) = record(|| Routed.inherited(1) + Routed.own(2) + Routed.left(3));
    assert_eq!(out, 6);
    for name in ["Routed::inherited", "Routed::own"] {
        assert_eq!(rec.span_named(name).fields["via"], "reexport", "{name}");
    }
    assert_eq!(rec.events_with_field("return").len(), 1);
    assert_eq!(
        rec.spans().len(),
        2,
        "`left` has no span, `own` one: {rec:?}"
    );
}
