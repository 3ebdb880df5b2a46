//! The integration tests of `instrument-runtime` and `#[instrument]`, in one
//! binary: linking tokio and `tracing-subscriber` once instead of once per
//! topic. The tests here use scoped dispatchers only, never a global
//! default, so they run in parallel in this one process.
//!
//! Tests that need a process of their own (a global default dispatcher, or
//! no other dispatcher alive) are separate binaries in `tests/own_process/`.
//! Those that need a build of their own (a feature of one build, what
//! rustdoc or clippy sees) are in `fixtures/`: they drive the crates in
//! `tests/fixtures/` with cargo. `readme` checks that the README's Rust code
//! is code that is built.

mod compat;
mod fixtures;
mod instrument;
mod pending;
mod readme;
mod reliability;
mod runtime;
