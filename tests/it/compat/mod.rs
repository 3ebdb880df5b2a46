//! `tracing`'s `#[instrument]` (tracing-attributes 0.1.31) and ours, side by
//! side, for every form `tracing`'s attribute accepts.
//!
//! Each case is written once; [`compat!`] expands it twice into closures in
//! the same module, one where `instrument` names `tracing::instrument` and
//! one where it names ours, so both copies have the same tokens, function
//! names and module path. Each copy runs under a fresh [`Recorder`], and
//! [`Pair::assert_same`] compares what was recorded: every span (name,
//! target, level, declared fields, each value received in order with its
//! field index and `Visit` method, parent, `follows_from`), every event
//! (level, target, fields in order, the spans it happened in), the order of
//! all callbacks, and the values the two copies returned. File, line and
//! event names are left out.
//!
//! Where ours differs on purpose, the case asserts our behaviour and names
//! the reason; the README's migration section lists the same differences.
//! Forms that `tracing` accepts and ours rejects on purpose (unknown
//! arguments, duplicates, missing commas, `ret = false`) are compile-fail
//! cases in `ui-tests`.

#![allow(
    clippy::items_after_statements,
    reason = "a case defines its helper items next to the code that uses them"
)]
#![allow(
    clippy::needless_pass_by_value,
    clippy::trivially_copy_pass_by_ref,
    clippy::unnecessary_wraps,
    clippy::unused_async,
    reason = "the signatures are the forms under test, not designs"
)]

mod args;
mod fields;
mod laziness;
mod params;
mod shapes;

use std::fmt::{Debug, Write as _};
use std::future::Future;
use std::task::Poll;

use instrument_tests::{poll_once, LevelFilter, RecordedField, Recorder};

/// Expands the items and statements given twice, as the bodies of two
/// closures, with `instrument` naming `tracing::instrument` in the first and
/// ours in the second, and runs each under its own recorder: a [`Pair`].
/// `max_level = LEVEL;` first puts a level filter in front of both recorders.
macro_rules! compat {
    (max_level = $level:expr; $($body:tt)*) => {
        $crate::compat::compat!(@level Some($level); $($body)*)
    };
    (@level $level:expr; $($body:tt)*) => {
        $crate::compat::Pair::new(
            $level,
            || {
                use ::tracing::instrument;
                $($body)*
            },
            || {
                use ::instrument_runtime::instrument;
                $($body)*
            },
        )
    };
    ($($body:tt)*) => {
        $crate::compat::compat!(@level None; $($body)*)
    };
}

/// [`compat!`], then [`Pair::assert_same`]. `async_spans = N;` first says
/// that `N` spans of `async fn`s complete: see [`Pair::tracing_enters_to_drop`].
macro_rules! same {
    (async_spans = $spans:literal; $($body:tt)*) => {
        $crate::compat::compat!($($body)*)
            .tracing_enters_to_drop($spans)
            .assert_same()
    };
    ($($body:tt)*) => {
        $crate::compat::compat!($($body)*).assert_same()
    };
}

pub(crate) use {compat, same};

/// What one copy of a case returned and recorded.
pub(crate) struct Run<T> {
    /// The value the case's code returned.
    pub(crate) out: T,
    /// Everything recorded.
    pub(crate) rec: Recorder,
    /// [`listing`] of `rec`, with the adjustments made to compare it.
    lines: Vec<String>,
}

impl<T> Run<T> {
    fn new(out: T, rec: Recorder) -> Self {
        let lines = listing(&rec);
        Run { out, rec, lines }
    }

    /// The values the one span called `span` received, in order, each as
    /// `name: Kind text`.
    #[track_caller]
    pub(crate) fn fields(&self, span: &str) -> Vec<String> {
        let span = self.rec.span_named(span);
        span.recorded.iter().map(field_text).collect()
    }
}

/// The same case run with `tracing`'s attribute and with ours.
pub(crate) struct Pair<T> {
    pub(crate) tracing: Run<T>,
    pub(crate) ours: Run<T>,
}

impl<T: PartialEq + Debug> Pair<T> {
    /// Runs each copy under a fresh recorder, of every level or of
    /// `max_level` and above.
    pub(crate) fn new(
        max_level: Option<LevelFilter>,
        tracing: impl FnOnce() -> T,
        ours: impl FnOnce() -> T,
    ) -> Self {
        let recorder = || match max_level {
            Some(level) => Recorder::with_max_level(level).1,
            None => Recorder::new().1,
        };
        Pair {
            tracing: run(recorder(), tracing),
            ours: run(recorder(), ours),
        }
    }

    /// Asserts that both copies returned the same value and recorded the
    /// same, and that something was recorded at all.
    #[track_caller]
    pub(crate) fn assert_same(&self) {
        assert!(
            !self.tracing.lines.is_empty(),
            "nothing was recorded: the case compares nothing"
        );
        assert_eq!(
            self.tracing.out, self.ours.out,
            "the two copies returned different values"
        );
        assert!(
            self.tracing.lines == self.ours.lines,
            "`tracing` (-) and ours (+) recorded different things:\n{}",
            diff(&self.tracing.lines, &self.ours.lines)
        );
    }

