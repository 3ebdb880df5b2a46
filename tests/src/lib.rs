//! Shared test support: a recording [`Layer`] over `tracing-subscriber`'s
//! [`Registry`], and helpers to run code and tokio runtimes under it.
//!
//! Every integration test asserts *recorded* behaviour: which spans were
//! created, with which parent (as the `Registry` decided it), which fields,
//! how often each was entered, exited and closed, and for every event the
//! chain of spans it happened in.
//!
//! ```
//! use instrument_runtime::info_span;
//! use instrument_tests::Recorder;
//!
//! let (dispatch, rec) = Recorder::new();
//! tracing::dispatcher::with_default(&dispatch, || {
//!     let outer = info_span!("outer", id = 7_u64);
//!     outer.in_scope(|| tracing::info!(answer = 42, "hello"));
//! });
//!
//! let outer = rec.span_named("outer");
//! assert_eq!(outer.fields["id"], "7");
//! assert_eq!(outer.parent, None);
//! let hello = rec.event_with_message("hello");
//! assert_eq!(hello.chain, ["outer"]);
//! assert_eq!(hello.fields["answer"], "42");
//! rec.assert_all_closed_once();
//! ```
//!
//! # Typed values
//!
//! [`SpanInfo::fields`] and [`EventInfo::fields`] hold every value as text.
//! [`SpanInfo::values`] and [`EventInfo::values`] hold the same values as
//! [`FieldValue`]s, which also say which `Visit` method each value came
//! through ([`VisitKind`]: `record_u64(7)` is not `record_debug(&7)`) and,
//! for `record_error`, the error's `source()` chain. [`SpanInfo::recorded`]
//! and [`EventInfo::recorded`] list the same values in the order they came,
//! each with its field's index, so two fields with one name are both kept.
//!
//! # Helpers
//!
//! [`record`] and [`record_async`] run code under a fresh recorder,
//! [`both_runtimes`] gives a recorder with each kind of tokio runtime;
//! [`poll_once`], [`current_name`], [`LogOnDrop`] and [`ChainError`] are
//! small tools that many tests need; [`Recorder::recorded_outcome`] reads
//! and checks the field of `#[instrument(outcome)]`. [`FmtBuffer`] collects
//! what `tracing-subscriber`'s fmt layer prints ([`fmt_layer`] builds one
//! that writes there), for tests of what a user reads.
//!
//! # Scoped dispatchers and runtimes
//!
//! Tests share one process (the `it` binary), so they never call
//! `set_global_default`. A scoped default ([`Recorder::with_default`],
//! [`Recorder::set_default`], `tracing::dispatcher::with_default`) is
//! thread-local: it does not reach the worker threads of a multi-thread
//! runtime. Either wrap spawned futures in
//! `WithSubscriber::with_subscriber(dispatch)`, or build the runtime with
//! [`Recorder::multi_thread_runtime`], which makes the recorder the default on
//! every worker (and blocking) thread, and drive it with
//! [`Recorder::block_on`], which makes it the default on the calling thread
//! too.
//!
//! # Level filtering
//!
//! [`Recorder::with_max_level`] puts a [`LevelFilter`] in front of the
//! recording layer as a per-layer filter: disabled spans are neither created
//! nor recorded, and the filter's level feeds `LevelFilter::current()`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::{self, Write as _};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context as TaskContext, Poll, Waker};
use std::thread::ThreadId;

use tracing_core::dispatcher::{self, DefaultGuard};
use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, Event, Level, Subscriber};
use tracing_subscriber::fmt::format::{DefaultFields, Format, Full};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::{LookupSpan, Registry, SpanRef};

pub use tracing_subscriber::filter::LevelFilter;

/// Changes the level of a [`Recorder::with_reloadable_level`] recorder.
pub type ReloadHandle = tracing_subscriber::reload::Handle<LevelFilter, Registry>;

/// Records everything a [`Registry`] reports, in order; cheap to clone (the
/// clones share one record).
///
/// Create one with [`Recorder::new`] (records every level) or
/// [`Recorder::with_max_level`], install the returned [`Dispatch`] as a scoped
/// default, run the code under test, then inspect [`Recorder::spans`],
/// [`Recorder::events`] or the ordered [`Recorder::trace`].
#[derive(Clone)]
pub struct Recorder {
    state: Arc<Mutex<State>>,
    dispatch: Dispatch,
}

/// Everything recorded so far.
#[derive(Default)]
struct State {
    spans: Vec<SpanInfo>,
    events: Vec<EventInfo>,
    actions: Vec<Action>,
}

