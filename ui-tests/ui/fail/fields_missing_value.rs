use instrument_runtime::instrument;

#[instrument(fields(x = 1, y = ))]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
