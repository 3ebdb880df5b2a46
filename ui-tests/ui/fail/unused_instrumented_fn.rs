#![deny(dead_code)]

use instrument_runtime::instrument;

// An instrumented function nothing calls is dead code, as without the
// attribute.
#[instrument]
fn never_called(a: u32) -> u32 {
    a
}

fn main() {}