/// One recorded span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanInfo {
    /// Position of this span in [`Recorder::spans`], in creation order. Unlike
    /// [`SpanInfo::id`], it is never reused.
    pub index: usize,
    /// The id the `Registry` gave the span (the registry reuses ids of closed
    /// spans).
    pub id: u64,
    /// The span's name.
    pub name: &'static str,
    /// The span's target.
    pub target: &'static str,
    /// The span's level.
    pub level: Level,
    /// The names of the fields declared by the span's callsite, recorded or
    /// not, in declaration order.
    pub declared: Vec<&'static str>,
    /// The parent's name, as the `Registry` decided it at creation.
    pub parent: Option<&'static str>,
    /// The parent's [`SpanInfo::index`].
    pub parent_index: Option<usize>,
    /// Field values: those given at creation, merged with every later
    /// `record`. Strings are recorded raw, errors with `Display`, every other
    /// value with `Debug` (`%x` values with `Display`).
    pub fields: BTreeMap<String, String>,
    /// The same values as [`SpanInfo::fields`], each with the `Visit` method
    /// it came through.
    pub values: BTreeMap<String, FieldValue>,
    /// Every value the span received, in the order received: those given at
    /// creation, then those of each later `record`. Unlike the maps above, it
    /// keeps both values of two fields with one name, and a field recorded
    /// again.
    pub recorded: Vec<RecordedField>,
    /// How many times the span was entered.
    pub entered: usize,
    /// How many times the span was exited.
    pub exited: usize,
    /// How many times the span was closed (once, when all handles are gone).
    pub closed: usize,
    /// The [`SpanInfo::index`]es of the spans this one follows from.
    pub follows_from: Vec<usize>,
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventInfo {
    /// Position of this event in [`Recorder::events`].
    pub index: usize,
    /// The `message` field, or an empty string when there is none.
    pub message: String,
    /// The other fields, formatted as for [`SpanInfo::fields`].
    pub fields: BTreeMap<String, String>,
    /// The same values as [`EventInfo::fields`] (no `message`), each with the
    /// `Visit` method it came through.
    pub values: BTreeMap<String, FieldValue>,
    /// Every field of the event, `message` included, in the order the event
    /// recorded them, duplicates kept.
    pub recorded: Vec<RecordedField>,
    /// The event's level.
    pub level: Level,
    /// The event's target.
    pub target: &'static str,
    /// The names of the spans the event happened in: its explicit parent or
    /// the current span, then that span's parent, up to the root. Innermost
    /// first; empty for an event outside any span.
    pub chain: Vec<&'static str>,
    /// The same chain as [`SpanInfo::index`]es.
    pub chain_indices: Vec<usize>,
    /// The thread that emitted the event.
    pub thread: ThreadId,
}

/// The `Visit` method a field value came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitKind {
    /// `record_f64`.
    F64,
    /// `record_i64`.
    I64,
    /// `record_u64`.
    U64,
    /// `record_i128`.
    I128,
    /// `record_u128`.
    U128,
    /// `record_bool`.
    Bool,
    /// `record_str`.
    Str,
    /// `record_bytes`.
    Bytes,
    /// `record_error`.
    Error,
    /// `record_debug`: every value that is not one of the above, `%x`
    /// (`Display`) and `?x` (`Debug`) values included.
    Debug,
}

/// One recorded field value: the `Visit` method it came through, its text,
/// and for an error its `source()` chain.
///
/// ```
/// use instrument_tests::{FieldValue, Recorder, VisitKind};
///
/// /// An error with a message and an optional source.
/// #[derive(Debug)]
/// struct Failed(&'static str, Option<Box<Failed>>);
///
/// impl std::fmt::Display for Failed {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str(self.0)
///     }
/// }
///
/// impl std::error::Error for Failed {
///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
///         self.1.as_deref().map(|source| source as _)
///     }
/// }
///
/// let (_, rec) = Recorder::new();
/// let quota = Failed("quota exceeded", None);
/// let err = Failed("could not save", Some(Box::new(Failed("disk full", Some(Box::new(quota))))));
/// rec.with_default(|| {
///     let error: &(dyn std::error::Error + 'static) = &err;
///     tracing::error!(error, n = 7_u64, debugged = ?7_u64, "failed");
/// });
/// let event = rec.event_with_message("failed");
/// assert_eq!(event.fields["error"], "could not save");
/// assert_eq!(
///     event.values["error"],
///     FieldValue::new(VisitKind::Error, "could not save")
///         .with_sources(["disk full", "quota exceeded"])
/// );
/// assert_eq!(event.values["n"], FieldValue::new(VisitKind::U64, "7"));
/// assert_eq!(event.values["debugged"], FieldValue::new(VisitKind::Debug, "7"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldValue {
    /// The `Visit` method the value came through.
    pub kind: VisitKind,
    /// The value as text, as in [`SpanInfo::fields`]: what the `Visit`
    /// trait's default methods would pass on to `record_debug`, except that
    /// strings are raw.
    pub text: String,
    /// For [`VisitKind::Error`]: the `Display` text of each error in the
    /// `source()` chain after the recorded one, nearest first. Empty for every
    /// other kind.
    pub sources: Vec<String>,
}

impl FieldValue {
    /// A value of `kind` with `text` and no sources.
    pub fn new(kind: VisitKind, text: impl Into<String>) -> FieldValue {
        FieldValue {
            kind,
            text: text.into(),
            sources: Vec::new(),
        }
    }

    /// The same value with `sources` as its error's `source()` chain.
    #[must_use]
    pub fn with_sources<S: Into<String>>(mut self, sources: impl IntoIterator<Item = S>) -> Self {
        self.sources = sources.into_iter().map(Into::into).collect();
        self
    }
}

/// One value as a `Visit` received it: the field's position in its
/// callsite's field set, its name and the value. Two fields may share a name
/// (`tracing`'s attribute declares a parameter and a `{CONST}` field of the
/// same name separately); the index tells them apart.
///
/// ```
/// use instrument_tests::{FieldValue, RecordedField, Recorder, VisitKind};
///
/// let (_, rec) = Recorder::new();
/// rec.with_default(|| {
///     let span = tracing::info_span!("s", a = 1_u64, b = tracing::field::Empty);
///     span.record("b", "later");
/// });
/// let span = rec.span_named("s");
/// assert_eq!(
///     span.recorded,
///     [
///         RecordedField::new(0, "a", FieldValue::new(VisitKind::U64, "1")),
///         RecordedField::new(1, "b", FieldValue::new(VisitKind::Str, "later")),
///     ]
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedField {
    /// The field's index in its callsite's field set.
    pub index: usize,
    /// The field's name.
    pub name: String,
    /// The value, with the `Visit` method it came through.
    pub value: FieldValue,
}

