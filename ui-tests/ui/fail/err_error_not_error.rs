use instrument_runtime::instrument;

/// Has `Display` and `Debug`, but does not implement `std::error::Error`.
#[derive(Debug)]
struct NotAnError;

impl std::fmt::Display for NotAnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an error")
    }
}

#[instrument(err(Error))]
fn f(fail: bool) -> Result<u32, NotAnError> {
    if fail {
        Err(NotAnError)
    } else {
        Ok(1)
    }
}

fn main() {
    let _ = f(true);
}
