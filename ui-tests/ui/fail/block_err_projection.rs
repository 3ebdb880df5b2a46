use instrument_runtime::instrument;

trait Service {
    type Output;

    fn call(&self, req: u32) -> Self::Output;
}

#[derive(Debug)]
struct Parse;

#[instrument(err)]
impl Service for Parse {
    type Output = Result<u32, String>;

    fn call(&self, req: u32) -> Self::Output {
        Ok(req)
    }
}

fn main() {
    let _ = Parse.call(1);
}
