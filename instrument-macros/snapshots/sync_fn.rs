// A sync fn: the span opens at the call and is entered for the body.
#[instrument]
fn add(a: u64, b: u64) -> u64 {
    a + b
}
