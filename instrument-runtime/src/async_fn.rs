//! The future an `#[instrument]`ed `async fn` returns, and how its body
//! hands the span it opens to it.
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
//! wrapper polling the block through a thread-local slot, entered; the
//! wrapper keeps it and enters it around every later poll.

use core::cell::Cell;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::num::NonZeroU64;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use pin_project::{pin_project, pinned_drop};
use tracing_core::callsite::DefaultCallsite;
use tracing_core::field::Value;
use tracing_core::span::Id;
use tracing_core::{Dispatch, Level, Metadata, dispatcher};

use crate::__private::{callsite_enabled, level_enabled};
use crate::span::{Inner, Span};

/// The future of an instrumented `async fn` (and of a function returning a
/// future, whose span opens at the call or at the first poll).
///
/// Before the first poll it holds the caller's span, the fallback parent
/// (see [`caller_span`]); after it, the function's span, if enabled. The
/// span is entered around every poll of `F` and while `F` is dropped, and
/// closed when `F` completes or is dropped. `H` is told how the function
/// ended (`ret`, `err`, `outcome`); with `OUTCOME`, panics and cancellation
/// too.
#[doc(hidden)]
#[pin_project(PinnedDrop)]
#[must_use = "futures do nothing unless polled"]
pub struct AsyncFn<F, H, const OUTCOME: bool>
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
    Panicked,
}

impl<'a, T> End<'a, T> {
    /// The function's value, when it completed.
    #[inline]
    pub fn output(&self) -> Option<&'a T> {
        match self.ending {
            Ending::Ready(out) => Some(out),
            Ending::Cancelled | Ending::Panicked => None,
        }
    }

    /// The outcome: `completed` decides it for a value (`ok` or `err`).
    #[inline]
    pub fn outcome(&self, completed: impl FnOnce(&T) -> &'static str) -> &'static str {
        match self.ending {
            Ending::Ready(out) => completed(out),
            Ending::Cancelled => "cancelled",
            Ending::Panicked => "panicked",
        }
    }

    /// Records `outcome` in the span's `outcome` field.
    #[inline]
    pub fn record_outcome(&self, meta: &'static Metadata<'static>, outcome: &'static str) {
        if let Some(span) = self.span {
            span.record_str(meta, "outcome", outcome);
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

impl<F, H, const OUTCOME: bool> AsyncFn<F, H, OUTCOME>
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

impl<F, H, const OUTCOME: bool> Future for AsyncFn<F, H, OUTCOME>
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
                first_poll::<F, OUTCOME>(span, level, this.fut, cx)
            }
            Phase::Polled | Phase::Ended => {
                let entered = Enter::new(span.as_ref());
                (poll_inner::<F, OUTCOME>(this.fut, cx), entered)
            }
        };
        if let Ok(Poll::Pending) = result {
            return Poll::Pending;
        }
        tell_hooks(&result, entered.0, this.hooks);
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
fn first_poll<'a, F: Future, const OUTCOME: bool>(
    span: &'a mut Option<Inner>,
    level: LevelCode,
    fut: Pin<&mut F>,
    cx: &mut Context<'_>,
) -> (PollResult<F::Output>, Enter<'a>) {
    match begin_first_poll(span, level) {
        None => (poll_inner::<F, OUTCOME>(fut, cx), Enter::new(None)),
        Some(handoff) => {
            let result = poll_inner::<F, OUTCOME>(fut, cx);
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

/// The function completed (or panicked, with `OUTCOME`): its hooks are told,
/// inside the span.
fn tell_hooks<T, H: FnMut(End<'_, T>)>(
    result: &PollResult<T>,
    span: Option<&Inner>,
    hooks: &mut H,
) {
    let ending = match result {
        Ok(Poll::Ready(output)) => Ending::Ready(output),
        Ok(Poll::Pending) | Err(_) => Ending::Panicked,
    };
    hooks(End { ending, span });
}

/// What polling the body gave: `Err` is a caught panic (with `OUTCOME`).
type PollResult<T> = Result<Poll<T>, Box<dyn Any + Send>>;

/// Polls `fut`; with `CATCH` (for `outcome`), a panic is caught so that it
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
impl<F, H, const OUTCOME: bool> PinnedDrop for AsyncFn<F, H, OUTCOME>
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
            if OUTCOME && *this.phase == Phase::Polled {
                (this.hooks)(End {
                    ending: Ending::Cancelled,
                    span: Some(span),
                });
            }
        }
    }
}

/// Enters a live span and exits it when dropped (also when unwinding).
pub(crate) struct Enter<'a>(Option<&'a Inner>);

impl<'a> Enter<'a> {
    #[inline]
    pub(crate) fn new(span: Option<&'a Inner>) -> Self {
        if let Some(inner) = span {
            inner.enter();
        }
        Enter(span)
    }

    /// A guard for a span that is entered already.
    #[inline]
    fn entered(span: Option<&'a Inner>) -> Self {
        Enter(span)
    }
}

impl Drop for Enter<'_> {
    #[inline]
    fn drop(&mut self) {
        if let Some(inner) = self.0 {
            inner.exit();
        }
    }
}

