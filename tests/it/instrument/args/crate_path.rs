//! `crate = path`: the runtime by its own name or through a re-export.

use instrument_runtime::instrument;
use instrument_tests::{record, record_async};

use super::AppError;

mod reexport {
    pub(crate) use instrument_runtime as rt;
}

#[instrument(crate = instrument_runtime, ret)]
fn with_crate_path(x: u8) -> u8 {
    x
}

#[instrument(crate = crate::instrument::args::crate_path::reexport::rt, fields(y = 2_u8), err)]
async fn with_reexported_crate(x: u8) -> Result<u8, AppError> {
    Ok(x)
}

#[test]
fn crate_path_override() {
    let (_, rec) = record(|| with_crate_path(1));
    assert_eq!(rec.span_named("with_crate_path").fields["x"], "1");
    assert_eq!(rec.events_with_field("return").len(), 1);

    let (_, rec) = record_async(|| with_reexported_crate(3));
    let span = rec.span_named("with_reexported_crate");
    assert_eq!(span.fields["x"], "3");
    assert_eq!(span.fields["y"], "2");
}
