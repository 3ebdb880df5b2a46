use instrument_runtime::instrument;

#[instrument]
fn f(a: u32) -> u32 {
    let b = a +;
    b
}

fn main() {
    let _ = f(1);
}
