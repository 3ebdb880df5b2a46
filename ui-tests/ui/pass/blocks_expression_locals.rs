//! A block's `fields` expression may bind names of its own (`let`, closure
//! parameters): they are not the methods' parameters, so that only some
//! methods have a parameter of that name is no error.

#![deny(warnings)]

use instrument_runtime::instrument;

#[derive(Debug)]
struct Store {
    items: Vec<u8>,
}

#[instrument(fields(
    first = { let id = 1_u8; id },
    total = self.items.iter().map(|item| u32::from(*item)).sum::<u32>(),
))]
impl Store {
    fn get(&self, id: u8) -> u8 {
        id
    }

    fn put(&mut self, item: u8) {
        self.items.push(item);
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

fn main() {
    let mut store = Store { items: Vec::new() };
    store.put(1);
    let _ = (store.get(1), store.len());
}
