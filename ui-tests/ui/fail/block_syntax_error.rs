use instrument_runtime::instrument;

#[derive(Debug)]
struct S;

// A method whose body does not parse: the block (attributes before it
// included) is left to rustc, which reports the user's own syntax error,
// once.
#[instrument]
#[allow(clippy::all)]
impl S {
    fn f(&self, a: u32) -> u32 {
        let b = a +;
        b
    }
}

// The same for a trait with a restricted visibility.
#[instrument]
pub(crate) trait Shape {
    fn area(&self) -> u32 {
        let a = 2 *;
        a
    }
}

fn main() {
    let _ = S.f(1);
}
