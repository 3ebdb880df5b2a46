//! Every function shape `#[instrument]` accepts, for the editor probe
//! (`bench-support/ide.sh`). `ATTR` and `ATTR(..)` comments are replaced by
//! the attribute of each variant (none, `tracing`'s, ours); `BLOCK` by ours
//! on an `impl` block, in our variant only. Each body has `let`s whose types
//! an editor shows as inlay hints.
#![allow(dead_code, clippy::unused_async)]

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt};

#[derive(Debug, Default)]
pub struct Db {
    rows: HashMap<u64, String>,
}

impl Db {
    pub fn get(&self, id: u64) -> Option<&String> {
        self.rows.get(&id)
    }
}

#[derive(Debug)]
pub struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("error")
    }
}

impl std::error::Error for Error {}

/*ATTR*/
pub fn sync_plain(a: u64, b: u64) -> u64 {
    let sum = a + b;
    let doubled = sum * 2;
    doubled
}

/*ATTR(ret, err)*/
pub fn sync_result(text: &str) -> Result<u64, Error> {
    let trimmed = text.trim();
    let parsed = trimmed.parse::<u64>().map_err(|_| Error)?;
    Ok(parsed)
}

/*ATTR*/
pub async fn async_plain(a: u64, b: u64) -> u64 {
    let sum = a + b;
    let ready = std::future::ready(sum).await;
    ready
}

/*ATTR(skip(db))*/
pub async fn async_borrow(db: &Db, id: u64) -> Option<String> {
    let row = db.get(id);
    let owned = row.cloned();
    std::future::ready(()).await;
    owned
}

/*ATTR*/
pub async fn async_elided(db: &Db, key: u64) -> Option<&String> {
    let id = key * 2;
    let row = db.get(id);
    std::future::ready(()).await;
    row
}

/*ATTR*/
pub async fn async_generic<T: Debug + Clone>(item: T, times: usize) -> Vec<T> {
    let mut items = Vec::new();
    let copies = times.max(1);
    for _ in 0..copies {
        items.push(item.clone());
    }
    std::future::ready(()).await;
    items
}

/*ATTR*/
pub async fn async_pattern((left, right): (u8, u8)) -> u16 {
    let wide = u16::from(left) + u16::from(right);
    let halved = wide / 2;
    std::future::ready(()).await;
    halved
}

/*ATTR(skip(items))*/
pub async fn async_impl_trait(items: impl IntoIterator<Item = u64>) -> u64 {
    let collected: Vec<u64> = items.into_iter().collect();
    let total = collected.iter().sum::<u64>();
    std::future::ready(()).await;
    total
}

/*ATTR(err)*/
pub async fn async_result(id: u64) -> Result<u64, Error> {
    let checked = id.checked_mul(2).ok_or(Error)?;
    let answer = std::future::ready(checked).await;
    Ok(answer)
}

/*ATTR*/
pub fn future_prelude(id: u64) -> impl Future<Output = u64> {
    let key = id * 2;
    let label = format!("key {key}");
    async move {
        let length = label.len() as u64;
        key + length
    }
}

/*ATTR*/
pub fn future_only_async(id: u64) -> impl Future<Output = u64> {
    async move {
        let doubled = id * 2;
        let ready = std::future::ready(doubled).await;
        ready
    }
}

/*ATTR*/
pub fn future_boxed(id: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        let doubled = id * 2;
        let ready = std::future::ready(doubled).await;
        ready
    })
}

/*ATTR*/
pub fn stream_impl(n: u64) -> impl Stream<Item = u64> {
    let limit = n.min(10);
    let squares = (0..limit).map(|i| i * i);
    stream::iter(squares)
}

/*ATTR*/
pub fn stream_boxed(n: u64) -> Pin<Box<dyn Stream<Item = u64> + Send>> {
    let limit = n.min(10);
    let evens = (0..limit).filter(|i| i % 2 == 0);
    stream::iter(evens).boxed()
}

pub struct Store {
    db: Db,
    hits: u64,
}

impl Store {
    /*ATTR(skip(self))*/
    pub fn count(&self) -> usize {
        let rows = self.db.rows.len();
        let hits = self.hits as usize;
        rows + hits
    }

    /*ATTR(skip(self))*/
    pub async fn load(&self, id: u64) -> Option<String> {
        let row = self.db.get(id);
        let owned = row.cloned();
        std::future::ready(()).await;
        owned
    }

    /*ATTR(skip(self))*/
    pub async fn first<'a>(&'a self, keys: &'a [u64]) -> Option<&'a String> {
        let first = keys.first().copied().unwrap_or_default();
        let row = self.db.get(first);
        std::future::ready(()).await;
        row
    }

    /*ATTR(skip(self))*/
    pub async fn bump(&mut self, by: u64) -> u64 {
        let before = self.hits;
        let after = before + by;
        self.hits = after;
        std::future::ready(()).await;
        after
    }
}

#[derive(Debug)]
pub struct Cache {
    entries: Vec<u64>,
}

/*BLOCK*/
impl Cache {
    pub fn len(&self) -> usize {
        let entries = &self.entries;
        let count = entries.len();
        count
    }

    pub async fn lookup(&self, key: u64) -> Option<u64> {
        let found = self.entries.iter().find(|&&e| e == key);
        let copied = found.copied();
        std::future::ready(()).await;
        copied
    }
}

pub trait Repository {
    fn name(&self) -> String;

    /*ATTR(skip(self))*/
    async fn size(&self, limit: usize) -> usize {
        let name = self.name();
        let bounded = name.len().min(limit);
        std::future::ready(()).await;
        bounded
    }
}

impl Repository for Store {
    fn name(&self) -> String {
        let rows = self.db.rows.len();
        let name = format!("store of {rows}");
        name
    }
}

#[async_trait::async_trait]
pub trait Service {
    async fn call(&self, request: u64) -> u64;
}

#[async_trait::async_trait]
impl Service for Store {
    /*ATTR(skip(self))*/
    async fn call(&self, request: u64) -> u64 {
        let hits = self.hits;
        let answer = request + hits;
        std::future::ready(()).await;
        answer
    }
}
