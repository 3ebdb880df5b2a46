//! PENDING (not run): `field::Empty` through an imported `field` module.
//!
//! Fails today: `fields(..)` recognises `field::Empty` by its last two path
//! segments and drops its tokens (fields.rs `is_field_empty`), so the
//! `use instrument_runtime::field;` that the user wrote for it is reported as
//! an unused import (an error under `deny(warnings)`), and a path that does
//! not exist (`nowhere::field::Empty`) compiles.

#![deny(warnings)]

use instrument_runtime::{field, instrument, Span};

#[instrument(fields(later = field::Empty))]
fn f(a: u32) {
    Span::current().record("later", a);
}

#[instrument(fields(later = field::Empty))]
async fn g(a: u32) {
    Span::current().record("later", a);
}

fn main() {
    f(1);
    drop(g(1));
}
