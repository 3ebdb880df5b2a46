//! The future an `#[instrument]`ed `async fn` returns: the state machine
//! around the body's future, and the capture of the caller's span at the
//! call.
//!
//! The generated code is
//!
//! ```text
//! AsyncFn::new(caller_span(..), LEVEL, async move {
//!     if level_enabled(LEVEL) { handoff(&CALLSITE, &META, || Span::new(..fields..)) }
//!     body
//! }, |end| { ret/err events, outcome })
//! ```
//!
//! The span opens at the first statement of the body's own async block, so
//! the arguments are stored once (in the block, as in a plain `async fn`),
//! span expressions may consume an argument that the body does not use, and
//! the span is decided at the first poll. `handoff` gives the span to the
//! wrapper polling the block (see `crate::handoff`), entered; the wrapper
//! keeps it and enters it around every later poll.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use pin_project::{pin_project, pinned_drop};
use tracing_core::callsite::DefaultCallsite;
use tracing_core::{Level, Metadata, dispatcher};

use crate::enabled::level_enabled;
use crate::event::Panicked;
use crate::handoff::Handoff;
use crate::span::{Enter, Inner, Span};

/// The future of an instrumented `async fn` (and of a function returning a
/// future, whose span opens at the call or at the first poll).
///
/// Before the first poll it holds the caller's span, the fallback parent
/// (see [`caller_span`]); after it, the function's span, if enabled. The
/// span is entered around every poll of `F` and while `F` is dropped, and
/// closed when `F` completes or is dropped. `H` is told how the function
/// ended (`ret`, `err`, `outcome`); with `ENDINGS` (for `outcome` and
/// `err`), of panics and cancellation too: a panic in the body is caught,
/// told, and resumed.
#[doc(hidden)]
#[pin_project(PinnedDrop)]
#[must_use = "futures do nothing unless polled"]
pub struct AsyncFn<F, H, const ENDINGS: bool>
where
    F: Future,
    H: FnMut(End<'_, F::Output>),
{
    // Declared before `span`, so it is dropped first: inside the span, which
    // the `PinnedDrop` impl enters and `span` exits when it is dropped next.
    // (A completed `F` holds nothing: its locals were dropped inside the
    // span, in its last poll.)
    #[pin]
    fut: F,
    span: SpanSlot,
    phase: Phase,
    hooks: H,
}

/// Before the first poll, the caller's span; after, the function's. When an
/// [`AsyncFn`] is dropped, a span still here is entered (by `PinnedDrop`),
/// and this exits it, after the future was dropped inside it.
struct SpanSlot(Option<Inner>);

impl Drop for SpanSlot {
    #[inline]
    fn drop(&mut self) {
        if let Some(span) = &self.0 {
            span.exit();
        }
    }
}

/// Where an [`AsyncFn`] is: one byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Not polled yet; the span's level.
    Unpolled(LevelCode),
    /// Polled: the span is the function's, if enabled.
    Polled,
    /// Its hooks were told it ended (completed or panicked).
    Ended,
}

/// A level that fits in a byte beside the phase (tracing-core's is a word).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LevelCode {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

impl LevelCode {
    #[inline]
    fn new(level: Level) -> Self {
        match level {
            Level::TRACE => LevelCode::Trace,
            Level::DEBUG => LevelCode::Debug,
            Level::INFO => LevelCode::Info,
            Level::WARN => LevelCode::Warn,
            _ => LevelCode::Error,
        }
    }

    #[inline]
    fn level(self) -> Level {
        match self {
            LevelCode::Trace => Level::TRACE,
            LevelCode::Debug => Level::DEBUG,
            LevelCode::Info => Level::INFO,
            LevelCode::Warn => Level::WARN,
            LevelCode::Error => Level::ERROR,
        }
    }
}

/// How an instrumented function ended, for its hooks.
#[doc(hidden)]
pub struct End<'a, T> {
    ending: Ending<'a, T>,
    span: Option<&'a Inner>,
}

