use instrument_runtime::instrument;

#[instrument]
fn f() -> u32 {
    "x"
}

fn main() {
    let _ = f();
}
