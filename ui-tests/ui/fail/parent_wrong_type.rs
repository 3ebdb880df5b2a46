use instrument_runtime::instrument;

// `parent` must be `Into<Option<Id>>`: the error is at the expression, as it
// is for `span!(parent: ..)`.
#[instrument(parent = "not a span")]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
