use std::future::Future;
use std::pin::Pin;

use instrument_runtime::instrument;

type Task<T> = Pin<Box<dyn Future<Output = T> + Send>>;

#[derive(Debug)]
struct Store;

#[instrument(future)]
impl Store {
    fn get(&self, id: u64) -> Task<u64> {
        Box::pin(async move { id })
    }
}

fn main() {
    let _ = Store.get(1);
}
