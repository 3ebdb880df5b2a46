use instrument_runtime::instrument;

#[derive(Debug)]
struct Store;

#[instrument(level = "debug")]
impl Store {
    #[instrument(skip(idd))]
    fn get(&self, id: u64) -> u64 {
        id
    }

    fn len(&self) -> u64 {
        0
    }
}

fn main() {
    let _ = Store.get(1) + Store.len();
}
