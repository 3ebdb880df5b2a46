use instrument_runtime::instrument;

struct NotDebug;

#[instrument]
async fn f(a: u32, value: NotDebug) -> u32 {
    let NotDebug = value;
    a
}

fn main() {
    drop(f(1, NotDebug));
}