std::thread_local! {
    /// The span an `async fn`'s body opened during its wrapper's first
    /// poll, on its way to the wrapper (see [`handoff`]): its id, 0 for none.
    /// A plain number, so that a first poll whose span stays closed only
    /// reads and writes a word.
    static OPENED: Cell<u64> = const { Cell::new(0) };
    /// The dispatcher that opened the span in `OPENED`, with the handle's
    /// reference to it: `Some` exactly when `OPENED` is not 0. Without drop
    /// glue, so that the slot is a plain thread-local: every first poll
    /// empties it before it returns or unwinds, and nothing is left to drop.
    static OPENED_IN: Cell<Option<ManuallyDrop<Dispatch>>> = const { Cell::new(None) };
    /// Whether `FALLBACK` holds a span: read by every [`handoff`], so it is
    /// a plain flag; the span itself is only touched when it is there.
    static HAS_FALLBACK: Cell<bool> = const { Cell::new(false) };
    /// The caller's span, entered as the fallback parent while the body
    /// opens its span (a worker polling a spawned task, where nothing is
    /// current).
    static FALLBACK: Cell<Option<Inner>> = const { Cell::new(None) };
}

/// Opens the span of an instrumented `async fn` if its callsite is enabled
/// (its level was checked inline; `open` builds it, out of line), enters it
/// for the rest of the poll, and leaves it for the wrapper polling the body,
/// which takes it when the poll returns. A caller's span entered as the
/// fallback parent has done its job: it is exited.
#[doc(hidden)]
#[inline(never)]
pub fn handoff(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
    open: impl FnOnce() -> Span,
) {
    if callsite_enabled(callsite, meta) {
        if let Some(opened) = open().into_inner() {
            hand_over(opened);
            return;
        }
    }
    // The body runs as plain code, without the fallback parent too.
    exit_fallback();
}

/// What [`handoff`] does with the span once it is opened, the same for every
/// function.
#[inline(never)]
fn hand_over(opened: Inner) {
    exit_fallback();
    opened.enter();
    let (id, dispatch) = opened.into_parts();
    OPENED_IN.set(Some(ManuallyDrop::new(dispatch)));
    OPENED.set(id.into_u64());
}

/// Exits and releases the caller's span entered as the fallback parent, if
/// there is one.
#[inline]
fn exit_fallback() {
    if HAS_FALLBACK.get() {
        release_fallback();
    }
}

#[cold]
#[inline(never)]
fn release_fallback() {
    HAS_FALLBACK.set(false);
    if let Some(caller) = FALLBACK.try_with(Cell::take).ok().flatten() {
        caller.exit();
    }
}

/// A wrapper's first poll: the slot is emptied for the body's span, and put
/// back as it was when the poll returns or unwinds (first polls nest).
struct Handoff {
    /// The slot's id before (0 for none).
    previous: u64,
    /// The dispatcher that went with `previous`.
    previous_in: Option<ManuallyDrop<Dispatch>>,
}

impl Handoff {
    /// `caller` is the fallback parent: where nothing is current, it is
    /// entered, in its own dispatcher, for the body to open its span under.
    /// (Out of line, as `finish`: one copy for every instrumented function.)
    #[inline(never)]
    fn begin(caller: Option<Inner>) -> Self {
        if let Some(caller) = caller {
            enter_fallback(caller);
        }
        let previous = OPENED.replace(0);
        // Only inside another body's first poll, after it opened its span.
        let previous_in = if previous == 0 {
            None
        } else {
            OPENED_IN.take()
        };
        Handoff {
            previous,
            previous_in,
        }
    }

    /// The span the body handed over, entered, if any.
    #[inline(never)]
    fn finish(mut self) -> Option<Inner> {
        let opened = self.restore();
        // Put back: nothing is left to do.
        core::mem::forget(self);
        opened
    }

    /// Puts the slot back as it was, returning the span this poll left in
    /// it; a fallback parent the body did not take (its span was disabled)
    /// is exited.
    #[inline]
    fn restore(&mut self) -> Option<Inner> {
        exit_fallback();
        let id = OPENED.replace(self.previous);
        if id == 0 && self.previous == 0 {
            return None;
        }
        take_opened(id, self.previous_in.take())
    }
}

/// Where nothing is current (a worker polling a spawned task), enters the
/// caller's span as the fallback parent, in its own dispatcher, until the
/// body opens its span.
#[inline(never)]
fn enter_fallback(caller: Inner) {
    if dispatcher::get_default(|current| current.current_span().id().is_none()) {
        caller.enter();
        let _ = FALLBACK.try_with(|slot| slot.set(Some(caller)));
        HAS_FALLBACK.set(true);
    }
}

/// The span `id` (0 for none) a body opened, taken from the slot, which
/// gets `previous_in` back.
#[inline]
fn take_opened(id: u64, previous_in: Option<ManuallyDrop<Dispatch>>) -> Option<Inner> {
    let dispatch = OPENED_IN.replace(previous_in);
    Some(Inner::new(
        Id::from_non_zero_u64(NonZeroU64::new(id)?),
        ManuallyDrop::into_inner(dispatch?),
    ))
}

impl Drop for Handoff {
    /// The body panicked in its first poll (`finish` forgets the guard):
    /// its span, if it opened, is exited and closes here.
    fn drop(&mut self) {
        if let Some(opened) = self.restore() {
            opened.exit();
        }
    }
}

impl Inner {
    /// Records a string in the field `name` of this span, whose callsite is
    /// `meta`.
    pub(crate) fn record_str(&self, meta: &'static Metadata<'static>, name: &str, value: &str) {
        if let Some(field) = meta.fields().field(name) {
            let values = [(&field, Some(&value as &dyn Value))];
            let values = meta.fields().value_set(&values);
            self.record(&tracing_core::span::Record::new(&values));
        }
    }
}
