use instrument_runtime::instrument;

#[derive(Debug)]
struct Store {
    name: &'static str,
}

#[instrument(fields(store = self.name))]
impl Store {
    fn new(name: &'static str) -> Self {
        Store { name }
    }

    fn get(&self, id: u64) -> u64 {
        id
    }
}

fn main() {
    let _ = Store::new("users").get(1);
}