impl RecordedField {
    /// The value of the field at `index` called `name`.
    pub fn new(index: usize, name: impl Into<String>, value: FieldValue) -> RecordedField {
        RecordedField {
            index,
            name: name.into(),
            value,
        }
    }
}

/// One recorded callback, in the order the subscriber received them. Spans are
/// named by [`SpanInfo::index`], events by [`EventInfo::index`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A span was created.
    NewSpan {
        /// The new span.
        span: usize,
    },
    /// Values were recorded on a span after its creation.
    Record {
        /// The span.
        span: usize,
        /// The recorded `(name, value)` pairs.
        fields: Vec<(String, String)>,
    },
    /// A span was entered.
    Enter {
        /// The span.
        span: usize,
    },
    /// A span was exited.
    Exit {
        /// The span.
        span: usize,
    },
    /// A span was closed.
    Close {
        /// The span.
        span: usize,
    },
    /// A span was marked as following from another.
    FollowsFrom {
        /// The span.
        span: usize,
        /// The span it follows from.
        cause: usize,
    },
    /// An event was emitted.
    Event {
        /// The event.
        event: usize,
    },
}

impl Recorder {
    /// A recorder of every level, and the dispatcher that feeds it.
    ///
    /// ```
    /// let (dispatch, rec) = instrument_tests::Recorder::new();
    /// tracing::dispatcher::with_default(&dispatch, || tracing::info!("hi"));
    /// assert_eq!(rec.events()[0].message, "hi");
    /// ```
    pub fn new() -> (Dispatch, Recorder) {
        Self::recording(|layer| Dispatch::new(Registry::default().with(layer)))
    }

    /// A recorder that only sees spans and events at `level` or more severe:
    /// the [`LevelFilter`] is a per-layer filter in front of the recording
    /// layer, so the `Registry` reports its level as the maximum, and
    /// `LevelFilter::current()` reflects it while no other dispatcher is
    /// alive.
    ///
    /// ```
    /// use instrument_tests::{LevelFilter, Recorder};
    ///
    /// let (dispatch, rec) = Recorder::with_max_level(LevelFilter::INFO);
    /// tracing::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::debug_span!("hidden");
    ///     assert!(span.is_disabled());
    /// });
    /// assert!(rec.spans().is_empty());
    /// ```
    pub fn with_max_level(level: LevelFilter) -> (Dispatch, Recorder) {
        use tracing_subscriber::layer::Layer as _;

        Self::recording(|layer| Dispatch::new(Registry::default().with(layer.with_filter(level))))
    }

    /// A recorder behind a [`LevelFilter`] that can be changed while it is in
    /// use, through the returned [`ReloadHandle`] (`tracing_subscriber::reload`).
    /// The filter is a layer of the subscriber, in front of the recording
    /// layer: spans and events it disables are neither created nor recorded.
    /// Reloading rebuilds every callsite's cached interest.
    ///
    /// ```
    /// use instrument_tests::{LevelFilter, Recorder};
    ///
    /// let (dispatch, rec, handle) = Recorder::with_reloadable_level(LevelFilter::INFO);
    /// tracing::dispatcher::with_default(&dispatch, || {
    ///     tracing::info!("kept");
    ///     handle.reload(LevelFilter::WARN).unwrap();
    ///     tracing::info!("dropped");
    /// });
    /// assert_eq!(rec.events().len(), 1);
    /// ```
    pub fn with_reloadable_level(level: LevelFilter) -> (Dispatch, Recorder, ReloadHandle) {
        let (filter, handle) = tracing_subscriber::reload::Layer::new(level);
        let (dispatch, rec) =
            Self::recording(|layer| Dispatch::new(Registry::default().with(filter).with(layer)));
        (dispatch, rec, handle)
    }

    /// A recorder behind a global filter function (`dynamic_filter_fn`),
    /// which the subscriber asks about each span and event as it happens:
    /// every callsite's interest is *sometimes*, never cached as always or
    /// never, so `Subscriber::enabled` decides each time (as with
    /// `EnvFilter`'s dynamic directives). (A `filter_fn` would not do: it
    /// asks once per callsite and caches the answer.)
    ///
    /// ```
    /// let (dispatch, rec) =
    ///     instrument_tests::Recorder::with_filter_fn(|meta| meta.name() != "hidden");
    /// tracing::dispatcher::with_default(&dispatch, || {
    ///     drop(instrument_runtime::info_span!("hidden"));
    ///     drop(instrument_runtime::info_span!("shown"));
    /// });
    /// let names: Vec<_> = rec.spans().iter().map(|span| span.name).collect();
    /// assert_eq!(names, ["shown"]);
    /// ```
    pub fn with_filter_fn(
        filter: impl Fn(&tracing_core::Metadata<'_>) -> bool + Send + Sync + 'static,
    ) -> (Dispatch, Recorder) {
        let filter = tracing_subscriber::filter::dynamic_filter_fn(move |meta, _| filter(meta));
        Self::recording(|layer| Dispatch::new(Registry::default().with(filter).with(layer)))
    }

    /// A recorder fed by a new recording layer, which `build` puts into a
    /// dispatcher (behind filters, if any).
    fn recording(build: impl FnOnce(RecordingLayer) -> Dispatch) -> (Dispatch, Recorder) {
        let state = Arc::new(Mutex::new(State::default()));
        let dispatch = build(RecordingLayer {
            state: Arc::clone(&state),
        });
        let rec = Recorder {
            state,
            dispatch: dispatch.clone(),
        };
        (dispatch, rec)
    }

    /// The dispatcher that feeds this recorder.
    pub fn dispatch(&self) -> &Dispatch {
        &self.dispatch
    }

    /// Runs `f` with this recorder as the default dispatcher of this thread.
    ///
    /// ```
    /// let (_, rec) = instrument_tests::Recorder::new();
    /// rec.with_default(|| tracing::info!("inside"));
    /// assert_eq!(rec.events().len(), 1);
    /// ```
    pub fn with_default<T>(&self, f: impl FnOnce() -> T) -> T {
        dispatcher::with_default(&self.dispatch, f)
    }

    /// Makes this recorder the default dispatcher of this thread until the
    /// guard is dropped.
    pub fn set_default(&self) -> DefaultGuard {
        dispatcher::set_default(&self.dispatch)
    }

    /// A current-thread tokio runtime (with the timer). It runs tasks on the
    /// thread that calls `block_on`; use [`Recorder::block_on`] to record them.
    ///
    /// # Panics
    ///
    /// If tokio cannot build the runtime.
    pub fn current_thread_runtime(&self) -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("building a current-thread runtime")
    }

