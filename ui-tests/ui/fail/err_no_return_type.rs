use instrument_runtime::instrument;

#[instrument(err)]
fn f(a: u32) {
    let _ = a;
}

fn main() {
    f(1);
}
