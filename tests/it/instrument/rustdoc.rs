//! rustdoc documents an instrumented function as it is written (issue 16):
//! the documentation of the fixture crate
//! `tests/fixtures/rustdoc/fixture.rs`, built on edition 2021
//! (`fixture-2021`) and 2024 (`fixture-2024`) with `cargo doc --offline`,
//! shows `async fn`, the user's own lifetimes and elisions, and none of the
//! generated names of the rewritten function.
//!
//! The fixtures are not members of the workspace (see `fixture`); both are
//! built into the fixtures' target directory.

use std::fs;
use std::path::{Path, PathBuf};

use super::fixture::{succeed, Fixture};

/// Each page of the fixture's documentation, and a signature it must show.
const SIGNATURES: &[(&str, &str)] = &[
    (
        "fn.load.html",
        "pub async fn load<S: Sync>(db: &S, id: u64) -> Option<&S>",
    ),
    (
        "struct.Store.html",
        "pub async fn get(&self, key: &str) -> Option<&str>",
    ),
    (
        "struct.Store.html",
        "pub async fn first<'a>(&'a self, keys: impl IntoIterator<Item = &'a str>) -> Option<&'a str>",
    ),
    // A trait's method implemented with an instrumented `async fn`, and a
    // trait's instrumented default body.
    (
        "struct.Store.html",
        "async fn find(&self, id: u64) -> Option<String>",
    ),
    (
        "trait.Repository.html",
        "async fn size(&self, limit: usize) -> usize",
    ),
    // Shapes whose signature the macro keeps.
    ("fn.count.html", "pub fn count(items: &[u64]) -> usize"),
    (
        "fn.prepare.html",
        "pub fn prepare(id: u64) -> impl Future<Output = u64>",
    ),
];

/// Names of the rewritten function that the documentation must not show.
const GENERATED: [&str; 3] = ["__instrument", "Captures", "__private"];

#[test]
fn rustdoc_shows_instrumented_functions_as_written_on_both_editions() {
    for edition in ["2021", "2024"] {
        let doc = build_fixture_docs(edition);
        for (page, signature) in SIGNATURES {
            let text = page_text(&doc.join(page));
            assert!(
                squeeze(&text).contains(&squeeze(signature)),
                "edition {edition}: {page} does not show `{signature}`:\n{text}"
            );
        }
        for page in html_pages(&doc) {
            let text = page_text(&page);
            for name in GENERATED {
                assert!(
                    !text.contains(name),
                    "edition {edition}: {} shows `{name}`:\n{text}",
                    page.display()
                );
            }
        }
    }
}

/// Builds the documentation of `tests/fixtures/rustdoc/fixture-EDITION`, and
/// returns the directory of its crate's pages. The fixture is checked first:
/// what is documented must be a crate that compiles, without warnings (it
/// denies them; only its own, not those of the workspace's crates it depends
/// on).
fn build_fixture_docs(edition: &str) -> PathBuf {
    let fixture = Fixture::new(&format!("rustdoc/fixture-{edition}"));
    for command in [&["check"][..], &["doc", "--no-deps"]] {
        succeed(fixture.cargo(command).env("RUSTDOCFLAGS", "-D warnings"));
    }
    fixture
        .target()
        .join("doc")
        .join(format!("rustdoc_fixture_{edition}"))
}

/// The HTML pages in `dir`.
fn html_pages(dir: &Path) -> Vec<PathBuf> {
    let pages: Vec<PathBuf> = fs::read_dir(dir)
        .expect("the crate's documentation")
        .map(|entry| entry.expect("a documentation file").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect();
    assert!(pages.len() >= SIGNATURES.len(), "{pages:?}");
    pages
}

/// The text of an HTML page: tags removed, entities decoded.
fn page_text(page: &Path) -> String {
    let html = fs::read_to_string(page)
        .unwrap_or_else(|error| panic!("reading {}: {error}", page.display()));
    let mut text = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        rest = rest[start..].split_once('>').map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    decode_entities(&text)
}

/// Decodes the entities rustdoc writes: the named ones of HTML's syntax and
/// numeric ones.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let decoded = rest.split_once(';').and_then(|(entity, after)| {
            let c = match &entity[1..] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                numeric => {
                    let code = numeric.strip_prefix('#')?;
                    let code = match code.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => code.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, after))
        });
        match decoded {
            Some((c, after)) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `signature` without whitespace, and without the trailing comma rustdoc
/// puts after the last parameter when it breaks a long signature into lines.
fn squeeze(signature: &str) -> String {
    let squeezed: String = signature.split_whitespace().collect();
    squeezed.replace(",)", ")")
}
