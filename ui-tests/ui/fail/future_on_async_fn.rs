// `future` on an `async fn`, which is instrumented as a future already: one
// error, at `future`.
use instrument_runtime::instrument;

#[instrument(future)]
async fn f() -> u32 {
    1
}

fn main() {
    let _ = f();
}