    /// A multi-thread tokio runtime with `workers` worker threads (and the
    /// timer), on each of which (and on each blocking thread) this recorder is
    /// the default dispatcher. Drive it with [`Recorder::block_on`] so that the
    /// calling thread records too.
    ///
    /// ```
    /// let (_, rec) = instrument_tests::Recorder::new();
    /// let rt = rec.multi_thread_runtime(2);
    /// rec.block_on(&rt, async {
    ///     tokio::spawn(async { tracing::info!("on a worker") }).await.unwrap();
    /// });
    /// assert_eq!(rec.events_with_message("on a worker").len(), 1);
    /// ```
    ///
    /// # Panics
    ///
    /// If tokio cannot build the runtime.
    pub fn multi_thread_runtime(&self, workers: usize) -> tokio::runtime::Runtime {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(workers).enable_time();
        runtime_with_default(&mut builder, &self.dispatch)
    }

    /// Runs `fut` to completion on `rt`, with this recorder as the default
    /// dispatcher of the calling thread (where `block_on` polls `fut`).
    pub fn block_on<F: Future>(&self, rt: &tokio::runtime::Runtime, fut: F) -> F::Output {
        self.with_default(|| rt.block_on(fut))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Every span created so far, in creation order.
    pub fn spans(&self) -> Vec<SpanInfo> {
        self.state().spans.clone()
    }

    /// The spans called `name`, in creation order.
    pub fn spans_named(&self, name: &str) -> Vec<SpanInfo> {
        self.state()
            .spans
            .iter()
            .filter(|span| span.name == name)
            .cloned()
            .collect()
    }

    /// The one span called `name`.
    ///
    /// # Panics
    ///
    /// If there is no span called `name`, or more than one; the message lists
    /// the recorded spans.
    #[track_caller]
    pub fn span_named(&self, name: &str) -> SpanInfo {
        let mut found = self.spans_named(name);
        match found.len() {
            1 => found.remove(0),
            n => panic!(
                "expected exactly one span named {name:?}, found {n}\n{}",
                self.dump()
            ),
        }
    }

    /// The span at `index` (see [`SpanInfo::index`]).
    ///
    /// # Panics
    ///
    /// If there is no such span.
    #[track_caller]
    pub fn span(&self, index: usize) -> SpanInfo {
        let state = self.state();
        match state.spans.get(index) {
            Some(span) => span.clone(),
            None => panic!("no span #{index}: {} recorded", state.spans.len()),
        }
    }

    /// The name of the span's parent's parent's ... up to the root, starting
    /// with the span itself: the same shape as [`EventInfo::chain`].
    pub fn ancestry(&self, span: &SpanInfo) -> Vec<&'static str> {
        let state = self.state();
        let mut chain = vec![span.name];
        let mut next = span.parent_index;
        while let Some(index) = next {
            let parent = &state.spans[index];
            chain.push(parent.name);
            next = parent.parent_index;
        }
        chain
    }

    /// Every event so far, in order.
    pub fn events(&self) -> Vec<EventInfo> {
        self.state().events.clone()
    }

    /// The events whose message is `message`, in order.
    pub fn events_with_message(&self, message: &str) -> Vec<EventInfo> {
        self.state()
            .events
            .iter()
            .filter(|event| event.message == message)
            .cloned()
            .collect()
    }

    /// The one event whose message is `message`.
    ///
    /// # Panics
    ///
    /// If there is no such event, or more than one; the message lists what
    /// was recorded.
    #[track_caller]
    pub fn event_with_message(&self, message: &str) -> EventInfo {
        let mut found = self.events_with_message(message);
        match found.len() {
            1 => found.remove(0),
            n => panic!(
                "expected exactly one event with message {message:?}, found {n}\n{}",
                self.dump()
            ),
        }
    }

    /// The events that have a field called `field` (the events of `ret` and
    /// `err` have no message), in order.
    ///
    /// ```
    /// let (_, rec) = instrument_tests::Recorder::new();
    /// rec.with_default(|| tracing::info!(r#return = 7_u64));
    /// assert_eq!(rec.events_with_field("return")[0].fields["return"], "7");
    /// ```
    pub fn events_with_field(&self, field: &str) -> Vec<EventInfo> {
        self.state()
            .events
            .iter()
            .filter(|event| event.fields.contains_key(field))
            .cloned()
            .collect()
    }

    /// Every callback so far, in order.
    pub fn actions(&self) -> Vec<Action> {
        self.state().actions.clone()
    }

