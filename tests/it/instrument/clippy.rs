//! What `#[instrument]` generates is clippy-clean in a user's crate: the
//! fixture crate `tests/fixtures/clippy` denies warnings, clippy's pedantic
//! lints and the restriction lints the generated statements could trigger,
//! and has a case for each statement of the macro's allow-lists. trybuild's
//! pass cases check rustc's lints only, and the workspace's own clippy run
//! does not lint expansions in a user's crate.

use super::fixture::{succeed, Fixture};

#[test]
fn generated_code_is_clippy_clean_under_pedantic() {
    let fixture = Fixture::new("clippy");
    succeed(&mut fixture.cargo(&["clippy", "--quiet"]));
}
