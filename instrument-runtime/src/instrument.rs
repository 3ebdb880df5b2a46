//! Attaching spans to futures: [`Instrument`] and [`Instrumented`], and the
//! wrapper that `#[instrument]` puts around an `async fn`.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project::{pin_project, pinned_drop};
use tracing_core::callsite::DefaultCallsite;
use tracing_core::{Metadata, dispatcher};

use crate::span::{Inner, Span};

/// Attaches a [`Span`] to a value, usually a future.
///
/// Implemented for every `Sized` type; [`Instrumented`] is a future when the
/// value is one.
///
/// ```
/// use instrument_runtime::{info_span, Instrument};
///
/// # futures_lite(async {
/// let answer = async { 42 }.instrument(info_span!("compute")).await;
/// assert_eq!(answer, 42);
/// # });
/// # fn futures_lite(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub trait Instrument: Sized {
    /// Wraps `self` so that `span` is entered around every poll and while the
    /// value is dropped.
    fn instrument(self, span: Span) -> Instrumented<Self> {
        Instrumented {
            inner: Some(self),
            span,
        }
    }

    /// Wraps `self` in the span that is current now, so that the span stays
    /// the parent of its work wherever it is polled (for example after
    /// `tokio::spawn`).
    ///
    /// ```
    /// use instrument_runtime::{info_span, Instrument, Span};
    ///
    /// let fut = info_span!("outer").in_scope(|| async { Span::current() }.in_current_span());
    /// # drop(fut);
    /// ```
    fn in_current_span(self) -> Instrumented<Self> {
        self.instrument(Span::current())
    }
}

impl<T: Sized> Instrument for T {}

/// A value with a [`Span`] attached: see [`Instrument`].
///
/// As a future, it enters the span around every `poll` of the inner future
/// and while the inner future is dropped, so drop-time work is recorded in
/// the span too.
#[pin_project(PinnedDrop)]
#[derive(Debug, Clone)]
#[must_use = "futures do nothing unless polled"]
pub struct Instrumented<T> {
    // `None` only after `into_inner` or while dropping, so the inner value can
    // be dropped in place, inside the span, without `unsafe`.
    #[pin]
    inner: Option<T>,
    span: Span,
}

const TAKEN: &str = "`Instrumented` used after `into_inner`";

#[allow(
    clippy::missing_panics_doc,
    reason = "`inner` is only `None` inside `into_inner` and `drop`, where no accessor can run"
)]
impl<T> Instrumented<T> {
    /// The attached span.
    ///
    /// ```
    /// use instrument_runtime::{info_span, Instrument};
    ///
    /// let fut = async {}.instrument(info_span!("work"));
    /// assert_eq!(fut.span().metadata().unwrap().name(), "work");
    /// ```
    pub fn span(&self) -> &Span {
        &self.span
    }

    /// The attached span, mutably.
    ///
    /// ```
    /// use instrument_runtime::{info_span, Instrument, Span};
    ///
    /// let mut fut = async {}.instrument(Span::none());
    /// *fut.span_mut() = info_span!("replaced");
    /// assert_eq!(fut.span().metadata().unwrap().name(), "replaced");
    /// ```
    pub fn span_mut(&mut self) -> &mut Span {
        &mut self.span
    }

    /// The wrapped value.
    ///
    /// ```
    /// use instrument_runtime::{Instrument, Span};
    ///
    /// assert_eq!(*5.instrument(Span::none()).inner(), 5);
    /// ```
    pub fn inner(&self) -> &T {
        self.inner.as_ref().expect(TAKEN)
    }

    /// The wrapped value, mutably.
    ///
    /// ```
    /// use instrument_runtime::{Instrument, Span};
    ///
    /// let mut counter = 1.instrument(Span::none());
    /// *counter.inner_mut() += 1;
    /// assert_eq!(counter.into_inner(), 2);
    /// ```
    pub fn inner_mut(&mut self) -> &mut T {
        self.inner.as_mut().expect(TAKEN)
    }

