use instrument_runtime::instrument;

#[instrument(outcome, fields(outcome = "mine"))]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
