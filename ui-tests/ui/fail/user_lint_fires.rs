#![deny(unused_variables)]

use instrument_runtime::instrument;

#[instrument]
async fn f(a: u32) -> u32 {
    let unused = 1;
    a
}

fn main() {
    drop(f(1));
}
