// err(Error) on an `async fn`: the error is recorded with its sources.
#[instrument(err(Error))]
async fn save(order: u64) -> Result<(), SaveError> {
    store(order).await
}
