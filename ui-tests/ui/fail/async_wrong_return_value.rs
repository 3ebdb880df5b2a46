use instrument_runtime::instrument;

#[instrument]
async fn f() -> u32 {
    "x"
}

fn main() {
    drop(f());
}
