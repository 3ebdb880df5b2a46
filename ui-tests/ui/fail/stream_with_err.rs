use futures_core::Stream;
use instrument_runtime::instrument;

#[instrument(err)]
fn numbers(n: u32) -> impl Stream<Item = Result<u32, String>> {
    futures_util::stream::iter((0..n).map(Ok))
}

fn main() {
    let _ = numbers(3);
}
