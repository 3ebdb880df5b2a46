// A function returning a future through an alias the macro cannot see
// through, whose body ends in an async block: one error, at the return
// type, saying to add `future`.
use std::future::Future;
use std::pin::Pin;

use instrument_runtime::instrument;

type Job = Pin<Box<dyn Future<Output = u32> + Send>>;

#[instrument]
fn job(n: u32) -> Job {
    Box::pin(async move { n })
}

#[instrument]
fn bare(n: u32) -> impl Send {
    async move { n }
}

fn main() {
    let _ = job(1);
    let _ = bare(1);
}
