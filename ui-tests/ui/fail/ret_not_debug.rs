use instrument_runtime::instrument;

struct NotDebug;

#[instrument(ret)]
fn f(a: u32) -> NotDebug {
    let _ = a;
    NotDebug
}

fn main() {
    let _ = f(1);
}
