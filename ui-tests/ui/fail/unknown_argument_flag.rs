use instrument_runtime::instrument;

// `tracing` warns and ignores `debug`: the span stays at INFO.
#[instrument(debug)]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
