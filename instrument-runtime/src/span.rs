//! [`Span`] and its guards, over `tracing-core`.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;

use tracing_core::field::{FieldSet, Value, ValueSet};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, Metadata, dispatcher};

/// A handle to a span: a period of time with a name, fields and a parent.
///
/// Spans are sent to whichever `tracing-core` subscriber is current when they
/// are created, so every subscriber in the `tracing` ecosystem receives them,
/// and `tracing::Span::current()` sees them while they are entered.
///
/// A `Span` is created by the [`span!`](crate::span!) family of macros or by
/// `#[instrument]`. A span whose level or callsite is disabled is *disabled*:
/// every method on it is a no-op, and creating it costs a load and a branch.
///
/// Cloning a `Span` makes another handle to the same span; the span closes
/// when its last handle is dropped.
///
/// ```
/// use instrument_runtime::{info_span, Span};
///
/// let span = info_span!("request", id = 7_u64);
/// span.in_scope(|| {
///     // Work here happens inside `request`.
/// });
/// assert!(Span::current().is_none());
/// ```
pub struct Span {
    inner: Option<Inner>,
    meta: Option<&'static Metadata<'static>>,
}

/// The live part of an enabled span: its id and the dispatcher that owns it.
pub(crate) struct Inner {
    id: Id,
    dispatch: Dispatch,
}

/// A guard that keeps a [`Span`] entered until it is dropped, borrowing it.
///
/// Returned by [`Span::enter`]. The guard is `!Send`: a span is entered on one
/// thread, so holding the guard across an `.await` in a future that must be
/// `Send` is a compile error. Use [`Instrument`](crate::Instrument) for
/// futures instead.
#[must_use = "the span is exited as soon as the guard is dropped"]
pub struct Entered<'a> {
    span: &'a Span,
    _not_send: PhantomNotSend,
}

/// A guard that owns a [`Span`] and keeps it entered until it is dropped.
///
/// Returned by [`Span::entered`]. Like [`Entered`], it is `!Send`.
#[must_use = "the span is exited as soon as the guard is dropped"]
pub struct EnteredSpan {
    span: Span,
    _not_send: PhantomNotSend,
}

/// Zero-sized marker that makes the guards `!Send` (and `!Sync`: a guard is
/// never shared between threads, and allowing it would take `unsafe`).
struct PhantomNotSend(PhantomData<*mut ()>);

impl PhantomNotSend {
    const NEW: Self = Self(PhantomData);
}

impl Inner {
    /// A handle to `id`, which the caller already holds a reference for.
    pub(crate) fn new(id: Id, dispatch: Dispatch) -> Self {
        Inner { id, dispatch }
    }

    #[inline]
    pub(crate) fn enter(&self) {
        self.dispatch.enter(&self.id);
    }

    #[inline]
    pub(crate) fn exit(&self) {
        self.dispatch.exit(&self.id);
    }

    /// Records `value` in the field `name` of this span, whose callsite is
    /// `meta`; a name the callsite does not declare is ignored.
    pub(crate) fn record_field(
        &self,
        meta: &'static Metadata<'static>,
        name: &str,
        value: &dyn Value,
    ) {
        if let Some(field) = meta.fields().field(name) {
            let values = [(&field, Some(value))];
            let values = meta.fields().value_set(&values);
            self.dispatch.record(&self.id, &Record::new(&values));
        }
    }

    /// Gives up this handle without closing the span: whoever gets the
    /// parts back together with [`Inner::new`] owns the reference it held.
    pub(crate) fn into_parts(mut self) -> (Id, Dispatch) {
        let dispatch = core::mem::replace(&mut self.dispatch, Dispatch::none());
        let id = self.id.clone();
        // Holds `Dispatch::none()` now: forgetting it leaks nothing.
        core::mem::forget(self);
        (id, dispatch)
    }
}

impl Clone for Inner {
    fn clone(&self) -> Self {
        Self {
            id: self.dispatch.clone_span(&self.id),
            dispatch: self.dispatch.clone(),
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.dispatch.try_close(self.id.clone());
    }
}

impl Span {
    /// Creates a span with the parent the current dispatcher considers current,
    /// if the callsite is enabled. Used by the span macros, which check
    /// enablement first; prefer them.
    #[doc(hidden)]
    pub fn new(meta: &'static Metadata<'static>, values: &ValueSet<'_>) -> Span {
        dispatcher::get_default(|dispatch| {
            Self::from_attributes(meta, &Attributes::new(meta, values), dispatch)
        })
    }

