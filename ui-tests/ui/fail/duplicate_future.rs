use std::future::Future;

use instrument_runtime::instrument;

#[instrument(future, future)]
fn f(a: u32) -> impl Future<Output = u32> {
    async move { a }
}

fn main() {
    drop(f(1));
}
