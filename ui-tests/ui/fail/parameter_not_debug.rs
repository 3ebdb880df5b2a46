use instrument_runtime::instrument;

struct NotDebug;

#[instrument]
fn f(a: u32, value: NotDebug) -> u32 {
    let NotDebug = value;
    a
}

fn main() {
    let _ = f(1, NotDebug);
}