enum Ending<'a, T> {
    Ready(&'a T),
    Cancelled,
    Panicked(Panicked<'a>),
}

impl<'a, T> End<'a, T> {
    /// The function's value, when it completed.
    #[inline]
    pub fn output(&self) -> Option<&'a T> {
        match self.ending {
            Ending::Ready(out) => Some(out),
            Ending::Cancelled | Ending::Panicked(_) => None,
        }
    }

    /// The panic, when the function panicked.
    #[inline]
    pub fn panicked(&self) -> Option<&Panicked<'a>> {
        match &self.ending {
            Ending::Panicked(panic) => Some(panic),
            Ending::Ready(_) | Ending::Cancelled => None,
        }
    }

    /// The outcome: `completed` decides it for a value (`ok` or `err`).
    #[inline]
    pub fn outcome(&self, completed: impl FnOnce(&T) -> &'static str) -> &'static str {
        match self.ending {
            Ending::Ready(out) => completed(out),
            Ending::Cancelled => "cancelled",
            Ending::Panicked(_) => "panicked",
        }
    }

    /// Records `outcome` in the span's `outcome` field.
    #[inline]
    pub fn record_outcome(&self, meta: &'static Metadata<'static>, outcome: &'static str) {
        if let Some(span) = self.span {
            span.record_field(meta, "outcome", &outcome);
        }
    }
}

/// The span current where an instrumented `async fn` was called.
#[doc(hidden)]
pub struct Caller(Option<Inner>);

impl Caller {
    /// No fallback parent: the future is created where it is first polled.
    pub const NONE: Caller = Caller(None);
}

/// Captures the span current at the call of an `#[instrument]`ed `async fn`,
/// the fallback parent for its first poll. Nothing is captured when the
/// span's level is off, when nothing is current, or when the current
/// dispatcher has no interest in the callsite.
#[doc(hidden)]
#[inline]
pub fn caller_span(
    level_enabled: bool,
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
) -> Caller {
    if level_enabled {
        capture(callsite, meta)
    } else {
        Caller(None)
    }
}

#[inline(never)]
fn capture(callsite: &'static DefaultCallsite, meta: &'static Metadata<'static>) -> Caller {
    // Nothing to capture where nothing is current. Asking first also keeps
    // the callsite from being registered on a thread without a subscriber,
    // which would cache "never" for it.
    let Some(id) = dispatcher::get_default(|current| current.current_span().id().cloned()) else {
        return Caller(None);
    };
    // Outside `get_default`: registering the callsite may call it again,
    // and a nested call sees no dispatcher.
    let interest = callsite.interest();
    if interest.is_never() {
        return Caller(None);
    }
    Caller(dispatcher::get_default(|current| {
        let enabled = interest.is_always() || current.enabled(meta);
        enabled.then(|| Inner::new(current.clone_span(&id), current.clone()))
    }))
}

impl<F, H, const ENDINGS: bool> AsyncFn<F, H, ENDINGS>
where
    F: Future,
    H: FnMut(End<'_, F::Output>),
{
    /// The future of an instrumented `async fn`: `fut` opens the span of
    /// level `level` at its first statement and hands it over.
    #[inline]
    pub fn new(caller: Caller, level: Level, fut: F, hooks: H) -> Self {
        AsyncFn {
            fut,
            span: SpanSlot(caller.0),
            phase: Phase::Unpolled(LevelCode::new(level)),
            hooks,
        }
    }

    /// The future of a function whose span opened at the call (a sync
    /// prelude ran in it): `fut` is polled and dropped inside `span`.
    #[inline]
    pub fn running(span: Span, fut: F, hooks: H) -> Self {
        AsyncFn {
            fut,
            span: SpanSlot(span.into_inner()),
            phase: Phase::Polled,
            hooks,
        }
    }
}

impl<F, H, const ENDINGS: bool> Future for AsyncFn<F, H, ENDINGS>
where
    F: Future,
    H: FnMut(End<'_, F::Output>),
{
    type Output = F::Output;

    #[allow(
        clippy::inline_always,
        reason = "inlined where it is awaited, a running future's poll is a few \
                  instructions around the body's; measured in benches/overhead.rs"
    )]
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let span = &mut this.span.0;
        let (result, entered) = match *this.phase {
            Phase::Unpolled(level) => {
                *this.phase = Phase::Polled;
                first_poll::<F, ENDINGS>(span, level, this.fut, cx)
            }
            Phase::Polled | Phase::Ended => {
                let entered = Enter::new(span.as_ref());
                (poll_inner::<F, ENDINGS>(this.fut, cx), entered)
            }
        };
        // The function completed or panicked: its hooks are told, inside
        // the span.
        let ending = match &result {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => Ending::Ready(output),
            Err(payload) => Ending::Panicked(Panicked(&**payload)),
        };
        (this.hooks)(End {
            ending,
            span: entered.span(),
        });
        *this.phase = Phase::Ended;
        drop(entered);
        match result {
            Ok(ready) => {
                // Close the span now rather than when the caller drops us.
                release(span);
                ready
            }
            Err(panic) => resume_unwind(panic),
        }
    }
}

