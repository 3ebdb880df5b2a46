use instrument_runtime::instrument;

#[instrument]
mod m {
    pub fn f() -> u32 {
        1
    }
}

fn main() {
    let _ = m::f();
}
