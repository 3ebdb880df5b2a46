use instrument_runtime::{instrument, Id};

fn parent_of<A, B>() -> Option<Id> {
    None
}

// One error for the misspelt name; its value, comma and all, is skipped, and
// the next argument is still checked.
#[instrument(parnet = parent_of::<u8, u16>(), skip(b))]
fn f(a: u32) -> u32 {
    a
}

fn main() {
    let _ = f(1);
}
