use instrument_runtime::instrument;

struct NotDebug;

#[instrument(ret)]
async fn f(a: u32) -> NotDebug {
    let _ = a;
    NotDebug
}

fn main() {
    drop(f(1));
}
