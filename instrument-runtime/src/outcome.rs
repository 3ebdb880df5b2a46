//! `#[instrument(outcome)]`: how the function ended, recorded once in the
//! span's `outcome` field just before it closes (`ok`, `err`, `cancelled`,
//! `panicked`). Futures learn it from their wrapper (`AsyncFn`'s `End`);
//! sync functions from the value they return, or [`OutcomeGuard`] when they
//! unwind.

use crate::span::Span;

/// The function's value, for `outcome`: `ok`, or `err` for a `Result`'s
/// `Err`. `(&OutcomeOf(&value)).outcome()` picks [`ResultOutcome`] for a
/// `Result` and [`AnyOutcome`] for any other type (method resolution tries
/// the receiver as it is before borrowing it again).
pub struct OutcomeOf<'a, T: ?Sized>(pub &'a T);

/// The outcome of a function that returned a `Result`.
pub trait ResultOutcome {
    /// `ok` or `err`.
    fn outcome(&self) -> &'static str;
}

impl<T, E> ResultOutcome for OutcomeOf<'_, Result<T, E>> {
    #[inline]
    fn outcome(&self) -> &'static str {
        match self.0 {
            Ok(_) => "ok",
            Err(_) => "err",
        }
    }
}

/// The outcome of a function that returned anything else.
pub trait AnyOutcome {
    /// `ok`.
    #[inline]
    fn outcome(&self) -> &'static str {
        "ok"
    }
}

impl<T: ?Sized> AnyOutcome for &OutcomeOf<'_, T> {}

/// Records `panicked` in a sync function's `outcome` field if the function
/// unwinds; `finish` records how it returned instead.
pub struct OutcomeGuard<'a> {
    span: &'a Span,
    /// Already unwinding when the function was called (from a destructor):
    /// its own panics cannot be told apart, so none is recorded.
    unwinding: bool,
    done: bool,
}

impl<'a> OutcomeGuard<'a> {
    /// Guards the body of a function whose span is `span`.
    #[inline]
    pub fn new(span: &'a Span) -> Self {
        OutcomeGuard {
            span,
            unwinding: std::thread::panicking(),
            done: false,
        }
    }

    /// Records `outcome`, once.
    #[inline]
    pub fn finish(mut self, outcome: &'static str) {
        self.span.record("outcome", outcome);
        self.done = true;
    }
}

impl Drop for OutcomeGuard<'_> {
    fn drop(&mut self) {
        if !self.done && !self.unwinding && std::thread::panicking() {
            self.span.record("outcome", "panicked");
        }
    }
}
