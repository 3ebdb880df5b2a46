//! The static off switch (issue 12): with the runtime's `max_level_off`, and
//! with `release_max_level_off` in a build without `debug_assertions`,
//! `#[instrument]` leaves the plain function. The fixture crate
//! `tests/fixtures/off_switch` checks from inside that its instrumented
//! futures have the plain ones' sizes and types and that nothing reaches a
//! subscriber, and prints `plain` or `instrumented`; it is not a member of
//! the workspace, since its features would otherwise apply to every test.

use super::fixture::{succeed, Fixture};

/// Runs the fixture with `args`, and returns what it printed.
fn run(args: &[&str]) -> String {
    let fixture = Fixture::new("off_switch");
    let output = succeed(fixture.cargo(&["run", "--quiet"]).args(args));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn max_level_off_leaves_the_plain_functions() {
    assert_eq!(run(&["--features", "off"]), "plain");
}

#[test]
fn release_max_level_off_leaves_the_plain_functions_only_without_debug_assertions() {
    assert_eq!(run(&["--features", "release-off"]), "instrumented");
    assert_eq!(run(&["--release", "--features", "release-off"]), "plain");
}
