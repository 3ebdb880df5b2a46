#![deny(unused_variables)]

use instrument_runtime::instrument;

// The arguments are wrong, so the function is emitted as written. Its
// parameters, which the span would have recorded, are not reported as
// unused: the one error is the argument's.
#[instrument(levle = "debug")]
fn f(a: u64, b: u64) -> u64 {
    1
}

fn main() {
    let _ = f(1, 2);
}
