use instrument_runtime::instrument;

#[instrument(skip(a, b, a))]
fn f(a: u32, b: u32) -> u32 {
    a + b
}

fn main() {
    let _ = f(1, 2);
}
