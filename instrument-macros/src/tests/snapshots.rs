//! Expansion snapshots: for each input in `snapshots/NAME.rs`, the macro's
//! output, formatted with rustfmt, is committed as
//! `snapshots/NAME.expanded.rs`. The test fails when an output changes, so a
//! reviewer sees in the diff what a change does to the emitted code.
//!
//! An input is one item whose first attribute is `#[instrument(..)]` (it
//! is expanded as the attribute would expand it for the compiler, or, in
//! `reader_*.rs`, for rustdoc and rust-analyzer), or, in `span_*.rs`, one
//! `span!(..)` invocation (expanded as `instrument_runtime::span!` expands
//! it). After a change that is meant to change the output, rewrite the
//! snapshots and read the diff:
//!
//! ```text
//! SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots
//! git diff instrument-macros/snapshots
//! ```

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::host::Host;
use crate::{instrument_for, span_macro};

const EXPANDED: &str = ".expanded.rs";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

/// The inputs, by name, in order.
fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("reading snapshots/")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            let name = path.to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(EXPANDED)
        })
        .collect();
    inputs.sort();
    inputs
}

/// The expansion of the input file `path`.
fn expand(path: &Path) -> TokenStream {
    let text = std::fs::read_to_string(path).expect("reading an input");
    let file = syn::parse_file(&text).expect("an input parses as a file");
    let [item] = file.items.as_slice() else {
        panic!("{}: one item per input", path.display());
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_span = name.starts_with("span_");
    let host = if name.starts_with("reader_") {
        Host::Reader
    } else {
        Host::Compiler
    };
    if is_span {
        let syn::Item::Macro(invocation) = item else {
            panic!("{}: a `span!(..)` invocation", path.display());
        };
        let input = &invocation.mac.tokens;
        return span_macro::expand(quote!(::instrument_runtime; _; #input));
    }
    let mut item = item.clone();
    let attrs = attributes(&mut item).unwrap_or_else(|| panic!("{}: an item", path.display()));
    assert!(
        attrs
            .first()
            .is_some_and(|a| a.path().is_ident("instrument")),
        "{}: the item's first attribute is `#[instrument(..)]`",
        path.display()
    );
    let attr = attrs.remove(0);
    let args = match attr.meta {
        syn::Meta::Path(_) => TokenStream::new(),
        syn::Meta::List(list) => list.tokens,
        syn::Meta::NameValue(_) => panic!("{}: `#[instrument = ..]`", path.display()),
    };
    instrument_for(host, args, item.into_token_stream())
}

fn attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Fn(f) => Some(&mut f.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Trait(t) => Some(&mut t.attrs),
        _ => None,
    }
}

/// `tokens` formatted by rustfmt, as a file of items (a `span!` expansion
/// is an expression: it is formatted as a `const`'s value).
fn format(tokens: &TokenStream, expression: bool) -> String {
    let source = if expression {
        format!("const _: () = {tokens};")
    } else {
        tokens.to_string()
    };
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running rustfmt (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .expect("rustfmt's stdin")
        .write_all(source.as_bytes())
        .expect("writing to rustfmt");
    let output = child.wait_with_output().expect("waiting for rustfmt");
    assert!(
        output.status.success(),
        "rustfmt could not format the expansion:\n{}\n{source}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("rustfmt writes UTF-8")
}

#[test]
fn snapshots() {
    let bless = std::env::var_os("SNAPSHOT_BLESS").is_some();
    let mut stale = String::new();
    let inputs = inputs();
    assert!(inputs.len() >= 12, "the snapshot inputs are in snapshots/");
    for input in &inputs {
        let name = input.file_stem().expect("a file name").to_string_lossy();
        let expanded = dir().join(format!("{name}{EXPANDED}"));
        let fresh = format!(
            "// The expansion of {name}.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p \
             instrument-macros snapshots`).\n\n{}",
            format(&expand(input), name.starts_with("span_"))
        );
        if bless {
            std::fs::write(&expanded, &fresh).expect("writing a snapshot");
            continue;
        }
        let committed = std::fs::read_to_string(&expanded).unwrap_or_default();
        if committed != fresh {
            let _ = writeln!(stale, "{}", expanded.display());
        }
    }
    // A snapshot without its input is stale too.
    for entry in std::fs::read_dir(dir()).expect("reading snapshots/") {
        let path = entry.expect("a directory entry").path();
        let name = path.to_string_lossy().into_owned();
        if let Some(input) = name.strip_suffix(EXPANDED) {
            if !Path::new(&format!("{input}.rs")).exists() {
                let _ = writeln!(stale, "{name} (its input is gone)");
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the expansion changed; read the difference, and if it is intended rerun with \
         SNAPSHOT_BLESS=1:\n{stale}"
    );
}
