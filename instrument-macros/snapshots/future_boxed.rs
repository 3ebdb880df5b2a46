// A boxed future whose body is only an async block: as an `async fn`.
#[instrument]
fn boxed(id: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move { id + 1 })
}