    /// The wrapped value, pinned.
    ///
    /// ```
    /// use std::pin::pin;
    /// use instrument_runtime::{Instrument, Span};
    ///
    /// let mut fut = pin!(async { 1 }.instrument(Span::none()));
    /// let _inner: std::pin::Pin<&mut _> = fut.as_mut().inner_pin_mut();
    /// ```
    pub fn inner_pin_mut(self: Pin<&mut Self>) -> Pin<&mut T> {
        self.project().inner.as_pin_mut().expect(TAKEN)
    }

    /// The wrapped value, pinned and shared.
    ///
    /// ```
    /// use std::pin::pin;
    /// use instrument_runtime::{Instrument, Span};
    ///
    /// let fut = pin!(async { 1 }.instrument(Span::none()));
    /// let _inner: std::pin::Pin<&_> = fut.as_ref().inner_pin_ref();
    /// ```
    pub fn inner_pin_ref(self: Pin<&Self>) -> Pin<&T> {
        self.project_ref().inner.as_pin_ref().expect(TAKEN)
    }

    /// Unwraps the value, dropping the span handle.
    ///
    /// ```
    /// use instrument_runtime::{Instrument, Span};
    ///
    /// assert_eq!(7.instrument(Span::none()).into_inner(), 7);
    /// ```
    pub fn into_inner(mut self) -> T {
        self.inner.take().expect(TAKEN)
    }
}

impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _entered = this.span.enter();
        this.inner.as_pin_mut().expect(TAKEN).poll(cx)
    }
}

#[pinned_drop]
impl<T> PinnedDrop for Instrumented<T> {
    fn drop(self: Pin<&mut Self>) {
        let mut this = self.project();
        // After `into_inner` there is nothing left to drop inside the span.
        if this.inner.is_some() {
            let _entered = this.span.enter();
            this.inner.set(None);
        }
    }
}

/// Enters a live span until dropped (also when unwinding).
struct Enter<'a>(Option<&'a Inner>);

