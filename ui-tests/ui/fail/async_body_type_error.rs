use instrument_runtime::instrument;

#[instrument]
async fn f(a: u32) -> u32 {
    let x: u32 = "s";
    a + x
}

fn main() {
    drop(f(1));
}
