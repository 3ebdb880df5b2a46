use instrument_runtime::instrument;

trait T {
    #[instrument]
    fn f(&self) -> u32;
}

struct S;

impl T for S {
    fn f(&self) -> u32 {
        1
    }
}

fn main() {
    let _ = S.f();
}
