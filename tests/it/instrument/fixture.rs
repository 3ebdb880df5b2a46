//! Crates outside the workspace that a test builds with cargo, in
//! `tests/fixtures/` (`rustdoc`, `max_level`, `off_switch`, `clippy`): each
//! is pinned to the workspace's `Cargo.lock` (copied next to it, ignored by
//! git), whose crates the workspace's own build has downloaded already, so
//! cargo runs `--offline`.
//! All of them build into one directory, `TARGET/fixtures`, so their common
//! dependencies compile once (cargo's lock on it serializes the builds of
//! tests running in parallel, which two cores could not overlap anyway).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) struct Fixture {
    dir: PathBuf,
    target: PathBuf,
}

impl Fixture {
    /// The fixture in `tests/fixtures/DIR`.
    pub(crate) fn new(dir: &str) -> Fixture {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ is in the workspace");
        let dir = workspace.join("tests").join("fixtures").join(dir);
        fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("copying the workspace's Cargo.lock");
        Fixture {
            dir,
            target: target_dir().join("fixtures"),
        }
    }

    /// `cargo COMMAND.. --offline --manifest-path FIXTURE/Cargo.toml`.
    pub(crate) fn cargo(&self, command: &[&str]) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cargo = Command::new(cargo);
        cargo
            .args(command)
            .args(["--offline", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target);
        cargo
    }

    /// Where the fixture is built.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }
}

/// Runs `command` (a [`Fixture::cargo`]), which must succeed; its output.
pub(crate) fn succeed(command: &mut Command) -> Output {
    let output = command.output().expect("running cargo");
    assert!(
        output.status.success(),
        "{command:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The target directory this test binary was built in
/// (`TARGET/PROFILE/deps/it-HASH`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("the test binary is in TARGET/PROFILE/deps")
        .to_owned()
}
