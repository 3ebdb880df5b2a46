use instrument_runtime::instrument;

#[instrument(skip(a), skip(b))]
fn f(a: u32, b: u32) -> Result<u32, String> {
    Ok(a + b)
}

fn main() {
    let _ = f(1, 2);
}
