use instrument_runtime::instrument;

// Each item other than a function, an `impl` block or a trait is named in
// its error (qualifiers such as `pub` and `unsafe` skipped).

#[instrument]
enum E {
    A,
}

#[instrument]
union U {
    a: u32,
}

#[instrument]
type T = u32;

#[instrument]
pub static S: u32 = 1;

#[instrument]
const C: u32 = 1;

#[instrument]
use std::fmt;

#[instrument]
unsafe extern "C" {}

#[instrument]
macro_rules! m {
    () => {};
}

fn main() {
    let _: Option<&dyn fmt::Debug> = None;
    m!();
}
