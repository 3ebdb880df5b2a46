//! `name`: a literal or a `const`, on sync fns and `async fn`s.

use instrument_runtime::instrument;
use instrument_tests::{record, record_async};

const SPAN_NAME: &str = "name_from_a_const";

#[instrument(name = "custom_name")]
fn named_by_literal() {
    tracing::info!("in named_by_literal");
}

#[instrument(name = SPAN_NAME)]
async fn named_by_const() {
    tracing::info!("in named_by_const");
}

#[test]
fn name_literal_and_const() {
    let ((), rec) = record(named_by_literal);
    assert_eq!(rec.spans().len(), 1, "{rec:?}");
    assert_eq!(
        rec.event_with_message("in named_by_literal").chain,
        ["custom_name"]
    );

    let ((), rec) = record_async(named_by_const);
    assert_eq!(rec.spans().len(), 1, "{rec:?}");
    assert_eq!(
        rec.event_with_message("in named_by_const").chain,
        ["name_from_a_const"]
    );
    rec.assert_all_closed_once();
}
