// `err` on a function that never returns: one error, at the `!`.
use instrument_runtime::instrument;

#[instrument(err)]
fn serve() -> ! {
    loop {
        std::thread::park();
    }
}

fn main() {
    let _: fn() -> ! = serve;
}
