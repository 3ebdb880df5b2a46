//! `target`: on the span and on its `ret`/`err` events; the module path by
//! default; a `const`.

use instrument_runtime::instrument;
use instrument_tests::{record, record_async};

#[instrument(target = "my_app::db")]
fn targeted() {}

#[instrument(target = "my_app::net", ret)]
async fn targeted_async() -> u8 {
    1
}

#[instrument]
fn default_target() {}

#[test]
fn target_is_set_on_the_span_and_its_events() {
    let ((), rec) = record(|| {
        targeted();
        default_target();
    });
    assert_eq!(rec.span_named("targeted").target, "my_app::db");
    assert_eq!(
        rec.span_named("default_target").target,
        "it::instrument::args::target"
    );

    let (_, rec) = record_async(targeted_async);
    assert_eq!(rec.span_named("targeted_async").target, "my_app::net");
    // The `ret` event has the span's target too.
    assert_eq!(rec.events_with_field("return")[0].target, "my_app::net");
}

const TARGET: &str = "from_a_const";

#[instrument(target = TARGET)]
fn target_from_const() {}

#[test]
fn target_from_a_const() {
    let ((), rec) = record(target_from_const);
    assert_eq!(rec.span_named("target_from_const").target, "from_a_const");
}