    /// Creates a root span that follows from the span current now, if any:
    /// `#[instrument(detached)]`, for work that outlives its caller.
    #[doc(hidden)]
    pub fn detached(meta: &'static Metadata<'static>, values: &ValueSet<'_>) -> Span {
        dispatcher::get_default(|dispatch| {
            let parent = dispatch.current_span().id().cloned();
            let span = Self::from_attributes(meta, &Attributes::new_root(meta, values), dispatch);
            if let (Some(inner), Some(parent)) = (&span.inner, parent) {
                dispatch.record_follows_from(&inner.id, &parent);
            }
            span
        })
    }

    /// Creates a span whose parent is `parent`, or a root span when `parent`
    /// is `None`. Used by the span macros (`parent: expr`).
    #[doc(hidden)]
    pub fn child_of(
        parent: impl Into<Option<Id>>,
        meta: &'static Metadata<'static>,
        values: &ValueSet<'_>,
    ) -> Span {
        let parent = parent.into();
        dispatcher::get_default(|dispatch| {
            let attrs = match parent.clone() {
                Some(parent) => Attributes::child_of(parent, meta, values),
                None => Attributes::new_root(meta, values),
            };
            Self::from_attributes(meta, &attrs, dispatch)
        })
    }

    pub(crate) fn from_attributes(
        meta: &'static Metadata<'static>,
        attrs: &Attributes<'_>,
        dispatch: &Dispatch,
    ) -> Span {
        let id = dispatch.new_span(attrs);
        Span {
            inner: Some(Inner {
                id,
                dispatch: dispatch.clone(),
            }),
            meta: Some(meta),
        }
    }

    /// A span that is not enabled and never will be.
    ///
    /// ```
    /// use instrument_runtime::Span;
    ///
    /// let span = Span::none();
    /// assert!(span.is_none() && span.is_disabled());
    /// span.in_scope(|| assert!(Span::current().is_none()));
    /// ```
    #[inline]
    pub const fn none() -> Span {
        Span {
            inner: None,
            meta: None,
        }
    }

    /// A disabled span that still knows its callsite's metadata.
    #[doc(hidden)]
    #[inline]
    pub const fn disabled(meta: &'static Metadata<'static>) -> Span {
        Span {
            inner: None,
            meta: Some(meta),
        }
    }

    /// The span the current dispatcher considers entered on this thread, or a
    /// disabled span when there is none.
    ///
    /// This sees spans entered by this crate and by `tracing` alike.
    ///
    /// ```
    /// use instrument_runtime::{info_span, Span};
    /// # let _guard = tracing_core::dispatcher::set_default(
    /// #     &tracing_core::Dispatch::new(tracing_subscriber::registry()));
    ///
    /// let span = info_span!("outer");
    /// span.in_scope(|| assert_eq!(Span::current(), span));
    /// ```
    pub fn current() -> Span {
        dispatcher::get_default(|dispatch| {
            if let Some((id, meta)) = dispatch.current_span().into_inner() {
                Span {
                    inner: Some(Inner {
                        id: dispatch.clone_span(&id),
                        dispatch: dispatch.clone(),
                    }),
                    meta: Some(meta),
                }
            } else {
                Span::none()
            }
        })
    }

    /// Enters the span, returning a guard that exits it when dropped.
    ///
    /// Do not hold the guard across an `.await`: use
    /// [`Instrument::instrument`](crate::Instrument::instrument) for futures.
    ///
    /// ```
    /// use instrument_runtime::info_span;
    ///
    /// let span = info_span!("work");
    /// let _guard = span.enter();
    /// // ... work inside `work` ...
    /// ```
    #[inline]
    pub fn enter(&self) -> Entered<'_> {
        self.do_enter();
        Entered {
            span: self,
            _not_send: PhantomNotSend::NEW,
        }
    }

    /// Enters the span and returns a guard that owns it.
    ///
    /// ```
    /// use instrument_runtime::info_span;
    ///
    /// let guard = info_span!("work").entered();
    /// // ... work inside `work` ...
    /// let span = guard.exit();
    /// # drop(span);
    /// ```
    #[inline]
    pub fn entered(self) -> EnteredSpan {
        self.do_enter();
        EnteredSpan {
            span: self,
            _not_send: PhantomNotSend::NEW,
        }
    }