    /// Every callback so far, in order, as short lines: `new NAME`, `record
    /// NAME k=v ..`, `enter NAME`, `exit NAME`, `close NAME`, `follows NAME <-
    /// CAUSE`, `event MESSAGE`.
    ///
    /// ```
    /// let (_, rec) = instrument_tests::Recorder::new();
    /// rec.with_default(|| {
    ///     instrument_runtime::info_span!("a").in_scope(|| tracing::info!("e"));
    /// });
    /// assert_eq!(rec.trace(), ["new a", "enter a", "event e", "exit a", "close a"]);
    /// ```
    pub fn trace(&self) -> Vec<String> {
        let state = self.state();
        let name = |index: usize| state.spans[index].name;
        state
            .actions
            .iter()
            .map(|action| match action {
                Action::NewSpan { span } => format!("new {}", name(*span)),
                Action::Record { span, fields } => {
                    let mut line = format!("record {}", name(*span));
                    for (key, value) in fields {
                        let _ = write!(line, " {key}={value}");
                    }
                    line
                }
                Action::Enter { span } => format!("enter {}", name(*span)),
                Action::Exit { span } => format!("exit {}", name(*span)),
                Action::Close { span } => format!("close {}", name(*span)),
                Action::FollowsFrom { span, cause } => {
                    format!("follows {} <- {}", name(*span), name(*cause))
                }
                Action::Event { event } => format!("event {}", state.events[*event].message),
            })
            .collect()
    }

    /// The value of the `outcome` field of `span` (`#[instrument(outcome)]`),
    /// or `None` if it was never recorded; checks that it was recorded at
    /// most once, and before the span closed.
    ///
    /// ```
    /// let (_, rec) = instrument_tests::Recorder::new();
    /// rec.with_default(|| {
    ///     let span = instrument_runtime::info_span!("f", outcome = instrument_runtime::field::Empty);
    ///     span.in_scope(|| span.record("outcome", "ok"));
    /// });
    /// assert_eq!(rec.recorded_outcome(&rec.span_named("f")).as_deref(), Some("ok"));
    /// ```
    ///
    /// # Panics
    ///
    /// If `outcome` was recorded more than once, or the span did not close
    /// after it was recorded.
    #[track_caller]
    pub fn recorded_outcome(&self, span: &SpanInfo) -> Option<String> {
        let actions = self.actions();
        let records: Vec<(usize, &String)> = actions
            .iter()
            .enumerate()
            .filter_map(|(at, action)| match action {
                Action::Record {
                    span: index,
                    fields,
                } if *index == span.index => fields
                    .iter()
                    .find(|(name, _)| name == "outcome")
                    .map(|(_, value)| (at, value)),
                _ => None,
            })
            .collect();
        let (at, value) = match records.as_slice() {
            [] => return None,
            [record] => *record,
            _ => panic!(
                "`outcome` of span #{} recorded {} times\n{}",
                span.index,
                records.len(),
                self.dump()
            ),
        };
        assert!(
            actions[at + 1..].iter().any(
                |action| matches!(action, Action::Close { span: index } if *index == span.index)
            ),
            "span #{} not closed after its `outcome` was recorded\n{}",
            span.index,
            self.dump()
        );
        Some(value.clone())
    }

    /// The `outcome` of every span called `name`, in creation order, each
    /// checked as by [`Recorder::recorded_outcome`].
    ///
    /// # Panics
    ///
    /// If one of the spans has no `outcome`, or its checks fail.
    #[track_caller]
    pub fn outcomes(&self, name: &str) -> Vec<String> {
        self.spans_named(name)
            .iter()
            .map(|span| {
                self.recorded_outcome(span).unwrap_or_else(|| {
                    panic!(
                        "span #{} {name:?} has no `outcome`\n{}",
                        span.index,
                        self.dump()
                    )
                })
            })
            .collect()
    }

    /// Whether nothing at all was recorded.
    pub fn is_empty(&self) -> bool {
        self.state().actions.is_empty()
    }