impl<'a> Enter<'a> {
    #[inline]
    fn new(span: Option<&'a Inner>) -> Self {
        if let Some(inner) = span {
            inner.enter();
        }
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

/// The future an `#[instrument]`ed `async fn` returns.
///
/// Its span opens at the first poll, not at the call: the parent is the span
/// current at that first poll, or, when none is (a runtime worker polling a
/// spawned task), the span that was current at the call. Until then it holds
/// the caller's span handle and the closure `S` that owns the arguments; the
/// closure opens the span and builds the body's future, which moves the
/// arguments in, so they are stored once.
#[doc(hidden)]
#[pin_project(PinnedDrop)]
#[must_use = "futures do nothing unless polled"]
pub struct AsyncFn<S, F, R> {
    /// Before the first poll: the caller's span. After: the function's span.
    span: Option<Inner>,
    #[pin]
    state: State<S, F, R>,
}

#[pin_project(project = StateProj, project_replace = StateOwn)]
enum State<S, F, R> {
    Start(S),
    Running {
        #[pin]
        fut: F,
        on_ready: R,
    },
    Done,
}

/// What the start closure of an [`AsyncFn`] returns: the opened span's live
/// part, the body's future, and the hook that records the output
/// (`ret`/`err`).
#[doc(hidden)]
pub struct Started<F, R> {
    span: Option<Inner>,
    fut: F,
    on_ready: R,
}

/// A started body with nothing to record on completion.
#[doc(hidden)]
#[inline]
pub fn started<F: Future>(span: Span, fut: F) -> Started<F, impl Fn(&F::Output)> {
    Started {
        span: span.into_inner(),
        fut,
        on_ready: |_: &F::Output| {},
    }
}

/// A started body whose output is passed to `on_ready`, inside the span, when
/// it completes. The future is known before the hook is checked, so the hook's
/// argument type is inferred even when the output type cannot be named.
#[doc(hidden)]
#[inline]
pub fn started_with<F: Future, R: Fn(&F::Output)>(
    span: Span,
    fut: F,
    on_ready: R,
) -> Started<F, R> {
    Started {
        span: span.into_inner(),
        fut,
        on_ready,
    }
}

/// The start closure type of an [`AsyncFn`] made by [`running`]: never called.
#[doc(hidden)]
pub type NeverStarts<F, R> = fn() -> Started<F, R>;

/// Wraps a future whose span is already open (a function with a sync prelude
/// before the future it returns): the span is entered around every poll and
/// while the future is dropped, and closed on completion.
#[doc(hidden)]
#[inline]
pub fn running<F: Future, R: Fn(&F::Output)>(
    started: Started<F, R>,
) -> AsyncFn<NeverStarts<F, R>, F, R> {
    let Started {
        span,
        fut,
        on_ready,
    } = started;
    AsyncFn {
        span,
        state: State::Running { fut, on_ready },
    }
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
    if !level_enabled {
        return Caller(None);
    }
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

/// The span current where an instrumented `async fn` was called.
#[doc(hidden)]
pub struct Caller(Option<Inner>);

impl<S, F, R> AsyncFn<S, F, R>
where
    S: FnOnce() -> Started<F, R>,
    F: Future,
    R: Fn(&F::Output),
{
    /// Wraps the start closure of an instrumented `async fn`.
    #[inline]
    pub fn new(caller: Caller, start: S) -> Self {
        AsyncFn {
            span: caller.0,
            state: State::Start(start),
        }
    }

    /// The first poll: opens the span and builds the body's future.
    #[inline]
    fn start(span: &mut Option<Inner>, mut state: Pin<&mut State<S, F, R>>) {
        let StateOwn::Start(start) = state.as_mut().project_replace(State::Done) else {
            return;
        };
        // Where nothing is current (a worker polling a spawned task), the
        // caller's span becomes current again while the span opens, so it is
        // the contextual parent. Entering it in its own dispatcher, rather
        // than naming it as an explicit parent, is right even when the
        // future is polled under another dispatcher: that one then sees no
        // current span and makes a root, instead of being handed an id it
        // never issued.
        let restore = span
            .as_ref()
            .filter(|_| dispatcher::get_default(|current| current.current_span().id().is_none()));
        let entered = Enter::new(restore);
        let Started {
            span: opened,
            fut,
            on_ready,
        } = start();
        drop(entered);
        // Drops the caller's handle in place.
        *span = opened;
        state.set(State::Running { fut, on_ready });
    }
}

impl<S, F, R> Future for AsyncFn<S, F, R>
where
    S: FnOnce() -> Started<F, R>,
    F: Future,
    R: Fn(&F::Output),
{
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let span = this.span;
        let mut state = this.state;
        let (fut, on_ready) = match state.as_mut().project() {
            StateProj::Running { fut, on_ready } => (fut, on_ready),
            StateProj::Start(_) => {
                Self::start(span, state.as_mut());
                match state.as_mut().project() {
                    StateProj::Running { fut, on_ready } => (fut, on_ready),
                    _ => unreachable!("`start` leaves the future running"),
                }
            }
            StateProj::Done => panic!("`async fn` resumed after completion"),
        };
        let entered = Enter::new(span.as_ref());
        let output = fut.poll(cx);
        if let Poll::Ready(output) = &output {
            on_ready(output);
            // The body's locals are dropped inside the span.
            state.set(State::Done);
        }
        drop(entered);
        if output.is_ready() {
            // Close the span now rather than when the caller drops us.
            *span = None;
        }
        output
    }
}

#[pinned_drop]
impl<S, F, R> PinnedDrop for AsyncFn<S, F, R> {
    fn drop(self: Pin<&mut Self>) {
        let this = self.project();
        let mut state = this.state;
        if matches!(state.as_mut().project(), StateProj::Running { .. }) {
            let _entered = Enter::new(this.span.as_ref());
            state.set(State::Done);
        }
    }
}
