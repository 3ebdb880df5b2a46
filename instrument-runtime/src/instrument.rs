//! Attaching spans to futures: [`Instrument`] and [`Instrumented`].

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project::{pin_project, pinned_drop};

use crate::span::Span;

/// Attaches a [`Span`] to a value, usually a future.
///
/// Implemented for every `Sized` type; [`Instrumented`] is a future when the
/// value is one, and a stream when the value is one and the `stream`
/// feature (on by default) is on.
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
/// the span too. As a stream (with the `stream` feature, on by default), it
/// enters the span around every `poll_next` and while the stream is
/// dropped.
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

/// With the `stream` feature (on by default): the span is entered around
/// every `poll_next`, and while the stream is dropped.
#[cfg(feature = "stream")]
#[cfg_attr(docsrs, doc(cfg(feature = "stream")))]
impl<S: futures_core::Stream> futures_core::Stream for Instrumented<S> {
    type Item = S::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = self.project();
        let _entered = this.span.enter();
        this.inner.as_pin_mut().expect(TAKEN).poll_next(cx)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner().size_hint()
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
