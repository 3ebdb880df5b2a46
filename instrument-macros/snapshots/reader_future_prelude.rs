// For rustdoc and rust-analyzer: a future returner with a sync prelude, as
// written.
#[instrument(level = "debug")]
fn fetch(id: u64) -> impl Future<Output = u64> {
    let key = id * 2;
    async move { key }
}
