//! A small async service, instrumented: run with `cargo run --example demo`.
//!
//! A request handler fans work out with `JoinSet` and `tokio::spawn`, calls a
//! function that returns a future after a sync prelude, a store whose whole
//! `impl` block is instrumented (with `async-trait`), reads a stream whose
//! items are loaded inside its function's span, gives up on a slow lookup
//! (its `outcome` is `cancelled`), and makes a failing call recorded with
//! `err` and `outcome`. The span tree is printed by `tracing-subscriber`'s
//! fmt layer; close events carry `time.busy` (inside polls), `time.idle`
//! (waiting) and the span's fields, `outcome` included.
//!
//! It ends with the scenario that motivated this crate, instrumented once
//! with `tracing::instrument` and once with ours.

use std::future::Future;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::stream::{self, Stream, StreamExt as _};
use instrument_runtime::{Instrument, info_span, instrument, no_instrument};
use tokio::task::JoinSet;
use tracing::info;
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    tracing_subscriber::fmt()
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .with_ansi(false)
        .with_timer(tracing_subscriber::fmt::time::uptime())
        .init();

    println!("== a request, fanned out over tasks\n");
    let store = MemoryStore;
    let response = handle_request(&store, 7, "/orders").await;
    info!(?response, "request done");

    println!("\n== the motivating scenario: JoinSet::spawn(sub_task()) inside `work`\n");
    println!(
        "-- with tracing::instrument: the prelude event is outside `sub_task`, the task's span has no parent"
    );
    async {
        let mut set = JoinSet::new();
        set.spawn(tracing_sub_task());
        set.join_all().await;
    }
    .instrument(info_span!("work"))
    .await;
    println!("-- with instrument_runtime::instrument: both events in `sub_task`, inside `work`");
    async {
        let mut set = JoinSet::new();
        set.spawn(sub_task());
        set.join_all().await;
    }
    .instrument(info_span!("work"))
    .await;
}

/// The request handler: every task it spawns keeps it as parent.
#[instrument(skip(store), fields(path = %path))]
async fn handle_request(store: &MemoryStore, request_id: u64, path: &str) -> usize {
    info!("handling");
    let mut shards = JoinSet::new();
    for shard in 0..3_u32 {
        shards.spawn(fetch_shard(shard));
    }
    let audit = tokio::spawn(audit(request_id));

    let mut rows = 0;
    while let Some(result) = shards.join_next().await {
        rows += result.expect("shard task panicked");
    }
    audit.await.expect("audit task panicked");

    let cached = store.get(request_id).await;
    info!(?cached, store = store.describe(), "cache lookup");
    if store.put(request_id, format!("{rows} rows")).await.is_err() {
        info!("not cached");
    }
    let lines: Vec<String> = order_lines(request_id, 2).collect().await;
    info!(?lines, "order lines read");
    let timeout = Duration::from_millis(5);
    if tokio::time::timeout(timeout, slow_price(request_id))
        .await
        .is_err()
    {
        info!("price lookup timed out, using the list price");
    }
    if let Err(error) = charge(request_id, rows).await {
        info!(%error, "charging failed, serving anyway");
    }
    rows
}

/// An `async fn`: its span opens on a runtime worker, with the handler as parent.
#[instrument]
async fn fetch_shard(shard: u32) -> usize {
    tokio::time::sleep(Duration::from_millis(5 * u64::from(shard + 1))).await;
    info!("fetched");
    10 * shard as usize
}

/// A function that returns a future after a sync prelude: the prelude runs
/// inside `audit`'s span, and so does the future it returns.
#[instrument]
fn audit(request_id: u64) -> impl Future<Output = ()> {
    info!("audit record prepared");
    async move {
        tokio::task::yield_now().await;
        info!(request_id, "audit record written");
    }
}

/// A function that returns a stream: its span opens at the call, and each
/// item is loaded inside it, wherever the stream is polled.
#[instrument]
fn order_lines(request_id: u64, count: u32) -> impl Stream<Item = String> {
    info!("listing order lines");
    stream::iter(0..count).then(move |line| async move {
        tokio::task::yield_now().await;
        info!(line, "order line loaded");
        format!("order-{request_id}/{line}")
    })
}

/// Dropped by a timeout before it completes: `outcome` says `cancelled`.
#[instrument(outcome)]
async fn slow_price(request_id: u64) -> u64 {
    tokio::time::sleep(Duration::from_secs(1)).await;
    request_id * 100
}

/// A failing call: `err` records the error inside the span, and `outcome`
/// says how it ended (`err`), as a field of the span.
#[instrument(err, outcome)]
async fn charge(request_id: u64, rows: usize) -> Result<(), String> {
    tokio::time::sleep(Duration::from_millis(2)).await;
    Err(format!("card declined for {rows} rows"))
}

#[async_trait]
trait Store {
    async fn get(&self, key: u64) -> Option<String>;
    async fn put(&self, key: u64, value: String) -> Result<(), String>;
    fn describe(&self) -> &'static str;
}

#[derive(Debug)]
struct MemoryStore;

/// A whole `impl` block, instrumented once: every method gets a span named
/// `MemoryStore::method` with `self` recorded, `ret` records what each
/// returns, and `err` goes to the methods that return a `Result`. It works
/// with `async-trait` after it, as here, or before it.
#[instrument(ret, err)]
#[async_trait]
impl Store for MemoryStore {
    async fn get(&self, key: u64) -> Option<String> {
        tokio::task::yield_now().await;
        Some(format!("order-{key}"))
    }

    async fn put(&self, key: u64, value: String) -> Result<(), String> {
        tokio::task::yield_now().await;
        Err(format!("read-only store: cannot write {value} at {key}"))
    }

    /// Too small and too hot to trace.
    #[no_instrument]
    fn describe(&self) -> &'static str {
        "in memory"
    }
}

// The README shows the two functions below, between the markers, byte for
// byte (checked by tests/it/readme.rs).
// README begin
/// The motivating scenario, with `tracing`'s attribute.
#[tracing::instrument]
fn tracing_sub_task() -> impl Future<Output = ()> {
    info!("making sub task");
    async { info!("performing task") }
}

/// The same function with ours.
#[instrument]
fn sub_task() -> impl Future<Output = ()> {
    info!("making sub task");
    async { info!("performing task") }
}
// README end
