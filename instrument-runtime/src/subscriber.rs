//! Routing a future's spans and events to a chosen subscriber.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project::{pin_project, pinned_drop};
use tracing_core::{Dispatch, dispatcher};

/// Attaches a dispatcher (a subscriber) to a value, usually a future.
///
/// Implemented for every `Sized` type. Useful when spawning: a task runs on
/// whatever worker picks it up, where the thread's scoped subscriber is not
/// the one that was current at the spawn.
///
/// ```
/// use instrument_runtime::{info_span, WithSubscriber};
/// use tracing_core::Dispatch;
///
/// let dispatch = Dispatch::new(tracing_subscriber::registry());
/// let fut = async { info_span!("routed").in_scope(|| ()) }.with_subscriber(dispatch);
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(fut);
/// ```
pub trait WithSubscriber: Sized {
    /// Wraps `self` so that `subscriber` is the default dispatcher around
    /// every poll and while the value is dropped.
    fn with_subscriber(self, subscriber: impl Into<Dispatch>) -> WithDispatch<Self> {
        WithDispatch {
            inner: Some(self),
            dispatch: subscriber.into(),
        }
    }

    /// Wraps `self` with the dispatcher that is the default now.
    ///
    /// ```
    /// use instrument_runtime::WithSubscriber;
    ///
    /// let fut = async { 1 }.with_current_subscriber();
    /// # drop(fut);
    /// ```
    fn with_current_subscriber(self) -> WithDispatch<Self> {
        WithDispatch {
            inner: Some(self),
            dispatch: dispatcher::get_default(Dispatch::clone),
        }
    }
}

impl<T: Sized> WithSubscriber for T {}

/// A value with a dispatcher attached: see [`WithSubscriber`].
#[pin_project(PinnedDrop)]
#[derive(Debug, Clone)]
#[must_use = "futures do nothing unless polled"]
pub struct WithDispatch<T> {
    // `None` only after `into_inner` or while dropping (see `Instrumented`).
    #[pin]
    inner: Option<T>,
    dispatch: Dispatch,
}

const TAKEN: &str = "`WithDispatch` used after `into_inner`";

#[allow(
    clippy::missing_panics_doc,
    reason = "`inner` is only `None` inside `into_inner` and `drop`, where no accessor can run"
)]
impl<T> WithDispatch<T> {
    /// The attached dispatcher.
    ///
    /// ```
    /// use instrument_runtime::WithSubscriber;
    /// use tracing_core::Dispatch;
    ///
    /// let fut = async {}.with_subscriber(Dispatch::new(tracing_subscriber::registry()));
    /// assert!(fut.dispatcher().is::<tracing_subscriber::Registry>());
    /// ```
    pub fn dispatcher(&self) -> &Dispatch {
        &self.dispatch
    }

    /// The wrapped value.
    ///
    /// ```
    /// use instrument_runtime::WithSubscriber;
    ///
    /// assert_eq!(*7.with_current_subscriber().inner(), 7);
    /// ```
    pub fn inner(&self) -> &T {
        self.inner.as_ref().expect(TAKEN)
    }

    /// The wrapped value, mutably.
    ///
    /// ```
    /// use instrument_runtime::WithSubscriber;
    ///
    /// let mut value = 7.with_current_subscriber();
    /// *value.inner_mut() += 1;
    /// assert_eq!(*value.inner(), 8);
    /// ```
    pub fn inner_mut(&mut self) -> &mut T {
        self.inner.as_mut().expect(TAKEN)
    }

    /// The wrapped value, pinned.
    ///
    /// ```
    /// use std::pin::pin;
    /// use instrument_runtime::WithSubscriber;
    ///
    /// let mut fut = pin!(async { 1 }.with_current_subscriber());
    /// let _inner: std::pin::Pin<&mut _> = fut.as_mut().inner_pin_mut();
    /// ```
    pub fn inner_pin_mut(self: Pin<&mut Self>) -> Pin<&mut T> {
        self.project().inner.as_pin_mut().expect(TAKEN)
    }

    /// Unwraps the value.
    ///
    /// ```
    /// use instrument_runtime::WithSubscriber;
    ///
    /// assert_eq!(7.with_current_subscriber().into_inner(), 7);
    /// ```
    pub fn into_inner(mut self) -> T {
        self.inner.take().expect(TAKEN)
    }
}

impl<F: Future> Future for WithDispatch<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _default = dispatcher::set_default(this.dispatch);
        this.inner.as_pin_mut().expect(TAKEN).poll(cx)
    }
}

#[pinned_drop]
impl<T> PinnedDrop for WithDispatch<T> {
    fn drop(self: Pin<&mut Self>) {
        let mut this = self.project();
        if this.inner.is_some() {
            let _default = dispatcher::set_default(this.dispatch);
            this.inner.set(None);
        }
    }
}
