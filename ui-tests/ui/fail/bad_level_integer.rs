use instrument_runtime::instrument;

#[instrument(level = 6)]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
