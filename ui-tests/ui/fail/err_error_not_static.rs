use instrument_runtime::instrument;

/// An error that borrows: not `'static`, so it cannot be a `dyn Error + 'static`.
#[derive(Debug)]
struct Borrowed<'a>(&'a str);

impl std::fmt::Display for Borrowed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Borrowed<'_> {}

#[instrument(err(Error))]
fn f(input: &str) -> Result<u32, Borrowed<'_>> {
    Err(Borrowed(input))
}

fn main() {
    let _ = f("x");
}
