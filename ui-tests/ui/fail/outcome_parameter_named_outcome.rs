use instrument_runtime::instrument;

#[instrument(outcome)]
fn f(outcome: u32) -> u32 {
    outcome
}

fn main() {
    let _ = f(1);
}
