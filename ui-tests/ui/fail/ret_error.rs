use instrument_runtime::instrument;

#[instrument(ret(Error))]
fn f(a: u32) -> Result<u32, std::io::Error> {
    Ok(a)
}

fn main() {
    let _ = f(1);
}
