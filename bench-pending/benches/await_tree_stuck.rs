//! Not a measurement: the service of `instrument-runtime/examples/pending.rs`
//! written with `await-tree` instead of spans, as its users annotate it (an
//! `instrument_await` on each await, each spawned task registered as a root
//! of its own), with the same stuck request. After about 1.5 seconds it
//! prints what `await-tree`'s registry holds, for the module docs of
//! `instrument_runtime::pending` to show beside our dump.
//!
//! ```sh
//! cargo bench -p instrument-bench-pending --bench await_tree_stuck
//! ```

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use await_tree::{InstrumentAwait as _, Registry, span};
use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// The accounts, each behind its own lock.
#[derive(Default)]
struct Accounts(std::sync::Mutex<HashMap<u64, Arc<Mutex<u64>>>>);

impl Accounts {
    fn get(&self, account: u64) -> Arc<Mutex<u64>> {
        let mut accounts = self.0.lock().expect("not poisoned");
        Arc::clone(accounts.entry(account).or_default())
    }
}

async fn handle_request(registry: Registry, id: u64, account: u64, accounts: Arc<Accounts>) {
    let prices = fetch_prices(&registry, id)
        .instrument_await(span!("fetch_prices request={id}"))
        .await;
    place_order(account, prices, &accounts)
        .instrument_await(span!("place_order account={account} total={prices}"))
        .await;
    // Fire and forget: a root of its own.
    let root = registry.register(format!("audit {id}"), span!("audit request={id}"));
    tokio::spawn(root.instrument(audit()));
}

async fn fetch_prices(registry: &Registry, request: u64) -> u64 {
    let mut set = JoinSet::new();
    for service in ["eu", "us"] {
        // A spawned task is outside the request's tree: registered as a root
        // of its own, or not seen at all.
        let root = registry.register(
            format!("price {request} {service}"),
            span!("price service={service} request={request}"),
        );
        set.spawn(root.instrument(price(request)));
    }
    set.join_all()
        .instrument_await("join_all")
        .await
        .into_iter()
        .sum()
}

async fn price(request: u64) -> u64 {
    sleep(Duration::from_millis(20 + 10 * (request % 4)))
        .instrument_await("sleep")
        .await;
    request * 10
}

async fn place_order(account: u64, total: u64, accounts: &Accounts) {
    let lock = accounts.get(account);
    let mut balance = lock
        .lock()
        .instrument_await(span!("lock_account account={account}"))
        .await;
    charge(account)
        .instrument_await(span!("charge account={account} amount={total}"))
        .await;
    *balance += total;
}

async fn charge(account: u64) {
    payment_gateway(account)
        .instrument_await(span!(
            "payment_gateway account={account} host=payments.internal"
        ))
        .await;
}

async fn payment_gateway(account: u64) {
    if account == 7 {
        std::future::pending::<()>()
            .instrument_await("pending")
            .await;
    }
    sleep(Duration::from_millis(30))
        .instrument_await("sleep")
        .await;
}

async fn audit() {
    sleep(Duration::from_millis(100))
        .instrument_await("sleep")
        .await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a runtime");
    let registry = Registry::new(await_tree::Config::default());
    let request = |id: u64, account: u64, accounts: &Arc<Accounts>| {
        let root = registry.register(
            format!("request {id:02}"),
            span!("handle_request id={id} account={account}"),
        );
        tokio::spawn(root.instrument(handle_request(
            registry.clone(),
            id,
            account,
            Arc::clone(accounts),
        )));
    };
    runtime.block_on(async {
        let accounts = Arc::new(Accounts::default());
        request(1, 7, &accounts);
        sleep(Duration::from_millis(100)).await;
        request(2, 7, &accounts);
        for id in 3..40 {
            request(id, id % 5 + 10, &accounts);
            sleep(Duration::from_millis(35)).await;
        }
        request(40, 12, &accounts);
        sleep(Duration::from_millis(10)).await;
    });
    let mut trees = registry.collect::<String>();
    trees.sort_by(|a, b| a.0.cmp(&b.0));
    println!("== every registered tree ({} roots)", trees.len());
    for (_, tree) in trees {
        print!("{tree}");
    }
    drop(runtime);
}
