use instrument_runtime::instrument;

#[derive(Debug)]
struct Store;

#[instrument(skip(conn))]
impl Store {
    fn get(&self, id: u64) -> u64 {
        id
    }

    fn put(&self, id: u64, value: u64) -> u64 {
        id + value
    }
}

fn main() {
    let _ = Store.get(1) + Store.put(2, 3);
}
