use instrument_runtime::instrument;

#[instrument]
const fn f(a: u32) -> u32 {
    a
}

const A: u32 = f(1);

fn main() {
    let _ = f(A);
}
