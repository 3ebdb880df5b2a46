//! What an annotated block leaves alone: methods marked `no_instrument` (by
//! path or by import), `const fn`s, associated consts and types, and methods
//! that a macro invocation in the block declares. `no_instrument` anywhere
//! else does nothing.

use instrument_runtime::{instrument, no_instrument};
use instrument_tests::record;

/// Declares a method `$name`, inside a block, as a macro invocation.
macro_rules! generated_method {
    ($name:ident) => {
        fn $name(&self) -> u8 {
            tracing::info!("generated");
            4
        }
    };
}

#[derive(Debug)]
struct Quiet;

#[instrument]
impl Quiet {
    const LIMIT: u8 = 10;

    fn loud(&self) -> u8 {
        tracing::info!("loud");
        Self::LIMIT
    }

    #[instrument_runtime::no_instrument]
    fn by_path(&self) -> u8 {
        tracing::info!("by path");
        1
    }

    #[no_instrument]
    fn by_import(&self) -> u8 {
        tracing::info!("by import");
        2
    }

    const fn constant(&self) -> u8 {
        3
    }

    generated_method!(generated);
}

/// Still a `const fn`.
const CONSTANT: u8 = Quiet.constant();

trait Limits {
    type Unit;
    const MAX: u8;

    fn max(&self) -> Self::Unit;
}

#[instrument]
impl Limits for Quiet {
    type Unit = u8;
    const MAX: u8 = 5;

    fn max(&self) -> u8 {
        tracing::info!("max");
        Self::MAX
    }
}

#[test]
fn a_block_leaves_no_instrument_const_fns_and_macro_invocations_alone() {
    let (out, rec) = record(|| {
        Quiet.loud()
            + Quiet.by_path()
            + Quiet.by_import()
            + Quiet.constant()
            + Quiet.generated()
            + Quiet.max()
    });
    assert_eq!((out, CONSTANT), (25, 3));
    let names: Vec<&str> = rec.spans().iter().map(|span| span.name).collect();
    assert_eq!(names, ["Quiet::loud", "Quiet::max"]);
    assert_eq!(rec.event_with_message("loud").chain, ["Quiet::loud"]);
    assert_eq!(rec.event_with_message("max").chain, ["Quiet::max"]);
    for message in ["by path", "by import", "generated"] {
        assert!(
            rec.event_with_message(message).chain.is_empty(),
            "{message}\n{rec:?}"
        );
    }
}

#[no_instrument]
fn free() -> u8 {
    tracing::info!("free");
    1
}

/// `no_instrument` does nothing: the attribute below it still applies.
#[no_instrument]
#[instrument]
fn still_instrumented() -> u8 {
    tracing::info!("still");
    2
}

#[derive(Debug)]
struct Plain;

impl Plain {
    #[no_instrument]
    fn method(&self) -> u8 {
        tracing::info!("plain method");
        3
    }

    #[instrument_runtime::no_instrument]
    #[instrument]
    fn annotated(&self) -> u8 {
        tracing::info!("annotated");
        4
    }
}

#[test]
fn no_instrument_outside_a_block_does_nothing() {
    let (out, rec) = record(|| free() + still_instrumented() + Plain.method() + Plain.annotated());
    assert_eq!(out, 10);
    let names: Vec<&str> = rec.spans().iter().map(|span| span.name).collect();
    assert_eq!(names, ["still_instrumented", "annotated"]);
    assert!(rec.event_with_message("free").chain.is_empty());
    assert!(rec.event_with_message("plain method").chain.is_empty());
    assert_eq!(
        rec.event_with_message("still").chain,
        ["still_instrumented"]
    );
    assert_eq!(rec.event_with_message("annotated").chain, ["annotated"]);
}
