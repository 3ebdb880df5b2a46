use std::future::Future;
use std::pin::Pin;

use instrument_runtime::instrument;

type Task<T> = Pin<Box<dyn Future<Output = T> + Send>>;

#[derive(Debug)]
struct Store;

#[instrument(err)]
impl Store {
    fn check(&self) -> Result<(), String> {
        Ok(())
    }

    #[instrument(future, skip(self))]
    fn load(&self, id: u64) -> Task<Result<u64, String>> {
        Box::pin(async move { Ok(id) })
    }
}

fn main() {
    let _ = (Store.check(), Store.load(1));
}