    /// The callbacks each copy recorded, as [`Recorder::trace`] lines.
    pub(crate) fn traces(&self) -> (Vec<String>, Vec<String>) {
        (self.tracing.rec.trace(), self.ours.rec.trace())
    }

    /// A deliberate difference: `tracing`'s `Instrumented` enters the span
    /// once more to drop the body's future after it completed (tracing
    /// 0.1.38); ours has nothing left to drop in the span then. Asserts that
    /// `tracing`'s callbacks end `spans` spans with such an enter/exit pair
    /// after the last poll's exit, and removes it, so that the rest (ours
    /// included, which must then have one pair fewer) can be compared.
    #[track_caller]
    pub(crate) fn tracing_enters_to_drop(mut self, spans: usize) -> Self {
        let (lines, dropped) = without_drop_enters(&self.tracing.lines);
        assert_eq!(
            dropped,
            spans,
            "`tracing` enters each completed span once more to drop its future:\n{}",
            self.tracing.lines.join("\n")
        );
        self.tracing.lines = lines;
        self
    }
}

/// Runs `f` with `rec` as the default dispatcher.
fn run<T>(rec: Recorder, f: impl FnOnce() -> T) -> Run<T> {
    let out = rec.with_default(f);
    Run::new(out, rec)
}

/// Removes, from a listing's callbacks, the last `enter S`, `exit S` pair
/// of every span `S` whose `close S` follows `exit S`, `enter S`, `exit S`:
/// the span entered only to drop what it instrumented. Returns the rest and
/// how many pairs were removed.
fn without_drop_enters(lines: &[String]) -> (Vec<String>, usize) {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut removed = 0;
    for line in lines {
        if let Some(name) = line.strip_prefix("trace close ") {
            let tail = ["exit", "enter", "exit"].map(|what| format!("trace {what} {name}"));
            if out.len() >= 3 && out[out.len() - 3..] == tail {
                out.truncate(out.len() - 2);
                removed += 1;
            }
        }
        out.push(line.clone());
    }
    (out, removed)
}

/// Everything `rec` recorded that the two attributes must agree on, one
/// line per span, field, event and callback.
fn listing(rec: &Recorder) -> Vec<String> {
    let spans = rec.spans();
    let name = |index: usize| format!("#{index} {}", spans[index].name);
    let mut lines = Vec::new();
    for span in &spans {
        lines.push(format!(
            "span #{} {:?} target={} level={} parent={} follows_from={:?}",
            span.index,
            span.name,
            span.target,
            span.level,
            span.parent_index.map_or_else(|| "none".to_owned(), name),
            span.follows_from
                .iter()
                .copied()
                .map(name)
                .collect::<Vec<_>>(),
        ));
        lines.push(format!("  declared {:?}", span.declared));
        lines.extend(span.recorded.iter().map(field_line));
    }
    for event in rec.events() {
        lines.push(format!(
            "event #{} level={} target={} in {:?}",
            event.index,
            event.level,
            event.target,
            event
                .chain_indices
                .iter()
                .copied()
                .map(name)
                .collect::<Vec<_>>(),
        ));
        lines.extend(event.recorded.iter().map(field_line));
    }
    lines.extend(rec.trace().into_iter().map(|line| format!("trace {line}")));
    lines
}

/// A field as `name: Kind text`, and the sources of an error.
fn field_text(field: &RecordedField) -> String {
    let value = &field.value;
    let mut text = format!("{}: {:?} {}", field.name, value.kind, value.text);
    if !value.sources.is_empty() {
        let _ = write!(text, " (sources {:?})", value.sources);
    }
    text
}

fn field_line(field: &RecordedField) -> String {
    format!("  field {} {}", field.index, field_text(field))
}

/// Both listings, line by line: same lines once, differing ones as `-`
/// (`tracing`) and `+` (ours).
fn diff(tracing: &[String], ours: &[String]) -> String {
    let mut out = String::new();
    for i in 0..tracing.len().max(ours.len()) {
        match (tracing.get(i), ours.get(i)) {
            (Some(a), Some(b)) if a == b => {
                let _ = writeln!(out, "  {a}");
            }
            (a, b) => {
                if let Some(a) = a {
                    let _ = writeln!(out, "- {a}");
                }
                if let Some(b) = b {
                    let _ = writeln!(out, "+ {b}");
                }
            }
        }
    }
    out
}

/// Polls `fut` on this thread until it is ready, with a waker that does
/// nothing: the futures of these cases only wait for `yield_now()`, which
/// outside a runtime is pending once.
///
/// # Panics
///
/// If `fut` is still pending after many polls.
pub(crate) fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    for _ in 0..1000 {
        if let Poll::Ready(out) = poll_once(fut.as_mut()) {
            return out;
        }
    }
    panic!("the future is still pending after 1000 polls");
}

/// The error the `err` cases return.
#[derive(Debug, PartialEq)]
pub(crate) struct Failed(pub(crate) u16);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed with {}", self.0)
    }
}

/// The body of the `err` cases: `Err(Failed(7))` when asked, else `Ok(7)`.
pub(crate) fn outcome(fail: bool) -> Result<u32, Failed> {
    if fail {
        Err(Failed(7))
    } else {
        Ok(7)
    }
}
