//! Which tool is expanding the macro. The compiler builds the instrumented
//! function; rustdoc and rust-analyzer only read it, and show their users
//! what they read: the signature on a documentation page or in a hover, the
//! types of the body's bindings as inlay hints. For them the function is
//! emitted as it is written, with its span opened at the top of its body,
//! so that the signature reads as written, the body is analysed as plain
//! code, and the attribute's own expressions are still checked. Nothing is
//! put under a `cfg` that an editor would show as inactive code.
//!
//! A procedural macro runs inside the process of the tool that expands it:
//! `rustdoc`, or rust-analyzer's proc-macro server
//! (`rust-analyzer-proc-macro-srv`, or `rust-analyzer proc-macro`), both
//! told apart from `rustc` (and `clippy-driver`, Miri, ...) by the name of
//! the executable.

use std::sync::OnceLock;

/// What the output of the macro is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Host {
    /// Compiled and run: the instrumented function.
    Compiler,
    /// Read by rustdoc or an editor: the function as written, opening its
    /// span.
    Reader,
}

/// The host of this process, decided once.
pub(crate) fn current() -> Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    *HOST.get_or_init(|| {
        let exe = std::env::current_exe().ok();
        let name = exe
            .as_deref()
            .and_then(std::path::Path::file_stem)
            .and_then(std::ffi::OsStr::to_str);
        name.map_or(Host::Compiler, of_executable)
    })
}

/// The host an executable of this name (without its extension) is.
fn of_executable(name: &str) -> Host {
    if name == "rustdoc" || name.starts_with("rust-analyzer") {
        Host::Reader
    } else {
        Host::Compiler
    }
}

#[cfg(test)]
mod tests {
    use super::{Host, of_executable};

    #[test]
    fn readers_are_rustdoc_and_rust_analyzer() {
        for reader in ["rustdoc", "rust-analyzer", "rust-analyzer-proc-macro-srv"] {
            assert_eq!(of_executable(reader), Host::Reader, "{reader}");
        }
        for compiler in [
            "rustc",
            "clippy-driver",
            "miri",
            "rustc-wrapper",
            "my-rustdoc",
        ] {
            assert_eq!(of_executable(compiler), Host::Compiler, "{compiler}");
        }
    }
}
