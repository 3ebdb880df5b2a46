// err on a boxed future returner with a sync prelude and an early return:
// the prelude runs in a closure that catches a panic; the early return
// leaves it instrumented already.
#[instrument(err)]
fn fetch(id: u64) -> Pin<Box<dyn Future<Output = Result<u64, Error>> + Send>> {
    let key = id.checked_mul(2);
    let Some(key) = key else {
        return Box::pin(ready(Err(Error)));
    };
    Box::pin(async move { Ok(key) })
}
