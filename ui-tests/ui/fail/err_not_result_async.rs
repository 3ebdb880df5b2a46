use instrument_runtime::instrument;

#[instrument(err)]
async fn f(a: u32) -> u32 {
    a
}

fn main() {
    drop(f(1));
}
