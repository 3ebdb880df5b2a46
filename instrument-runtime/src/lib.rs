//! Tracing spans with the right parents in async Rust.
//!
//! [`#[instrument]`](macro@instrument) puts a function in a span, as
//! `tracing`'s attribute does, with every argument of `tracing`'s, and:
//!
//! - **The right parents in async code.** A future spawned with
//!   `tokio::spawn` or `JoinSet::spawn` is first polled where no span is
//!   current; its span's parent is then the span current where the future
//!   was created (with `tracing`'s attribute, it is a root). Statements
//!   before a returned future run inside the span too.
//! - **Smaller futures.** An instrumented `async fn` stores its arguments
//!   once, where `tracing`'s stores them twice.
//! - **A cheap disabled path**, and features that compile spans out,
//!   leaving the plain function ([Compiling spans out](#compiling-spans-out)).
//! - **Mistakes are compile errors**, one per mistake, at the token that is
//!   wrong.
//! - `outcome`, `detached`, `err(Error)` and `fields(param)`, and the
//!   attribute on whole `impl` blocks and traits.
//!
//! The spans are `tracing-core` spans, sent to whatever subscriber is
//! current: `tracing-subscriber`'s fmt layer and `EnvFilter`,
//! `tracing-opentelemetry`, `tracing::info!` inside instrumented code and
//! `tracing::Span::current()` all work with them unchanged. This crate holds
//! [`Span`], the [`Instrument`] and [`WithSubscriber`] adapters, the
//! [`span!`] family of macros, [`field`] and, with a feature, [`pending`];
//! the attribute is re-exported from `instrument-macros`, which you do not
//! need to depend on.
//!
//! # Quick start
//!
//! ```toml
//! [dependencies]
//! instrument-runtime = "0.1"
//! # Events (`tracing::info!`), a subscriber that prints the spans, and the
//! # runtime of the example below.
//! tracing = "0.1"
//! tracing-subscriber = "0.3"
//! tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
//! ```
//!
//! ```
//! use instrument_runtime::instrument;
//! use tokio::task::JoinSet;
//!
//! #[instrument]
//! async fn handle(request: u64) -> usize {
//!     let mut shards = JoinSet::new();
//!     for shard in 0..2 {
//!         shards.spawn(fetch(shard)); // each `fetch` span is a child of `handle`
//!     }
//!     shards.join_all().await.len()
//! }
//!
//! #[instrument]
//! async fn fetch(shard: u32) {
//!     tracing::info!("fetched"); // INFO handle{request=7}:fetch{shard=0}: fetched
//! }
//!
//! #[tokio::main]
//! async fn main() {
//!     tracing_subscriber::fmt().init();
//!     assert_eq!(handle(7).await, 2);
//! }
//! ```
//!
//! The [`#[instrument]`](macro@instrument) page is the manual: every
//! argument with an example, and the rules.
//!
//! # When a span opens, and who its parent is
//!
//! The rule: the span opens when the function's own code first runs, and its
//! parent is the span current at that moment; if a future's code first runs
//! where no span is current (a runtime worker polling a spawned task), its
//! parent is the span that was current where the future was created.
//!
//! | function shape | span opens | parent | span entered |
//! |---|---|---|---|
//! | `fn f(..) -> T` | at the call | the span current at the call | for the whole body |
//! | `async fn f(..)` | at the first poll | the span current at the first poll, else the span current at the call | on every poll, and while the future is dropped |
//! | `fn f(..) -> impl Future` or a boxed `dyn Future`, whose body is only an async block (what `async-trait` emits) | as `async fn` | as `async fn` | as `async fn` |
//! | the same with statements before the returned future (a sync prelude) | at the call | the span current at the call | during the prelude, then on every poll of the returned future and while it is dropped |
//! | `fn f(..) -> impl Stream` or a boxed `dyn Stream` | at the call | the span current at the call | while the body builds the stream, then around every `poll_next` and while the stream is dropped |
//!
//! Every span that opens closes exactly once: on completion, on drop, on
//! panic. What follows from the rule (a future created in one span and
//! polled in another, spawned work that outlives its caller, threads) is in
//! [the manual](macro@instrument#when-the-span-opens-and-its-parent).
//!
//! ```
//! use instrument_runtime::{info_span, instrument, Instrument, Span};
//!
//! #[instrument]
//! async fn child() -> Option<&'static str> {
//!     // Our span is current; its parent was current at the first poll.
//!     Span::current().metadata().map(|meta| meta.name())
//! }
//!
//! # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry());
//! # let _default = tracing_core::dispatcher::set_default(&dispatch);
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let name = runtime.block_on(child().instrument(info_span!("outer")));
//! assert_eq!(name, Some("child"));
//! ```
//!
//! # Spans by hand
//!
//! The [`span!`] family builds spans with `tracing`'s field grammar;
//! [`Instrument`] attaches one to a future, entered around every poll.
//!
//! ```
//! use instrument_runtime::{info_span, Instrument};
//!
//! let span = info_span!("request", method = "GET", path = %"/index.html");
//! let _guard = span.enter();
//!
//! let work = async { 1 + 1 }.instrument(info_span!("work"));
//! # drop(work);
//! ```
//!
//! Spans and events of `tracing` (`tracing::info!`, `tracing::Span::current()`)
//! mix freely with ours: both go to the same subscriber.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `stream` | yes | `#[instrument]` on functions that return streams, and [`Instrumented`] as a `Stream`; adds the `futures-core` dependency |
//! | `pending` | no | [`pending`]: a `tracing-subscriber` layer that keeps the open spans and dumps them as a tree, what is pending right now; adds `tracing-subscriber` (`registry` and `std` only) |
//! | `max_level_off`, `max_level_error` .. `max_level_trace`, `release_max_level_*` | no | a static maximum level: [Compiling spans out](#compiling-spans-out) |
//!
//! ## Compiling spans out
//!
//! For a binary that wants no tracing cost at all, the `max_level_*`
//! features set a static maximum level, as `tracing`'s do:
//! `max_level_off`, `max_level_error`, `max_level_warn`, `max_level_info`,
//! `max_level_debug` and `max_level_trace`, and the `release_max_level_*`
//! variants, which apply only when `debug_assertions` is off.
//!
//! ```toml
//! [dependencies]
//! instrument-runtime = { version = "0.1", features = ["release_max_level_off"] }
//! ```
//!
//! Spans of the [`span!`] macros above that level are never created, and an
//! `#[instrument]` whose span and events (`ret`, `err`) are all above it
//! leaves the plain function: the same code, the same future sizes and
//! types. These features are for binaries: a library that enables one turns
//! spans off for every crate that depends on it. They govern this crate's
//! macros only; events of `tracing::info!` and friends follow `tracing`'s own
//! `max_level_*` features.
//!
// (The empty line above ends the last paragraph.) Without the feature there
// is no module to link to: the features table says what it needs.
#![cfg_attr(not(feature = "pending"), doc = "[`pending`]: #features")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
mod async_fn;
mod enabled;
mod event;
pub mod field;
mod handoff;
mod instrument;
mod outcome;
#[cfg(feature = "pending")]
#[cfg_attr(docsrs, doc(cfg(feature = "pending")))]
pub mod pending;
mod span;
mod subscriber;
mod support;

