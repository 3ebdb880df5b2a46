use instrument_runtime::instrument;

// `tracing` accepts a second `skip` when the first is empty.
#[instrument(skip(), skip(a))]
fn f(a: u32, b: u32) -> u32 {
    a + b
}

fn main() {
    let _ = f(1, 2);
}
