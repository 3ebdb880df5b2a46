// outcome on a sync fn: a guard records a panic.
#[instrument(outcome)]
fn compute(n: u64) -> u64 {
    n * 2
}
