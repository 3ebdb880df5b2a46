use instrument_runtime::{instrument, Span};

#[derive(Debug)]
struct Store;

#[instrument(parent = parent)]
impl Store {
    fn get(&self, parent: &Span, id: u64) -> u64 {
        let _ = parent;
        id
    }

    fn len(&self) -> u64 {
        0
    }
}

fn main() {
    let _ = Store.get(&Span::none(), 1) + Store.len();
}
