//! `level = Level::WARN` with `Level` imported for the attribute, as a crate
//! migrated from `tracing` writes it (with `use tracing::Level;` there):
//! the import is used, so no `unused_imports` warning.

#![deny(warnings)]

use instrument_runtime::{instrument, Level};

#[instrument(level = Level::WARN)]
fn f() {}

fn main() {
    f();
}
