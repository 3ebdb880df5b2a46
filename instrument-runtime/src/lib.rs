//! Tracing spans with the right parents in async Rust.
//!
//! This crate is the runtime of [`#[instrument]`](macro@instrument): a
//! [`Span`] type over `tracing-core`, so every `tracing` subscriber receives
//! our spans, the [`Instrument`] and [`WithSubscriber`] future adapters, and
//! the [`span!`] family of macros. It is the only dependency you need.
//!
//! ```
//! use instrument_runtime::instrument;
//!
//! #[instrument(skip(password), fields(user = %name), ret)]
//! fn login(name: &str, password: &str) -> bool {
//!     tracing::info!("checking"); // an event inside `login`
//!     password.len() > 3
//! }
//! # assert!(login("ferris", "crab"));
//! ```
//!
//! # When a span opens, and who its parent is
//!
//! | function shape | span opens | parent |
//! |---|---|---|
//! | `fn f(..) -> T` | at the call | the span current at the call |
//! | `async fn f(..)` | at the first poll | the span current at the first poll, else the span current at the call |
//! | `fn f(..) -> impl Future` (or a boxed `dyn Future`) whose body is only an async block | as `async fn` | as `async fn` |
//! | the same with statements before the returned future | at the call | the span current at the call |
//!
//! The fallback matters for spawned tasks: a runtime worker polls them where
//! no span is current, so the span that was current where the future was
//! created becomes the parent. (With `tracing`'s `#[instrument]`, such a span
//! is a root.) An instrumented future enters its span around every poll and
//! while it is dropped, and closes it once: on completion, on drop, or on
//! panic. A sync prelude before a returned future runs inside the span too.
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
//! # What is recorded
//!
//! Every parameter, unless skipped: integers, floats, `bool` and strings (and
//! references, `NonZero*` and `Wrapping` of them) as values, everything else,
//! `self` included, with `Debug`. `fields(..)` adds fields in the grammar of
//! [`span!`], except that a bare name declares an empty field, as in
//! `tracing`'s attribute. `ret` and `err` emit an event with the returned
//! value or the error, inside the span, when the function (or its future)
//! completes.
//!
//! Whether a span is enabled is decided when it opens: a disabled span is
//! never created, its field expressions are not evaluated, and the body runs
//! as plain code behind a load and a branch. The `max_level_*` and
//! `release_max_level_*` features compile levels out entirely.
//!
//! # Spans by hand
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

/// Instruments a function with a span.
///
/// See the [crate documentation](crate) for when the span opens and who its
/// parent is, and the README for every argument: `name`, `target`, `level`,
/// `parent`, `follows_from`, `skip(..)`, `skip_all`, `fields(..)`, `err`,
/// `err(Debug | Display, level = ..)`, `ret`, `ret(Debug | Display, level =
/// ..)`, `crate = path` and `future`.
///
/// ```
/// use instrument_runtime::instrument;
///
/// #[instrument(level = "debug", skip(buf), fields(len = buf.len()), err)]
/// fn parse(buf: &[u8], strict: bool) -> Result<u32, String> {
///     if strict && buf.is_empty() {
///         return Err("empty".to_owned());
///     }
///     Ok(buf.len() as u32)
/// }
/// # assert_eq!(parse(b"abc", true), Ok(3));
/// ```
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
