use instrument_runtime::instrument;

#[derive(Debug)]
struct Cache<T> {
    value: T,
}

#[instrument(err)]
impl<T: Clone + std::fmt::Debug> Cache<T> {
    fn load(&self) -> Result<T, String> {
        Ok(self.value.clone())
    }

    fn get(&self) -> T {
        self.value.clone()
    }
}

fn main() {
    let cache = Cache { value: 1 };
    let _ = (cache.load(), cache.get());
}
