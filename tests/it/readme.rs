//! The README's Rust code is code that is built: every ```` ```rust ````
//! block of `README.md` is, byte for byte, a region of one of [`SOURCES`]
//! between a `// README begin` line and a `// README end` line, and every
//! such region is shown. The sources are this module (its quick-start
//! snippet is run below), the demo example, and the OTLP pipeline of
//! `tests/otel` (run against a receiver by `tests/otel/tests/otlp.rs`).
//!
//! Blocks in other languages (`sh`, `toml`, `text`) are not compiled; every
//! block must say its language, so that none is left out by accident.

use instrument_tests::both_runtimes;

// README begin
use instrument_runtime::instrument;
use tokio::task::JoinSet;

#[instrument(skip(db), err)]
async fn load_orders(db: &Db, user: u64) -> Result<Vec<Order>, DbError> {
    let orders = db.orders(user).await?;
    let mut prices = JoinSet::new();
    for order in &orders {
        prices.spawn(price(order.id)); // each `price` span is a child of `load_orders`
    }
    tracing::info!(count = orders.len(), "loaded"); // an event in `load_orders`
    prices.join_all().await;
    Ok(orders)
}

#[instrument(ret)]
async fn price(order: u64) -> u64 {
    order * 100
}
// README end

struct Db;

#[derive(Debug)]
struct Order {
    id: u64,
}

#[derive(Debug)]
struct DbError;

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("database unavailable")
    }
}

impl Db {
    async fn orders(&self, user: u64) -> Result<Vec<Order>, DbError> {
        tokio::task::yield_now().await;
        match user {
            0 => Err(DbError),
            _ => Ok(vec![Order { id: 1 }, Order { id: 2 }]),
        }
    }
}

/// The files whose marked regions the README may show, each built by
/// `cargo test --workspace`: this module, an example of the runtime, and the
/// library of `tests/otel`.
const SOURCES: &[(&str, &str)] = &[
    ("tests/it/readme.rs", include_str!("readme.rs")),
    (
        "instrument-runtime/examples/demo.rs",
        include_str!("../../instrument-runtime/examples/demo.rs"),
    ),
    (
        "tests/otel/src/otlp.rs",
        include_str!("../otel/src/otlp.rs"),
    ),
];

const README: &str = include_str!("../../README.md");

const BEGIN: &str = "// README begin\n";
const END: &str = "// README end\n";

/// A fenced block of the README: its language and its text, each line with
/// its newline.
struct Block {
    line: usize,
    language: String,
    text: String,
}

fn readme_blocks() -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in README.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        assert!(
            !fence || !line.starts_with(char::is_whitespace),
            "README.md:{}: an indented fence, which this test would not read: {line}",
            index + 1
        );
        match (&mut open, fence) {
            (None, true) => {
                open = Some(Block {
                    line: index + 1,
                    language: line.trim_start_matches('`').trim().to_owned(),
                    text: String::new(),
                });
            }
            (Some(_), true) => blocks.extend(open.take()),
            (Some(block), false) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, false) => {}
        }
    }
    assert!(open.is_none(), "README.md: a fence is not closed");
    blocks
}

/// Every `// README begin` .. `// README end` region of a source, as text.
fn regions(source: &str) -> Vec<&str> {
    let mut regions = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start + BEGIN.len()..];
        let end = after.find(END).expect("a `// README end` after each begin");
        regions.push(&after[..end]);
        rest = &after[end + END.len()..];
    }
    regions
}

#[test]
fn every_rust_block_of_the_readme_is_built_code() {
    let regions: Vec<&str> = SOURCES
        .iter()
        .flat_map(|(_, source)| regions(source))
        .collect();
    let blocks = readme_blocks();
    assert!(!blocks.is_empty(), "README.md has no code blocks?");
    for block in &blocks {
        match block.language.as_str() {
            "rust" => assert!(
                regions.contains(&block.text.as_str()),
                "README.md:{}: this Rust block is not a marked region of {:?}, byte for byte:\n{}",
                block.line,
                SOURCES.iter().map(|(path, _)| path).collect::<Vec<_>>(),
                block.text
            ),
            "sh" | "toml" | "text" => {}
            other => panic!(
                "README.md:{}: a block in {other:?}; say `rust` (and make it a marked region \
                 of a built file), `sh`, `toml` or `text`",
                block.line
            ),
        }
    }
}

#[test]
fn every_marked_region_is_shown_in_the_readme() {
    let shown: Vec<String> = readme_blocks()
        .into_iter()
        .filter(|block| block.language == "rust")
        .map(|block| block.text)
        .collect();
    for (path, source) in SOURCES {
        let found = regions(source);
        assert!(!found.is_empty(), "{path} has no README region");
        for region in found {
            assert!(
                shown.iter().any(|text| text == region),
                "{path}: a region between README markers that README.md does not show:\n{region}"
            );
        }
    }
}

/// The quick-start snippet does what its comments say.
#[test]
fn the_quick_start_snippet_runs() {
    for (flavor, rec, rt) in both_runtimes() {
        let orders = rec.block_on(&rt, load_orders(&Db, 7)).expect("orders");
        assert_eq!(orders.len(), 2);
        let load = rec.span_named("load_orders");
        assert_eq!(load.fields["user"], "7", "{flavor}");
        for price in rec.spans_named("price") {
            assert_eq!(price.parent, Some("load_orders"), "{flavor}");
        }
        assert_eq!(rec.spans_named("price").len(), 2, "{flavor}");
        let loaded = rec.event_with_message("loaded");
        assert_eq!(loaded.chain, ["load_orders"], "{flavor}");
        assert_eq!(rec.events_with_field("return").len(), 2, "{flavor}");
        rec.assert_all_closed_once();
    }
    let (failed, rec) = instrument_tests::record_async(|| load_orders(&Db, 0));
    assert!(failed.is_err());
    let error = &rec.events_with_field("error")[0];
    assert_eq!(error.fields["error"], "database unavailable");
    assert_eq!(error.chain, ["load_orders"]);
}
