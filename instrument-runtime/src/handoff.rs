//! How an instrumented future's body hands the span it opens to the
//! wrapper polling it ([`AsyncFn`](crate::async_fn::AsyncFn)).
//!
//! The span opens inside the body, at the first statement of its own async
//! block (so the arguments are stored once and the span can read them), but
//! the wrapper keeps it and enters it around every later poll. During the
//! wrapper's first poll the span travels through thread-locals:
//!
//! 1. [`Handoff::begin`] (the wrapper, before it polls the body) saves and
//!    empties the slot, and where nothing is current enters the caller's
//!    span as the fallback parent.
//! 2. [`handoff`] (the body's first statement) opens the span if its
//!    callsite is enabled, exits the fallback parent, enters the span and
//!    leaves it in the slot.
//! 3. [`Handoff::finish`] (the wrapper, after the poll returns) takes the
//!    span from the slot and puts back what `begin` saved. If the body
//!    unwinds instead, dropping the `Handoff` does the same and closes the
//!    span.
//!
//! First polls nest (a body's first poll may first-poll another instrumented
//! future), which is why `begin` saves the slot and `finish` restores it.
//!
//! The invariant, checked by `debug_assert!`s wherever the slots change:
//! **`OPENED_IN` is `Some` exactly when `OPENED` is not 0, and
//! `HAS_FALLBACK` is `true` exactly when `FALLBACK` holds a span.** The
//! slots hold plain values without drop glue, so that a first poll whose
//! span stays closed only reads and writes a word.

use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::num::NonZeroU64;

use tracing_core::callsite::DefaultCallsite;
use tracing_core::span::Id;
use tracing_core::{Dispatch, Metadata, dispatcher};

use crate::enabled::callsite_enabled;
use crate::span::{Inner, Span};

std::thread_local! {
    /// The span a body opened during its wrapper's first poll, on its way
    /// to the wrapper: its id, 0 for none.
    static OPENED: Cell<u64> = const { Cell::new(0) };
    /// The dispatcher that opened the span in `OPENED`, with the handle's
    /// reference to it. Every first poll empties it before it returns or
    /// unwinds, so nothing is ever left to drop.
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
    debug_assert_eq!(OPENED.get(), 0, "a body hands its span over once");
    OPENED_IN.set(Some(ManuallyDrop::new(dispatch)));
    OPENED.set(id.into_u64());
    check_invariant();
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
    check_invariant();
}

/// A wrapper's first poll: the slot is emptied for the body's span, and put
/// back as it was when the poll returns or unwinds (first polls nest).
pub(crate) struct Handoff {
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
    pub(crate) fn begin(caller: Option<Inner>) -> Self {
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
        check_invariant();
        Handoff {
            previous,
            previous_in,
        }
    }

    /// The span the body handed over, entered, if any.
    #[inline(never)]
    pub(crate) fn finish(mut self) -> Option<Inner> {
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
        let opened = if id == 0 && self.previous == 0 {
            None
        } else {
            take_opened(id, self.previous_in.take())
        };
        check_invariant();
        opened
    }
}

/// Where nothing is current (a worker polling a spawned task), enters the
/// caller's span as the fallback parent, in its own dispatcher, until the
/// body opens its span.
#[inline(never)]
fn enter_fallback(caller: Inner) {
    if dispatcher::get_default(|current| current.current_span().id().is_none()) {
        caller.enter();
        let mut caller = Some(caller);
        // Only a thread that is being torn down has no slot left: there the
        // body opens its span without the fallback parent.
        if FALLBACK.try_with(|slot| slot.set(caller.take())).is_ok() {
            HAS_FALLBACK.set(true);
        } else if let Some(caller) = caller {
            caller.exit();
        }
        check_invariant();
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

/// Checks the invariant of the slots (see the module documentation) in
/// builds with debug assertions; nothing otherwise.
#[inline]
fn check_invariant() {
    #[cfg(debug_assertions)]
    {
        let opened_in = OPENED_IN.take();
        let has_opened_in = opened_in.is_some();
        OPENED_IN.set(opened_in);
        debug_assert_eq!(
            has_opened_in,
            OPENED.get() != 0,
            "OPENED_IN is Some exactly when OPENED is not 0"
        );
        let has_fallback = FALLBACK.try_with(|slot| {
            let fallback = slot.take();
            let has = fallback.is_some();
            slot.set(fallback);
            has
        });
        if let Ok(has_fallback) = has_fallback {
            debug_assert_eq!(
                has_fallback,
                HAS_FALLBACK.get(),
                "HAS_FALLBACK is true exactly when FALLBACK holds a span"
            );
        }
    }
}
