//! `#[instrument(outcome)]`: how the function ended, recorded once in the
//! span's `outcome` field just before it closes (`ok`, `err`, `cancelled`,
//! `panicked`). Futures learn it from their wrapper (`AsyncFn`'s `End`);
//! sync functions from the value they return, or from
//! [`call_catching`](crate::support::call_catching) when they panic.

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
