use instrument_runtime::instrument;

#[instrument(detached, parent = None)]
fn f(a: u32) -> u32 {
    a + 1
}

fn main() {
    let _ = f(1);
}