pub use instrument::{Instrument, Instrumented};
pub use span::{Entered, EnteredSpan, Span};
pub use subscriber::{WithDispatch, WithSubscriber};

pub use tracing_core::{Dispatch, Level, Metadata, span::Id};

/// Constructs a span at the given level.
///
/// The grammar is `tracing`'s: `span!([target: T,] [parent: P,] LEVEL, NAME,
/// FIELDS..)`, where each field is `name = value`, `name = %value` (recorded
/// with `Display`), `name = ?value` (recorded with `Debug`), `name =
/// field::Empty` (declared, recorded later), or the shorthands `name`,
/// `%name`, `?name`. Names may be dotted (`http.method`) or string literals.
///
/// ```
/// use instrument_runtime::{span, Level};
///
/// let user = "ferris";
/// let span = span!(Level::INFO, "login", user, attempt = 1_u32, ?user);
/// let _guard = span.enter();
/// ```
#[macro_export]
macro_rules! span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; _; $($input)*)
    };
}

/// Constructs a span at the `TRACE` level. See [`span!`].
///
/// ```
/// let span = instrument_runtime::trace_span!("parse", bytes = 512_usize);
/// # drop(span);
/// ```
#[macro_export]
macro_rules! trace_span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; TRACE; $($input)*)
    };
}

/// Constructs a span at the `DEBUG` level. See [`span!`].
///
/// ```
/// let span = instrument_runtime::debug_span!("cache", hit = true);
/// # drop(span);
/// ```
#[macro_export]
macro_rules! debug_span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; DEBUG; $($input)*)
    };
}

/// Constructs a span at the `INFO` level. See [`span!`].
///
/// ```
/// let span = instrument_runtime::info_span!("request", id = 7_u64);
/// # drop(span);
/// ```
#[macro_export]
macro_rules! info_span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; INFO; $($input)*)
    };
}

/// Constructs a span at the `WARN` level. See [`span!`].
///
/// ```
/// let span = instrument_runtime::warn_span!("retry", attempt = 3_u32);
/// # drop(span);
/// ```
#[macro_export]
macro_rules! warn_span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; WARN; $($input)*)
    };
}

/// Constructs a span at the `ERROR` level. See [`span!`].
///
/// ```
/// let span = instrument_runtime::error_span!("panic_handler");
/// # drop(span);
/// ```
#[macro_export]
macro_rules! error_span {
    ($($input:tt)*) => {
        $crate::__private::span_impl!($crate; ERROR; $($input)*)
    };
}

#[doc = include_str!("../docs/instrument.md")]
pub use instrument_macros::instrument;

/// Leaves a method as it is when `#[instrument]` is on its `impl` block or
/// trait. Anywhere else it does nothing.
///
/// ```
/// use instrument_runtime::{instrument, no_instrument};
///
/// #[derive(Debug)]
/// struct Store;
///
/// #[instrument]
/// impl Store {
///     fn get(&self, id: u64) -> u64 {
///         id // inside a span named `Store::get`
///     }
///
///     #[no_instrument]
///     fn hot(&self) -> u64 {
///         0 // no span
///     }
/// }
/// # assert_eq!(Store.get(1) + Store.hot(), 1);
/// ```
pub use instrument_macros::no_instrument;

// The package's README, which crates.io shows: its example is a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct PackageReadme;
