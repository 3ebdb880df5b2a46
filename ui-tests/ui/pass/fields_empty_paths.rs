//! `field::Empty` is an ordinary value, as in `tracing`: it needs `field` in
//! scope, the import counts as used, and any path to it works.

#![deny(warnings)]

use instrument_runtime::{field, info_span, instrument, Span};

#[instrument(fields(later = field::Empty, full = instrument_runtime::field::Empty))]
fn f(a: u32) {
    Span::current().record("later", a).record("full", a);
}

#[instrument(fields(later = field::Empty))]
async fn g(a: u32) {
    Span::current().record("later", a);
}

fn main() {
    f(1);
    drop(g(1));
    let span = info_span!("late", status = field::Empty, other = instrument_runtime::field::Empty);
    span.record("status", 200_u16);
}
