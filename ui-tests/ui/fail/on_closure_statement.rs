use instrument_runtime::instrument;

fn main() {
    #[instrument]
    let f = |a: u32| a + 1;
    let _ = f(1);
}
