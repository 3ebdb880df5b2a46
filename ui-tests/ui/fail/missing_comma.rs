use instrument_runtime::instrument;

// `tracing` reads arguments without commas as if they had them.
#[instrument(err ret level = "debug")]
fn f(a: u32) -> Result<u32, String> {
    Ok(a)
}

fn main() {
    let _ = f(1);
}
