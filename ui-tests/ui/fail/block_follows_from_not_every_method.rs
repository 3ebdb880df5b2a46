use instrument_runtime::{instrument, Id};

#[derive(Debug)]
struct Store;

#[instrument(follows_from = [cause.clone()])]
impl Store {
    fn get(&self, cause: Option<Id>, id: u64) -> u64 {
        let _ = cause;
        id
    }

    fn len(&self) -> u64 {
        0
    }
}

fn main() {
    let _ = Store.get(None, 1) + Store.len();
}
