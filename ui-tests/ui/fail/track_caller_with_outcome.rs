use instrument_runtime::instrument;

#[track_caller]
#[instrument(outcome)]
fn caller_line() -> u32 {
    std::panic::Location::caller().line()
}

fn main() {
    let _ = caller_line();
}
