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

/// An error that is a reference, its lifetime elided.
#[derive(Debug)]
struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failure")
    }
}

impl std::error::Error for Failure {}

#[instrument(err(Error))]
fn g(failure: &Failure) -> Result<u32, &Failure> {
    Err(failure)
}

/// A future returner: the error is found in the future's `Output`.
#[instrument(err(Error))]
fn later(input: &str) -> impl std::future::Future<Output = Result<u32, Borrowed<'_>>> {
    std::future::ready(Err(Borrowed(input)))
}

// The error type given through a `macro_rules!` fragment, which the macro
// receives in an invisible group: named as written all the same.
macro_rules! returns {
    ($error:ty) => {
        #[instrument(err(Error))]
        fn h(input: &str) -> Result<u32, $error> {
            Err(Borrowed(input))
        }
    };
}

returns!(Borrowed<'_>);

fn main() {
    let _ = f("x");
    let _ = g(&Failure);
    let _ = later("x");
    let _ = h("x");
}
