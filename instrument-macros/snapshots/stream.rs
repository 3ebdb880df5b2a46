// A stream returner: the span opens at the call, the stream is polled and
// dropped inside it.
#[instrument]
fn numbers(n: u64) -> impl Stream<Item = u64> {
    stream::iter(0..n)
}
