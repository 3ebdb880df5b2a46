//! Every argument of `#[instrument]`, on sync fns and `async fn`s, asserted on
//! the recorded span trees, one module per argument: `name` (literal and
//! `const`), `target`, `level` (strings in any case, integers, `Level::X`, a
//! `const` path), `parent` (including `None`, and evaluated at the first poll
//! for `async fn`), `follows_from`, `detached` (a root that follows from the
//! parent it would have had), `skip`, `skip(self)`, `skip_all`,
//! `fields(..)` (`%`, `?`, `field::Empty` recorded later, dotted and keyword
//! names, a field replacing a parameter), `fields(param)` recording the
//! parameter, `err`, `ret` and their options, `err(Error)` with the error's
//! sources, `outcome`, `crate = path`; and how each parameter type is
//! recorded (`values`: as a value or with `Debug`, checked on the `Visit`
//! method each value came through).

#![allow(
    clippy::needless_pass_by_value,
    reason = "the instrumented test functions take owned values to test how owned types are recorded"
)]

mod crate_path;
mod detached;
mod err_error;
mod fields;
mod fields_param;
mod follows_from;
mod level;
mod name;
mod outcome;
mod panics;
mod parent;
mod ret_err;
mod skip;
mod target;
mod values;

/// The error of the `err` and `crate` tests.
#[derive(Debug)]
struct AppError {
    code: u16,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed with {}", self.code)
    }
}
