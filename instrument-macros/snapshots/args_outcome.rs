// outcome on an `async fn`: ok, err, cancelled or panicked, recorded once.
#[instrument(outcome, ret)]
async fn call(id: u64) -> Result<u64, Error> {
    remote(id).await
}