    /// Asserts that every span created was closed exactly once.
    ///
    /// # Panics
    ///
    /// If a span was never closed or closed more than once; the message names
    /// each such span and lists everything recorded.
    #[track_caller]
    pub fn assert_all_closed_once(&self) {
        let wrong: Vec<String> = self
            .state()
            .spans
            .iter()
            .filter(|span| span.closed != 1)
            .map(|span| {
                format!(
                    "span #{} {:?} (parent {:?}) closed {} times",
                    span.index, span.name, span.parent, span.closed
                )
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "every span must close exactly once:\n  {}\n{}",
            wrong.join("\n  "),
            self.dump()
        );
    }

    /// Asserts that every span was exited as often as it was entered.
    ///
    /// # Panics
    ///
    /// If a span's enter and exit counts differ.
    #[track_caller]
    pub fn assert_enters_balanced(&self) {
        let wrong: Vec<String> = self
            .state()
            .spans
            .iter()
            .filter(|span| span.entered != span.exited)
            .map(|span| {
                format!(
                    "span #{} {:?} entered {} times, exited {} times",
                    span.index, span.name, span.entered, span.exited
                )
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "every enter must be matched by an exit:\n  {}\n{}",
            wrong.join("\n  "),
            self.dump()
        );
    }

    /// A readable listing of every span, event and callback recorded, for
    /// assertion messages.
    pub fn dump(&self) -> String {
        let trace = self.trace();
        let state = self.state();
        let mut out = String::from("recorded spans:\n");
        for span in &state.spans {
            let _ = writeln!(
                out,
                "  #{} {} parent={:?} fields={:?} entered={} exited={} closed={}",
                span.index,
                span.name,
                span.parent,
                span.fields,
                span.entered,
                span.exited,
                span.closed
            );
        }
        out.push_str("recorded events:\n");
        for event in &state.events {
            let _ = writeln!(
                out,
                "  #{} {:?} fields={:?} chain={:?}",
                event.index, event.message, event.fields, event.chain
            );
        }
        out.push_str("trace:\n");
        for line in trace {
            let _ = writeln!(out, "  {line}");
        }
        out
    }
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dump())
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A failed assertion in one thread must not hide what was recorded.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The layer that records into a [`Recorder`]'s state.
struct RecordingLayer {
    state: Arc<Mutex<State>>,
}

/// Stored in each span's extensions: its [`SpanInfo::index`].
#[derive(Clone, Copy)]
struct Index(usize);

fn index_of<S>(span: &SpanRef<'_, S>) -> Option<usize>
where
    S: for<'a> LookupSpan<'a>,
{
    span.extensions().get::<Index>().map(|index| index.0)
}

/// Collects field values with the `Visit` method each came through, in the
/// order received.
#[derive(Default)]
struct Fields(Vec<RecordedField>);

impl Fields {
    fn push(&mut self, field: &Field, value: FieldValue) {
        self.0
            .push(RecordedField::new(field.index(), field.name(), value));
    }

    /// `(name, text)` pairs, for [`Action::Record`].
    fn texts(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|field| (field.name.clone(), field.value.text.clone()))
            .collect()
    }

    /// The values by name; the last one of a name wins.
    fn by_name(&self) -> BTreeMap<String, FieldValue> {
        self.0
            .iter()
            .map(|field| (field.name.clone(), field.value.clone()))
            .collect()
    }
}

/// The text the `Visit` trait's default method for a value would hand to
/// `record_debug`, so that every kind keeps the text it had before kinds
/// were recorded.
fn default_text(visit: impl FnOnce(&mut DefaultText)) -> String {
    let mut text = DefaultText(String::new());
    visit(&mut text);
    text.0
}

/// Keeps what the default methods pass to `record_debug`.
struct DefaultText(String);

impl Visit for DefaultText {
    fn record_debug(&mut self, _: &Field, value: &dyn fmt::Debug) {
        self.0 = format!("{value:?}");
    }
}

/// The methods of `Visit` whose value's text is what the trait's default
/// method gives; each records its value with its [`VisitKind`].
macro_rules! record_with_default_text {
    ($($method:ident($ty:ty) => $kind:ident,)*) => {
        $(
            fn $method(&mut self, field: &Field, value: $ty) {
                let text = default_text(|v| v.$method(field, value));
                self.push(field, FieldValue::new(VisitKind::$kind, text));
            }
        )*
    };
}

impl Visit for Fields {
    record_with_default_text! {
        record_f64(f64) => F64,
        record_i64(i64) => I64,
        record_u64(u64) => U64,
        record_i128(i128) => I128,
        record_u128(u128) => U128,
        record_bool(bool) => Bool,
        record_bytes(&[u8]) => Bytes,
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.push(field, FieldValue::new(VisitKind::Str, value));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn Error + 'static)) {
        let text = default_text(|v| v.record_error(field, value));
        let sources =
            std::iter::successors(value.source(), |&error| error.source()).map(ToString::to_string);
        self.push(
            field,
            FieldValue::new(VisitKind::Error, text).with_sources(sources),
        );
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.push(
            field,
            FieldValue::new(VisitKind::Debug, format!("{value:?}")),
        );
    }
}

/// The text of each value, for [`SpanInfo::fields`] and [`EventInfo::fields`].
fn texts(values: &BTreeMap<String, FieldValue>) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|(name, value)| (name.clone(), value.text.clone()))
        .collect()
}

