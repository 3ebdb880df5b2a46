use instrument_runtime::instrument;

#[instrument(err(Foo))]
fn f(a: u32) -> Result<u32, String> {
    Ok(a)
}

fn main() {
    let _ = f(1);
}
