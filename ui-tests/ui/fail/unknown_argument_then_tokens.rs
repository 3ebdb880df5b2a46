// An unknown argument followed by more tokens before the next comma: one
// error, at the unknown name; the rest up to the comma is skipped, and the
// arguments after it are still read (`levle` gets its own error).
use instrument_runtime::instrument;

#[instrument(colour red blue, levle = "info")]
fn f() {}

fn main() {
    f();
}