    /// Runs `f` inside the span and returns its result.
    ///
    /// ```
    /// use instrument_runtime::info_span;
    ///
    /// let n = info_span!("compute").in_scope(|| 6 * 7);
    /// assert_eq!(n, 42);
    /// ```
    pub fn in_scope<T>(&self, f: impl FnOnce() -> T) -> T {
        let _entered = self.enter();
        f()
    }

    /// Records `value` for the field called `field`, which must have been
    /// declared when the span was created (use `field::Empty` to declare a
    /// field without a value). Unknown fields are ignored.
    ///
    /// ```
    /// use instrument_runtime::{field, info_span};
    ///
    /// let span = info_span!("request", status = field::Empty);
    /// span.record("status", 200_u16);
    /// ```
    pub fn record<V: Value>(&self, field: &str, value: V) -> &Self {
        if let (Some(inner), Some(meta)) = (&self.inner, self.meta) {
            inner.record_field(meta, field, &value);
        }
        self
    }

    /// Marks this span as following from `cause` (a causal link that is not a
    /// parent). Does nothing if either span is disabled.
    ///
    /// ```
    /// use instrument_runtime::info_span;
    ///
    /// let producer = info_span!("produce");
    /// let consumer = info_span!("consume");
    /// consumer.follows_from(&producer);
    /// ```
    pub fn follows_from(&self, cause: impl Into<Option<Id>>) -> &Self {
        if let (Some(inner), Some(cause)) = (&self.inner, cause.into()) {
            inner.dispatch.record_follows_from(&inner.id, &cause);
        }
        self
    }

    /// Returns this span if it is enabled, else the current span.
    ///
    /// ```
    /// use instrument_runtime::Span;
    ///
    /// let span = Span::none().or_current();
    /// assert!(span.is_disabled());
    /// ```
    #[must_use]
    pub fn or_current(self) -> Span {
        if self.is_disabled() {
            Span::current()
        } else {
            self
        }
    }

    /// Whether this span is disabled: no subscriber records it.
    ///
    /// ```
    /// use tracing_subscriber::{filter::LevelFilter, layer::SubscriberExt};
    ///
    /// let subscriber = tracing_subscriber::registry().with(LevelFilter::INFO);
    /// tracing_core::dispatcher::with_default(&subscriber.into(), || {
    ///     let span = instrument_runtime::trace_span!("too_verbose");
    ///     assert!(span.is_disabled());
    ///     assert!(!span.is_none()); // it still knows its callsite
    /// });
    /// ```
    #[inline]
    pub fn is_disabled(&self) -> bool {
        self.inner.is_none()
    }

    /// Whether this is [`Span::none`]: disabled and without metadata.
    ///
    /// ```
    /// use instrument_runtime::Span;
    ///
    /// assert!(Span::none().is_none());
    /// ```
    #[inline]
    pub fn is_none(&self) -> bool {
        self.inner.is_none() && self.meta.is_none()
    }

    /// The span's id in its subscriber, if it is enabled.
    ///
    /// ```
    /// use instrument_runtime::info_span;
    /// # let _default = tracing_core::dispatcher::set_default(
    /// #     &tracing_core::Dispatch::new(tracing_subscriber::registry()));
    ///
    /// let span = info_span!("work");
    /// assert!(span.id().is_some());
    /// assert_eq!(span.id(), span.clone().id());
    /// ```
    pub fn id(&self) -> Option<Id> {
        self.inner.as_ref().map(|inner| inner.id.clone())
    }

    /// The span's callsite metadata (name, target, level, fields), if known.
    ///
    /// ```
    /// use instrument_runtime::warn_span;
    ///
    /// let span = warn_span!("disk", free = 3_u64);
    /// let meta = span.metadata().unwrap();
    /// assert_eq!(meta.name(), "disk");
    /// ```
    #[inline]
    pub fn metadata(&self) -> Option<&'static Metadata<'static>> {
        self.meta
    }