/// The first poll: the span opens, at the body's first statement, if its
/// level is enabled now. Returns the poll's result and the guard that keeps
/// the function's span entered.
#[inline]
fn first_poll<'a, F: Future, const ENDINGS: bool>(
    span: &'a mut Option<Inner>,
    level: LevelCode,
    fut: Pin<&mut F>,
    cx: &mut Context<'_>,
) -> (PollResult<F::Output>, Enter<'a>) {
    match begin_first_poll(span, level) {
        None => (poll_inner::<F, ENDINGS>(fut, cx), Enter::new(None)),
        Some(handoff) => {
            let result = poll_inner::<F, ENDINGS>(fut, cx);
            // The body's span, entered by `handoff`.
            *span = handoff.finish();
            (result, Enter::entered(span.as_ref()))
        }
    }
}

/// Whether the span will open at the body's first statement: if its level
/// is enabled now, with the caller's span in `span` as the fallback parent.
/// Otherwise the body runs as plain code, and the caller's span is released
/// in place.
#[inline]
fn begin_first_poll(span: &mut Option<Inner>, level: LevelCode) -> Option<Handoff> {
    if level_enabled(level.level()) {
        Some(Handoff::begin(span.take()))
    } else {
        release(span);
        None
    }
}

/// Empties `span`, closing the span it holds, if any. Out of line where the
/// span is closed: one copy for every instrumented function.
#[inline]
fn release(span: &mut Option<Inner>) {
    if span.is_some() {
        close(span);
    }
}

#[inline(never)]
fn close(span: &mut Option<Inner>) {
    *span = None;
}

/// What polling the body gave: `Err` is a caught panic (with `ENDINGS`).
type PollResult<T> = Result<Poll<T>, Box<dyn Any + Send>>;

/// Polls `fut`; with `CATCH` (for `outcome` and `err`), a panic is caught so that it
/// can be recorded before it goes on.
#[allow(
    clippy::inline_always,
    reason = "without `CATCH` this is `fut.poll(cx)`, and its `Result` must fold away"
)]
#[inline(always)]
fn poll_inner<F: Future, const CATCH: bool>(
    fut: Pin<&mut F>,
    cx: &mut Context<'_>,
) -> PollResult<F::Output> {
    if CATCH {
        catch_unwind(AssertUnwindSafe(|| fut.poll(cx)))
    } else {
        Ok(fut.poll(cx))
    }
}

#[pinned_drop]
impl<F, H, const ENDINGS: bool> PinnedDrop for AsyncFn<F, H, ENDINGS>
where
    F: Future,
    H: FnMut(End<'_, F::Output>),
{
    /// Enters the span for `fut` to be dropped in; `span`, dropped after it,
    /// exits. An unpolled future has no span yet (the caller's is released
    /// here); a completed one has none left, and nothing left to drop.
    #[inline]
    fn drop(self: Pin<&mut Self>) {
        let this = self.project();
        let span = &mut this.span.0;
        if let Phase::Unpolled(_) = this.phase {
            release(span);
            return;
        }
        if let Some(span) = span {
            span.enter();
            if ENDINGS && *this.phase == Phase::Polled {
                (this.hooks)(End {
                    ending: Ending::Cancelled,
                    span: Some(span),
                });
            }
        }
    }
}