impl<S> Layer<S> for RecordingLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let meta = attrs.metadata();
        let Some(span) = ctx.span(id) else { return };
        let parent = span
            .parent()
            .and_then(|parent| Some((parent.name(), index_of(&parent)?)));
        let values = fields.by_name();
        let index = {
            let mut state = lock(&self.state);
            let index = state.spans.len();
            state.spans.push(SpanInfo {
                index,
                id: id.into_u64(),
                name: meta.name(),
                target: meta.target(),
                level: *meta.level(),
                declared: meta.fields().iter().map(|field| field.name()).collect(),
                parent: parent.map(|(name, _)| name),
                parent_index: parent.map(|(_, index)| index),
                fields: texts(&values),
                values,
                recorded: fields.0,
                entered: 0,
                exited: 0,
                closed: 0,
                follows_from: Vec::new(),
            });
            state.actions.push(Action::NewSpan { span: index });
            index
        };
        span.extensions_mut().insert(Index(index));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        let Some(index) = ctx.span(id).as_ref().and_then(index_of) else {
            return;
        };
        let texts = fields.texts();
        let mut state = lock(&self.state);
        let span = &mut state.spans[index];
        span.fields.extend(texts.iter().cloned());
        span.values.extend(fields.by_name());
        span.recorded.extend(fields.0);
        state.actions.push(Action::Record {
            span: index,
            fields: texts,
        });
    }

    fn on_follows_from(&self, id: &Id, follows: &Id, ctx: Context<'_, S>) {
        let (Some(index), Some(cause)) = (
            ctx.span(id).as_ref().and_then(index_of),
            ctx.span(follows).as_ref().and_then(index_of),
        ) else {
            return;
        };
        let mut state = lock(&self.state);
        state.spans[index].follows_from.push(cause);
        state
            .actions
            .push(Action::FollowsFrom { span: index, cause });
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut message = String::new();
        let mut values = BTreeMap::new();
        for field in &fields.0 {
            if field.name == "message" {
                message.clone_from(&field.value.text);
            } else {
                values.insert(field.name.clone(), field.value.clone());
            }
        }
        let (chain, chain_indices) = ctx
            .event_scope(event)
            .into_iter()
            .flatten()
            .filter_map(|span| Some((span.name(), index_of(&span)?)))
            .unzip();
        let meta = event.metadata();
        let mut state = lock(&self.state);
        let index = state.events.len();
        state.events.push(EventInfo {
            index,
            message,
            fields: texts(&values),
            values,
            recorded: fields.0,
            level: *meta.level(),
            target: meta.target(),
            chain,
            chain_indices,
            thread: std::thread::current().id(),
        });
        state.actions.push(Action::Event { event: index });
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(index) = ctx.span(id).as_ref().and_then(index_of) {
            let mut state = lock(&self.state);
            state.spans[index].entered += 1;
            state.actions.push(Action::Enter { span: index });
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(index) = ctx.span(id).as_ref().and_then(index_of) {
            let mut state = lock(&self.state);
            state.spans[index].exited += 1;
            state.actions.push(Action::Exit { span: index });
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(index) = ctx.span(&id).as_ref().and_then(index_of) {
            let mut state = lock(&self.state);
            state.spans[index].closed += 1;
            state.actions.push(Action::Close { span: index });
        }
    }
}

/// Builds a runtime from `builder` on whose every thread (workers and
/// blocking threads) `dispatch` is the default dispatcher, from the thread's
/// start to its end.
///
/// # Panics
///
/// If tokio cannot build the runtime.
pub fn runtime_with_default(
    builder: &mut tokio::runtime::Builder,
    dispatch: &Dispatch,
) -> tokio::runtime::Runtime {
    thread_local! {
        static WORKER_DEFAULT: RefCell<Option<DefaultGuard>> = const { RefCell::new(None) };
    }
    let dispatch = dispatch.clone();
    builder
        .on_thread_start(move || {
            let guard = dispatcher::set_default(&dispatch);
            WORKER_DEFAULT.with(|slot| *slot.borrow_mut() = Some(guard));
        })
        .on_thread_stop(|| {
            // Drop the guard while the thread-locals are still alive.
            let guard = WORKER_DEFAULT.with(|slot| slot.borrow_mut().take());
            drop(guard);
        })
        .build()
        .expect("building a runtime")
}

/// The two kinds of tokio runtime that tests run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// `new_current_thread`: tasks run on the thread that calls `block_on`.
    CurrentThread,
    /// `new_multi_thread` with two workers.
    MultiThread,
}

impl Flavor {
    /// Both flavours, for a test to loop over.
    pub const ALL: [Flavor; 2] = [Flavor::CurrentThread, Flavor::MultiThread];

    /// A runtime of this flavour (timer enabled) on whose threads `dispatch`
    /// is the default; drive it under `dispatch` too (for example with
    /// [`Recorder::block_on`]), as a current-thread runtime polls on the
    /// calling thread.
    ///
    /// ```
    /// use instrument_tests::{Flavor, Recorder};
    ///
    /// for flavor in Flavor::ALL {
    ///     let (dispatch, rec) = Recorder::new();
    ///     let rt = flavor.runtime(&dispatch);
    ///     rec.block_on(&rt, async {
    ///         tokio::spawn(async { tracing::info!("spawned") }).await.unwrap();
    ///     });
    ///     assert_eq!(rec.events_with_message("spawned").len(), 1);
    /// }
    /// ```
    ///
    /// # Panics
    ///
    /// If tokio cannot build the runtime.
    pub fn runtime(self, dispatch: &Dispatch) -> tokio::runtime::Runtime {
        let mut builder = match self {
            Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Flavor::MultiThread => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        };
        builder.enable_time();
        runtime_with_default(&mut builder, dispatch)
    }
}

/// Runs `f` under a fresh recorder, the default dispatcher of this thread
/// while `f` runs.
///
/// ```
/// let (answer, rec) = instrument_tests::record(|| {
///     tracing::info!("inside");
///     42
/// });
/// assert_eq!((answer, rec.events().len()), (42, 1));
/// ```
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Recorder) {
    let (_, rec) = Recorder::new();
    let out = rec.with_default(f);
    (out, rec)
}

/// A multi-thread runtime (two workers) and a current-thread one, each with a
/// fresh recorder and named for assertion messages: for tests that must hold
/// on both.
///
/// ```
/// for (runtime, rec, rt) in instrument_tests::both_runtimes() {
///     rec.block_on(&rt, async { tokio::spawn(async { tracing::info!("e") }).await.unwrap() });
///     assert_eq!(rec.events().len(), 1, "{runtime}");
/// }
/// ```
pub fn both_runtimes() -> [(&'static str, Recorder, tokio::runtime::Runtime); 2] {
    let (_, multi) = Recorder::new();
    let multi_rt = multi.multi_thread_runtime(2);
    let (_, current) = Recorder::new();
    let current_rt = current.current_thread_runtime();
    [
        ("multi-thread", multi, multi_rt),
        ("current-thread", current, current_rt),
    ]
}

/// Creates a future with `make` and runs it to completion on a
/// current-thread runtime, under a fresh recorder: `make` is called, and the
/// future polled, with the recorder as the default dispatcher.
///
/// # Panics
///
/// If tokio cannot build the runtime.
pub fn record_async<F: Future>(make: impl FnOnce() -> F) -> (F::Output, Recorder) {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async move { make().await });
    (out, rec)
}

