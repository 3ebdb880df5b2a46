use instrument_runtime::instrument;

#[instrument(stream)]
async fn numbers(n: u32) -> Vec<u32> {
    (0..n).collect()
}

fn main() {
    let _ = numbers(3);
}
