use instrument_runtime::instrument;
use std::future::Future;

// The prelude of a future returner with `err` runs in a closure, to catch a
// panic: `Location::caller()` in it would name the closure.
#[instrument(err)]
#[track_caller]
fn f(x: u32) -> impl Future<Output = Result<u32, String>> {
    let caller = std::panic::Location::caller();
    async move { Ok(x + caller.line()) }
}

fn main() {
    drop(f(1));
}
