// Another attribute after ours needs an `async fn`: the signature stays and
// the body awaits the instrumented future.
#[instrument]
#[tokio::test]
async fn runs() {
    work().await;
}
