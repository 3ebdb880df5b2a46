//! Compile-fail and compile-pass cases for `#[instrument]` and the span
//! macros (trybuild).
//!
//! Accept new compiler output for one case with
//! `TRYBUILD=overwrite cargo test -p instrument-ui-tests -- ui trybuild=NAME.rs`
//! and read the diff: each `.stderr` must show exactly the intended error.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
