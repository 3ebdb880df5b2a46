//! A crate whose documentation `tests/it/rustdoc.rs` builds, on edition 2021
//! (`fixture-2021`) and 2024 (`fixture-2024`), to check that rustdoc shows
//! each instrumented function as it is written here. Its own warnings are
//! errors; those of the workspace's crates, built as its path dependencies,
//! are not this fixture's concern.

#![deny(warnings)]

use std::future::Future;

use instrument_runtime::instrument;

/// Loads the record `id` from `db`: elided lifetimes and a generic.
#[instrument(skip(db))]
pub async fn load<S: Sync>(db: &S, id: u64) -> Option<&S> {
    (id > 0).then_some(db)
}

/// A sync function.
#[instrument]
pub fn count(items: &[u64]) -> usize {
    items.len()
}

/// A function that returns a future after a sync prelude.
#[instrument]
pub fn prepare(id: u64) -> impl Future<Output = u64> {
    let next = id + 1;
    async move { next }
}

/// A store of one record.
#[derive(Debug)]
pub struct Store {
    name: String,
}

impl Store {
    /// The record called `key`: an async method with elided lifetimes.
    #[instrument(skip(self))]
    pub async fn get(&self, key: &str) -> Option<&str> {
        (key == self.name).then_some(self.name.as_str())
    }

    /// The first of `keys` that is the record: a named lifetime and an
    /// `impl Trait` argument.
    #[instrument(skip_all)]
    pub async fn first<'a>(&'a self, keys: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        keys.into_iter().find(|key| *key == self.name)
    }
}

/// Where records come from.
pub trait Repository {
    /// The record `id`.
    fn find(&self, id: u64) -> impl Future<Output = Option<String>> + Send;

    /// How many records there are: an instrumented default body.
    #[instrument(skip(self))]
    async fn size(&self, limit: usize) -> usize {
        limit
    }
}

impl Repository for Store {
    /// The store's one record, for `id` 1.
    #[instrument(skip(self))]
    async fn find(&self, id: u64) -> Option<String> {
        (id == 1).then(|| self.name.clone())
    }
}