    /// The fields declared by this span's callsite, if known.
    ///
    /// ```
    /// let span = instrument_runtime::info_span!("request", id = 1_u64, path = "/");
    /// let names: Vec<_> = span.fields().unwrap().iter().map(|f| f.name()).collect();
    /// assert_eq!(names, ["id", "path"]);
    /// ```
    pub fn fields(&self) -> Option<&'static FieldSet> {
        self.meta.map(Metadata::fields)
    }

    #[inline]
    fn do_enter(&self) {
        if let Some(inner) = &self.inner {
            inner.enter();
        }
    }

    #[inline]
    fn do_exit(&self) {
        if let Some(inner) = &self.inner {
            inner.exit();
        }
    }

    /// The span's live part, by value.
    #[inline]
    pub(crate) fn into_inner(self) -> Option<Inner> {
        self.inner
    }
}

impl Clone for Span {
    fn clone(&self) -> Self {
        Span {
            inner: self.inner.clone(),
            meta: self.meta,
        }
    }
}

impl Default for Span {
    /// [`Span::none`].
    fn default() -> Self {
        Span::none()
    }
}

impl PartialEq for Span {
    /// Two spans are equal when they are handles to the same enabled span, or
    /// both disabled with the same callsite.
    fn eq(&self, other: &Self) -> bool {
        let same_meta = match (self.meta, other.meta) {
            (Some(a), Some(b)) => a.callsite() == b.callsite(),
            (None, None) => true,
            _ => false,
        };
        let same_id = match (&self.inner, &other.inner) {
            (Some(a), Some(b)) => a.id == b.id,
            (None, None) => true,
            _ => false,
        };
        same_meta && same_id
    }
}

impl Eq for Span {}

impl Hash for Span {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.inner.as_ref().map(|inner| &inner.id).hash(state);
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Span");
        if let Some(meta) = self.meta {
            out.field("name", &meta.name())
                .field("level", &meta.level())
                .field("target", &meta.target());
        }
        match &self.inner {
            Some(inner) => out.field("id", &inner.id),
            None => out.field("disabled", &true),
        };
        out.finish()
    }
}

impl From<&Span> for Option<Id> {
    fn from(span: &Span) -> Self {
        span.id()
    }
}

impl From<Span> for Option<Id> {
    fn from(span: Span) -> Self {
        span.id()
    }
}

impl From<&EnteredSpan> for Option<Id> {
    fn from(span: &EnteredSpan) -> Self {
        span.span.id()
    }
}

impl Entered<'_> {
    /// The span this guard keeps entered.
    ///
    /// ```
    /// let span = instrument_runtime::info_span!("work");
    /// let guard = span.enter();
    /// assert_eq!(guard.span(), &span);
    /// ```
    pub fn span(&self) -> &Span {
        self.span
    }
}

impl Drop for Entered<'_> {
    #[inline]
    fn drop(&mut self) {
        self.span.do_exit();
    }
}

impl fmt::Debug for Entered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Entered").field(self.span).finish()
    }
}

impl EnteredSpan {
    /// Exits the span and returns it, so it can be entered again later.
    pub fn exit(mut self) -> Span {
        self.span.do_exit();
        // Leave a disabled span behind so `Drop` does not exit twice.
        core::mem::take(&mut self.span)
    }

    /// The span this guard keeps entered.
    ///
    /// ```
    /// let guard = instrument_runtime::info_span!("work").entered();
    /// assert_eq!(guard.span().metadata().unwrap().name(), "work");
    /// ```
    pub fn span(&self) -> &Span {
        &self.span
    }
}

impl core::ops::Deref for EnteredSpan {
    type Target = Span;

    fn deref(&self) -> &Span {
        &self.span
    }
}

impl Drop for EnteredSpan {
    #[inline]
    fn drop(&mut self) {
        self.span.do_exit();
    }
}

impl fmt::Debug for EnteredSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("EnteredSpan").field(&self.span).finish()
    }
}

/// Enters a live span and exits it when dropped (also when unwinding): the
/// guard of the `async fn` wrapper, which holds an `Option<Inner>`.
/// (`Instrumented` keeps [`Span::enter`]'s guard: this one, on a `Span`'s
/// `Option<Inner>`, measured 2 instructions more for a disabled span.)
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
    pub(crate) fn entered(span: Option<&'a Inner>) -> Self {
        Enter(span)
    }

    /// The span this guard keeps entered, if any.
    #[inline]
    pub(crate) fn span(&self) -> Option<&'a Inner> {
        self.0
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
