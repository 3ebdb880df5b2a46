use instrument_runtime::instrument;

#[derive(Debug)]
struct Store;

#[instrument(levle = "debug")]
impl Store {
    fn get(&self, id: u64) -> u64 {
        id
    }

    async fn fetch(&self, id: u64) -> u64 {
        id
    }
}

fn main() {
    let _ = (Store.get(1), Store.fetch(2));
}
