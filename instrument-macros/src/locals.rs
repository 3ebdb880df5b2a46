//! The names of generated locals, made once per expansion.
//!
//! Every generated local is at `Span::mixed_site()`, so the user's code can
//! neither see nor shadow it, and carries an `__instrument_` prefix, so a
//! user's unit struct or constant of the same name is never matched by its
//! `let` (items are visible whatever their hygiene).

use proc_macro2::Span;
use syn::Ident;

/// A generated local named `__instrument_<name>`.
pub(crate) fn local(name: &str) -> Ident {
    Ident::new(&format!("__instrument_{name}"), Span::mixed_site())
}

/// The locals of an `#[instrument]` expansion.
pub(crate) struct Locals {
    /// The function's span.
    pub(crate) span: Ident,
    /// The guard that keeps it entered.
    pub(crate) entered: Ident,
    /// The body's future.
    pub(crate) fut: Ident,
    /// The function's value, for the `ret`/`err` events: `&Output`.
    pub(crate) out: Ident,
    /// A sync body's value, when it runs in a closure.
    pub(crate) ret: Ident,
    /// The `Ok` and `Err` values of a `Result` output.
    pub(crate) ok: Ident,
    pub(crate) error: Ident,
    /// The never-initialised local that pins an async block's output type.
    pub(crate) never: Ident,
    /// How an instrumented future ended, in its hooks.
    pub(crate) end: Ident,
    /// A caught panic, in the code that records it.
    pub(crate) panic: Ident,
}

impl Locals {
    pub(crate) fn new() -> Self {
        Locals {
            span: local("span"),
            entered: local("entered"),
            fut: local("fut"),
            out: local("out"),
            ret: local("ret"),
            ok: local("ok"),
            error: local("error"),
            never: local("never"),
            end: local("end"),
            panic: local("panic"),
        }
    }
}