/// Polls `fut` once, with a waker that does nothing.
pub fn poll_once<F: Future + ?Sized>(fut: Pin<&mut F>) -> Poll<F::Output> {
    fut.poll(&mut TaskContext::from_waker(Waker::noop()))
}

/// The name of the span current on this thread, if any.
pub fn current_name() -> Option<&'static str> {
    instrument_runtime::Span::current()
        .metadata()
        .map(tracing_core::Metadata::name)
}

/// Emits an info event `dropped`, with its label as the field `what`, when
/// dropped: shows in which span a value is dropped.
#[derive(Debug)]
pub struct LogOnDrop(pub &'static str);

impl Drop for LogOnDrop {
    fn drop(&mut self) {
        tracing::info!(what = self.0, "dropped");
    }
}

/// An error with a message and a chain of sources, for the tests of
/// `err(Error)`: its `Display` is its own message, its `source()` the next.
///
/// ```
/// use std::error::Error as _;
///
/// let error = instrument_tests::ChainError::new(["could not save", "disk full"]);
/// assert_eq!(error.to_string(), "could not save");
/// assert_eq!(error.source().unwrap().to_string(), "disk full");
/// assert!(error.source().unwrap().source().is_none());
/// ```
#[derive(Debug)]
pub struct ChainError {
    message: &'static str,
    source: Option<Box<ChainError>>,
}

impl ChainError {
    /// The first message's error, whose source is the second's, and so on.
    ///
    /// # Panics
    ///
    /// If `messages` is empty.
    pub fn new(messages: impl IntoIterator<Item = &'static str>) -> ChainError {
        let messages: Vec<&'static str> = messages.into_iter().collect();
        let (last, rest) = messages.split_last().expect("at least one message");
        rest.iter().rev().fold(
            ChainError {
                message: last,
                source: None,
            },
            |source, message| ChainError {
                message,
                source: Some(Box::new(source)),
            },
        )
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl Error for ChainError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// A `MakeWriter` that appends everything written to a shared buffer:
/// what `tracing-subscriber`'s fmt layer prints, for a test to read. Cheap
/// to clone (the clones share the buffer).
///
/// ```
/// use instrument_tests::{fmt_layer, FmtBuffer};
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// let buffer = FmtBuffer::default();
/// let subscriber = tracing_subscriber::registry().with(fmt_layer(&buffer));
/// tracing::subscriber::with_default(subscriber, || {
///     instrument_runtime::info_span!("outer").in_scope(|| tracing::info!("hi"));
/// });
/// assert_eq!(buffer.lines(), [" INFO outer: rust_out: hi"]);
/// ```
#[derive(Clone, Default, Debug)]
pub struct FmtBuffer(Arc<Mutex<Vec<u8>>>);

impl FmtBuffer {
    /// Everything written so far.
    ///
    /// # Panics
    ///
    /// If what was written is not UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        )
        .expect("the fmt layer writes UTF-8")
    }

    /// Everything written so far, one string per line.
    pub fn lines(&self) -> Vec<String> {
        self.text().lines().map(str::to_owned).collect()
    }
}

impl io::Write for FmtBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl MakeWriter<'_> for FmtBuffer {
    type Writer = FmtBuffer;

    fn make_writer(&self) -> FmtBuffer {
        self.clone()
    }
}

/// `tracing-subscriber`'s fmt layer writing to `buffer`, without colours or
/// timestamps, so that its lines can be compared; configure it further
/// (`.with_span_events(..)`, `.with_target(false)`) as needed.
pub fn fmt_layer<S>(
    buffer: &FmtBuffer,
) -> tracing_subscriber::fmt::Layer<S, DefaultFields, Format<Full, ()>, FmtBuffer>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(buffer.clone())
        .with_ansi(false)
        .without_time()
}

#[cfg(test)]
mod tests {
    use super::{FieldValue, Recorder, VisitKind};

    /// Each `Visit` method keeps its kind, and the text it had when every
    /// value went through `record_debug` (or `record_str`).
    #[test]
    fn every_visit_kind_and_its_text() {
        let (_, rec) = Recorder::new();
        let error = std::io::Error::other("gone");
        rec.with_default(|| {
            let error: &(dyn std::error::Error + 'static) = &error;
            tracing::info!(
                f = 1.5_f64,
                i = -2_i64,
                u = 3_u64,
                big_i = -4_i128,
                big_u = 5_u128,
                b = false,
                s = "raw",
                bytes = &b"\x01\xab"[..],
                error,
                shown = %"shown",
                debugged = ?"debugged",
                "kinds"
            );
        });
        let event = rec.event_with_message("kinds");
        let value = |kind, text| FieldValue::new(kind, text);
        let expected = [
            ("b", value(VisitKind::Bool, "false")),
            ("big_i", value(VisitKind::I128, "-4")),
            ("big_u", value(VisitKind::U128, "5")),
            ("bytes", value(VisitKind::Bytes, "[01 ab]")),
            ("debugged", value(VisitKind::Debug, "\"debugged\"")),
            ("error", value(VisitKind::Error, "gone")),
            ("f", value(VisitKind::F64, "1.5")),
            ("i", value(VisitKind::I64, "-2")),
            ("s", value(VisitKind::Str, "raw")),
            ("shown", value(VisitKind::Debug, "shown")),
            ("u", value(VisitKind::U64, "3")),
        ];
        let got: Vec<(&str, FieldValue)> = event
            .values
            .iter()
            .map(|(name, value)| (name.as_str(), value.clone()))
            .collect();
        assert_eq!(got, expected);
        for (name, value) in &event.values {
            assert_eq!(event.fields[name], value.text);
        }
    }
}
