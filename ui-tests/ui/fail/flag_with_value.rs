use instrument_runtime::instrument;

// `tracing` warns about `= false` and turns `ret` on.
#[instrument(ret = false)]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
