use std::pin::Pin;

use futures_core::Stream;
use instrument_runtime::instrument;

type Numbers = Pin<Box<dyn Stream<Item = u32> + Send>>;

#[instrument(stream, future)]
fn numbers(n: u32) -> Numbers {
    Box::pin(futures_util::stream::iter(0..n))
}

fn main() {
    let _ = numbers(3);
}
