//! What `#[instrument]` generates is clippy-clean in a user's crate that
//! denies warnings, clippy's pedantic lints and the restriction lints the
//! generated statements could trigger: each case below is one that a
//! statement of the macro's allow-lists (`instrument-macros/src/lints.rs`)
//! needs its `allow` for.

#![deny(
    warnings,
    let_underscore_drop,
    clippy::all,
    clippy::pedantic,
    clippy::let_underscore_untyped
)]

use instrument_runtime::instrument;

/// The span-opening statement reads a `_name` parameter.
#[instrument]
pub fn underscore_parameter(_id: u32) {}

/// The async body keeps a `_guard` parameter alive with `let _ = (&_guard,)`.
#[instrument]
pub async fn kept_guard(_guard: String) {}

/// A destructured parameter is bound to a generated `mut` name, which only
/// a `ref mut` in the pattern needs: not linted in the expansion.
#[instrument]
pub async fn destructured((first, second): (u32, u32), (ref mut log, _): (Vec<u32>, u8)) -> u32 {
    log.push(first);
    first + second
}

/// A unit body with `ret` runs in a closure whose value is bound.
#[instrument(ret)]
pub fn unit_with_ret(ids: &mut Vec<u32>) {
    ids.push(1);
}

/// An async body with a declared output type is pinned to it with
/// `if false { let never: T = loop {}; return never; }`.
#[instrument(ret)]
pub async fn pinned_output(id: u32) -> u32 {
    id + 1
}

/// A store whose `async fn`s are rewritten to return `impl Future`.
#[derive(Debug)]
pub struct Store(Vec<u32>);

impl Store {
    /// `new` returning `Self`, as declared.
    #[instrument]
    pub async fn new() -> Self {
        Store(Vec::new())
    }

    /// `iter` returning an iterator, as declared.
    #[instrument]
    pub async fn iter(&self) -> impl Iterator<Item = &u32> {
        self.0.iter()
    }
}

/// A trait with an `async fn`.
pub trait Load {
    /// Loads `id`.
    fn load(&self, id: u32) -> impl std::future::Future<Output = u32> + Send;
}

impl Load for Store {
    /// Implemented with an instrumented `async fn`.
    #[instrument]
    async fn load(&self, id: u32) -> u32 {
        id
    }
}
