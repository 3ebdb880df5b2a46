use instrument_runtime::instrument;

#[instrument]
struct S {
    a: u32,
}

fn main() {
    let s = S { a: 1 };
    let _ = s.a;
}
