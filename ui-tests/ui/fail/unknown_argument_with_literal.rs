use instrument_runtime::instrument;

// `tracing` warns about `nmae` and `=`, then takes the literal as the name.
#[instrument(nmae = "fetch")]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
