#![deny(unused_variables)]

use instrument_runtime::instrument;

// A skipped parameter the body does not use is unused, as without the
// attribute (and with `tracing`'s).
#[instrument(skip(a))]
fn f(a: u32, b: u32) -> u32 {
    b
}

fn main() {
    let _ = f(1, 2);
}
