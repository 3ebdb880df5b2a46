use instrument_runtime::instrument;

#[derive(Debug)]
struct Error;

#[instrument(err(Display))]
fn f(a: u32) -> Result<u32, Error> {
    if a == 0 {
        Err(Error)
    } else {
        Ok(a)
    }
}

fn main() {
    let _ = f(1);
}
