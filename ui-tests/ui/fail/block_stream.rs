use instrument_runtime::instrument;

#[derive(Debug)]
struct Store;

#[instrument(stream)]
impl Store {
    fn get(&self, id: u64) -> u64 {
        id
    }
}

fn main() {
    let _ = Store.get(1);
}
