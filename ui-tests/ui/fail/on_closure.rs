use instrument_runtime::instrument;

fn main() {
    let f = #[instrument]
    |a: u32| a + 1;
    let _ = f(1);
}
