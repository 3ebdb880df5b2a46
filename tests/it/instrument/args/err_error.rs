//! `err(Error)`: the error is recorded as its `Display` in `error` (as
//! `err` records it, so a trace backend shows its message as the
//! exception's and the span's status) and its `source()` chain in
//! `error.sources`, as `[first, second]` (as fmt prints the sources of an
//! error); alone and with `level = ..` (either order), beside `ret`, on sync
//! fns, `async fn`s and a future returner with a sync prelude.

use std::future::Future;

use instrument_runtime::{instrument, Level};
use instrument_tests::{
    fmt_layer, record, record_async, ChainError, FieldValue, FmtBuffer, Recorder, VisitKind,
};
use tokio::task::yield_now;
use tracing_subscriber::layer::SubscriberExt as _;

fn failure() -> ChainError {
    ChainError::new(["could not save", "disk full", "quota exceeded"])
}

/// The `error` and `error.sources` of an event.
type Recorded = (FieldValue, Option<FieldValue>);

/// The recorded fields of `message` with `sources`.
fn error(message: &str, sources: Option<&str>) -> Recorded {
    (
        FieldValue::new(VisitKind::Debug, message),
        sources.map(|sources| FieldValue::new(VisitKind::Debug, sources)),
    )
}

/// What `failure()` is recorded as.
fn failure_value() -> Recorded {
    error("could not save", Some("[disk full, quota exceeded]"))
}

/// Every `error` event, as (innermost span, level, `error`, `error.sources`).
fn errors(rec: &Recorder) -> Vec<(&'static str, Level, Recorded)> {
    rec.events_with_field("error")
        .into_iter()
        .map(|event| {
            assert!(event.message.is_empty(), "{event:?}");
            let sources = event.values.get("error.sources").cloned();
            (
                event.chain[0],
                event.level,
                (event.values["error"].clone(), sources),
            )
        })
        .collect()
}

#[instrument(err(Error))]
fn save(fail: bool) -> Result<u32, ChainError> {
    if fail {
        return Err(failure());
    }
    Ok(1)
}

#[instrument(err(Error, level = "warn"))]
fn save_warn() -> Result<(), ChainError> {
    Err(failure())
}

#[instrument(err(level = Level::INFO, Error))]
fn save_info() -> Result<(), ChainError> {
    Err(failure())
}

#[instrument(err(Error))]
fn parse(input: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = input.parse()?;
    Ok(n)
}

#[test]
fn sync_errors_are_recorded_with_their_sources() {
    let ((), rec) = record(|| {
        assert_eq!(save(false).unwrap(), 1);
        assert!(save(true).is_err());
        assert!(save_warn().is_err());
        assert!(save_info().is_err());
        assert!(parse("x").is_err());
    });
    assert_eq!(
        errors(&rec),
        [
            ("save", Level::ERROR, failure_value()),
            ("save_warn", Level::WARN, failure_value()),
            ("save_info", Level::INFO, failure_value()),
            // No sources: no `error.sources`.
            (
                "parse",
                Level::ERROR,
                error("invalid digit found in string", None)
            ),
        ]
    );
    // Only the failing call of `save` has an event, in its own span.
    let event = &rec.events_with_field("error")[0];
    assert_eq!(rec.span(event.chain_indices[0]).fields["fail"], "true");
    rec.assert_all_closed_once();
}

#[instrument(ret, err(Error, level = 4))]
async fn load(count: &str) -> Result<u32, ChainError> {
    yield_now().await;
    let n: u32 = count
        .parse()
        .map_err(|_| ChainError::new(["bad count", "not a number"]))?;
    Ok(n)
}

#[instrument(err(Error))]
fn store(fail: bool) -> impl Future<Output = Result<(), ChainError>> {
    tracing::info!("store prelude");
    async move {
        yield_now().await;
        if fail {
            Err(failure())
        } else {
            Ok(())
        }
    }
}

#[test]
fn async_errors_are_recorded_with_their_sources() {
    let ((), rec) = record_async(|| async {
        assert_eq!(load("5").await.unwrap(), 5);
        assert!(load("five").await.is_err());
        assert!(store(false).await.is_ok());
        assert!(store(true).await.is_err());
    });
    assert_eq!(
        errors(&rec),
        [
            (
                "load",
                Level::WARN,
                error("bad count", Some("[not a number]"))
            ),
            ("store", Level::ERROR, failure_value()),
        ]
    );
    let ret = rec.events_with_field("return");
    assert_eq!(ret.len(), 1);
    assert_eq!(ret[0].chain, ["load"]);
    assert_eq!(
        ret[0].values["return"],
        FieldValue::new(VisitKind::Debug, "5")
    );
    rec.assert_all_closed_once();
}

/// fmt prints the error and its sources as it prints an error recorded
/// through `record_error`.
#[test]
fn fmt_prints_the_error_and_its_sources() {
    let buffer = FmtBuffer::default();
    let subscriber = tracing_subscriber::registry().with(fmt_layer(&buffer));
    tracing::subscriber::with_default(subscriber, || {
        assert!(save(true).is_err());
        assert!(parse("x").is_err());
    });
    let lines = buffer.lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].ends_with(
            "ERROR save{fail=true}: it::instrument::args::err_error: \
             error=could not save error.sources=[disk full, quota exceeded]"
        ),
        "{lines:#?}"
    );
    assert!(
        lines[1].ends_with(
            "ERROR parse{input=\"x\"}: it::instrument::args::err_error: \
             error=invalid digit found in string"
        ),
        "{lines:#?}"
    );
}
