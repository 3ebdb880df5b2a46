//! `err(Error)`: the error is recorded through `record_error`, as a
//! `&(dyn Error + 'static)`, so a subscriber sees it and its `source()`
//! chain; alone and with `level = ..` (either order), beside `ret`, on sync
//! fns, `async fn`s and a future returner with a sync prelude.

use std::future::Future;

use instrument_runtime::{instrument, Level};
use instrument_tests::{record, record_async, ChainError, FieldValue, Recorder, VisitKind};
use tokio::task::yield_now;

fn failure() -> ChainError {
    ChainError::new(["could not save", "disk full", "quota exceeded"])
}

/// The recorded `error` of `failure()`: the top error, then its sources.
fn failure_value() -> FieldValue {
    FieldValue::new(VisitKind::Error, "could not save")
        .with_sources(["disk full", "quota exceeded"])
}

/// Every `error` event, as (innermost span, level, value).
fn errors(rec: &Recorder) -> Vec<(&'static str, Level, FieldValue)> {
    rec.events_with_field("error")
        .into_iter()
        .map(|event| {
            assert!(event.message.is_empty(), "{event:?}");
            (event.chain[0], event.level, event.values["error"].clone())
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
            (
                "parse",
                Level::ERROR,
                FieldValue::new(VisitKind::Error, "invalid digit found in string")
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
                FieldValue::new(VisitKind::Error, "bad count").with_sources(["not a number"])
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
