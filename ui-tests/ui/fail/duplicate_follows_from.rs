use instrument_runtime::instrument;

#[instrument(follows_from = [None::<instrument_runtime::Id>], follows_from = [])]
fn f(a: u32, b: u32) -> Result<u32, String> {
    Ok(a + b)
}

fn main() {
    let _ = f(1, 2);
}
