// detached, and crate = path for a re-exported runtime.
#[instrument(detached, crate = my::runtime, skip_all)]
async fn background(jobs: Vec<Job>) {
    run(jobs).await;
}
