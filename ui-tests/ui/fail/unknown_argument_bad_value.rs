use instrument_runtime::instrument;

// The value of an unknown argument does not parse: it is skipped up to the
// next comma, and the next argument is still checked.
#[instrument(verbosity = =, skip(b))]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
