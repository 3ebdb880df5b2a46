//! Every expansion of `#[instrument]` on a grid of signatures compiles, and
//! each generated function, called once, opens its span with the declared
//! fields, runs its body inside it and closes it once.
//!
//! The functions are in `tests/grid/generated.rs`, written by
//! `tests/grid/generate.rs` (see there for the grid and how it is sampled);
//! `grid_check.rs` checks the file is up to date. The lints allowed below
//! fire on the *user* code the grid writes, identically with and without
//! `#[instrument]`: lifetimes written out where they could be elided (the
//! grid names them on purpose) and `&u8` parameters. None is allowed for
//! what the macro generates.
#![allow(
    clippy::needless_lifetimes,
    clippy::elidable_lifetime_names,
    clippy::trivially_copy_pass_by_ref
)]

use instrument_tests::Recorder;

/// The receiver of the grid's methods; `name` is what `&str` results
/// borrowed from `self` return.
#[derive(Debug)]
struct Grid {
    name: String,
}

impl Grid {
    fn new() -> Self {
        Grid {
            name: "grid".to_owned(),
        }
    }
}

/// A generated function: its name, the fields its span declares, and a call
/// that checks its result.
struct Case {
    name: &'static str,
    fields: &'static [&'static str],
    /// The function has a sync prelude (an event `grid prelude`).
    prelude: bool,
    /// The function has `ret` (an event with a `return` field).
    ret: bool,
    run: fn(&tokio::runtime::Runtime),
}

include!("../../grid/generated.rs");

#[test]
fn every_grid_function_opens_its_span() {
    assert!(CASES.len() >= 100, "{} cases", CASES.len());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for case in CASES {
        let (_, rec) = Recorder::new();
        rec.with_default(|| (case.run)(&rt));
        let span = rec.span_named(case.name);
        assert_eq!(span.declared, case.fields, "{}", case.name);
        assert_eq!(span.parent, None, "{}", case.name);
        let body = rec.event_with_message("grid body");
        assert_eq!(body.chain, [case.name], "{}", case.name);
        if case.prelude {
            let prelude = rec.event_with_message("grid prelude");
            assert_eq!(prelude.chain, [case.name], "{}", case.name);
        }
        let returned = rec.events_with_field("return");
        assert_eq!(
            returned.len(),
            usize::from(case.ret),
            "{}\n{rec:?}",
            case.name
        );
        for event in returned {
            assert_eq!(event.chain, [case.name], "{}", case.name);
        }
        assert!(rec.events_with_field("error").is_empty(), "{}", case.name);
        assert_eq!(rec.spans().len(), 1, "{}", case.name);
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}
