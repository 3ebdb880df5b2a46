//! What is pending right now: a small order service where one request is
//! stuck (it holds an account's lock while a payment gateway does not
//! answer), a second waits for that lock, and others come and go. After
//! about 1.5 seconds a debug handler prints the dump of every open span,
//! then the branches open longer than a second.
//!
//! ```sh
//! cargo run -p instrument-runtime --example pending --features pending
//! ```

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use instrument_runtime::instrument;
use instrument_runtime::pending::{self, PendingLayer};
use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::sleep;
use tracing_subscriber::layer::SubscriberExt as _;

/// The accounts, each behind its own lock.
#[derive(Default)]
struct Accounts(std::sync::Mutex<HashMap<u64, Arc<Mutex<u64>>>>);

impl Accounts {
    fn get(&self, account: u64) -> Arc<Mutex<u64>> {
        let mut accounts = self.0.lock().expect("not poisoned");
        Arc::clone(accounts.entry(account).or_default())
    }
}

#[instrument(skip(accounts))]
async fn handle_request(id: u64, account: u64, accounts: Arc<Accounts>) {
    let prices = fetch_prices(id).await;
    place_order(account, prices, &accounts).await;
    // Fire and forget: its own trace, linked to the request.
    tokio::spawn(audit(id));
}

/// Asks two price services at once.
#[instrument]
async fn fetch_prices(request: u64) -> u64 {
    let mut set = JoinSet::new();
    for service in ["eu", "us"] {
        set.spawn(price(service, request));
    }
    set.join_all().await.into_iter().sum()
}

#[instrument]
async fn price(service: &'static str, request: u64) -> u64 {
    sleep(Duration::from_millis(20 + 10 * (request % 4))).await;
    request * 10
}

#[instrument(skip(accounts))]
async fn place_order(account: u64, total: u64, accounts: &Accounts) {
    let lock = accounts.get(account);
    let mut balance = lock_account(account, &lock).await;
    charge(account, total).await;
    *balance += total;
}

#[instrument(skip(lock))]
async fn lock_account(account: u64, lock: &Mutex<u64>) -> tokio::sync::MutexGuard<'_, u64> {
    lock.lock().await
}

#[instrument]
async fn charge(account: u64, amount: u64) {
    payment_gateway(account).await;
}

/// The dependency: answers in 30 ms, except for account 7, where it never
/// answers (a connection that hangs without a timeout).
#[instrument(fields(host = "payments.internal"))]
async fn payment_gateway(account: u64) {
    if account == 7 {
        std::future::pending::<()>().await;
    }
    sleep(Duration::from_millis(30)).await;
}

#[instrument(detached)]
async fn audit(request: u64) {
    sleep(Duration::from_millis(100)).await;
}

/// What a debug endpoint would answer.
#[instrument]
async fn debug_dump() -> String {
    let dump = pending::dump().expect("the PendingLayer is installed");
    format!(
        "== every open span ({} spans)\n{dump}\n== open longer than 1s\n{}",
        dump.len(),
        dump.longer_than(Duration::from_secs(1))
    )
}

fn main() {
    let subscriber = tracing_subscriber::registry().with(PendingLayer::new());
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a runtime");
    let text = runtime.block_on(async {
        let accounts = Arc::new(Accounts::default());
        // Request 1 takes account 7's lock and never gets an answer.
        tokio::spawn(handle_request(1, 7, Arc::clone(&accounts)));
        sleep(Duration::from_millis(100)).await;
        // Request 2 waits for that lock.
        tokio::spawn(handle_request(2, 7, Arc::clone(&accounts)));
        // Requests on other accounts come and go.
        for id in 3..40 {
            tokio::spawn(handle_request(id, id % 5 + 10, Arc::clone(&accounts)));
            sleep(Duration::from_millis(35)).await;
        }
        // One more request, in flight when the debug handler dumps; the
        // debug handler's own span is running while it dumps.
        tokio::spawn(handle_request(40, 12, Arc::clone(&accounts)));
        sleep(Duration::from_millis(10)).await;
        tokio::spawn(debug_dump()).await.expect("the dump")
    });
    println!("{text}");
    // Shutting the runtime down drops the pending tasks, and their spans close.
    drop(runtime);
}
