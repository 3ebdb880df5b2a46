use instrument_runtime::instrument;

#[instrument(skip(b))]
fn f(a: u32, c: u32) -> u32 {
    a + c
}

fn main() {
    let _ = f(1, 2);
}
