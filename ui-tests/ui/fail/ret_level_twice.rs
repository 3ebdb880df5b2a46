use instrument_runtime::instrument;

#[instrument(ret(level = "debug", level = "info"))]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
