use instrument_runtime::{instrument, no_instrument};

#[derive(Debug)]
struct Store;

#[instrument]
impl Store {
    #[no_instrument(skip(id))]
    fn get(&self, id: u64) -> u64 {
        id
    }
}

fn main() {
    let _ = Store.get(1);
}
