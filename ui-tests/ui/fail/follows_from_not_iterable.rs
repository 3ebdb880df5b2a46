// A `follows_from` value that is no iterator of span ids: one error, at the
// expression.
use instrument_runtime::instrument;

#[instrument(follows_from = 7_u32)]
fn f() {}

fn main() {
    f();
}
