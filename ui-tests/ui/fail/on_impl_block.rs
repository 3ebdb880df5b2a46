use instrument_runtime::instrument;

struct S;

#[instrument]
impl S {
    fn f(&self) -> u32 {
        1
    }
}

fn main() {
    let _ = S.f();
}
