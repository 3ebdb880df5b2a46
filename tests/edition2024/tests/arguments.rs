//! The arguments of issue 14 on edition 2024, where the rewritten signatures
//! capture every lifetime: `outcome` (sync, `async fn` borrowing its
//! arguments, a future returner with a sync prelude, cancelled and
//! panicked), `err(Error)` with its sources, and `fields(param)` under
//! `skip_all`; with span-tree assertions.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use instrument_runtime::{Level, instrument};
use instrument_tests::{ChainError, FieldValue, VisitKind, poll_once, record, record_async};
use tokio::task::yield_now;

#[instrument(outcome)]
fn parse(input: &str) -> Result<u32, std::num::ParseIntError> {
    input.parse()
}

#[instrument(outcome, skip(values))]
async fn first_even(values: &[u32]) -> Option<&u32> {
    yield_now().await;
    values.iter().find(|value| *value % 2 == 0)
}

#[instrument(outcome, skip(values))]
fn sum_later(values: &[u32]) -> impl Future<Output = Result<u32, String>> {
    tracing::info!("sum prelude");
    async move {
        yield_now().await;
        let sum: u32 = values.iter().sum();
        if sum == 0 {
            Err("empty".to_owned())
        } else {
            Ok(sum)
        }
    }
}

#[instrument(outcome)]
async fn panics(after_await: bool) {
    if after_await {
        yield_now().await;
    }
    panic!("panicked in the body");
}

#[test]
fn outcome_on_every_shape() {
    let values = vec![1, 3, 4];
    let (out, rec) = record_async(|| async {
        (
            first_even(&values).await.copied(),
            sum_later(&values).await,
            sum_later(&[]).await,
        )
    });
    assert_eq!(out, (Some(4), Ok(8), Err("empty".to_owned())));
    // `Option` is not a `Result`: `ok`.
    assert_eq!(rec.outcomes("first_even"), ["ok"]);
    assert_eq!(rec.outcomes("sum_later"), ["ok", "err"]);
    assert_eq!(
        rec.events_with_message("sum prelude")[0].chain,
        ["sum_later"]
    );

    let ((), rec) = record(|| {
        assert!(parse("1").is_ok());
        assert!(parse("x").is_err());
        // Cancelled after the first poll, and before it (the prelude ran).
        let mut fut = Box::pin(sum_later(&values));
        assert!(poll_once(fut.as_mut()).is_pending());
        drop(fut);
        drop(sum_later(&values));
        // Panicked, at the first poll and after an await.
        let mut fut = Box::pin(panics(false));
        assert!(catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut()))).is_err());
        let mut fut = Box::pin(panics(true));
        assert!(poll_once(fut.as_mut()).is_pending());
        assert!(catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut()))).is_err());
        // Never polled: no span.
        drop(panics(false));
    });
    assert_eq!(rec.outcomes("parse"), ["ok", "err"]);
    assert_eq!(rec.outcomes("sum_later"), ["cancelled", "cancelled"]);
    assert_eq!(rec.outcomes("panics"), ["panicked", "panicked"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[instrument(err(Error, level = "warn"))]
async fn save(name: &str) -> Result<(), ChainError> {
    yield_now().await;
    if name.is_empty() {
        Err(ChainError::new(["could not save", "no name"]))
    } else {
        Ok(())
    }
}

#[instrument(err(Error))]
fn save_sync(name: &str) -> Result<&str, ChainError> {
    name.strip_prefix('/')
        .ok_or_else(|| ChainError::new(["not absolute", "no leading slash"]))
}

#[test]
fn err_error_records_the_sources() {
    let ((), rec) = record_async(|| async {
        assert!(save("a").await.is_ok());
        assert!(save("").await.is_err());
        assert_eq!(save_sync("/a").unwrap(), "a");
        assert!(save_sync("a").is_err());
    });
    let errors: Vec<(&str, Level, FieldValue, FieldValue)> = rec
        .events_with_field("error")
        .into_iter()
        .map(|event| {
            (
                event.chain[0],
                event.level,
                event.values["error"].clone(),
                event.values["error.sources"].clone(),
            )
        })
        .collect();
    let text = |text: &str| FieldValue::new(VisitKind::Debug, text);
    assert_eq!(
        errors,
        [
            (
                "save",
                Level::WARN,
                text("could not save"),
                text("[no name]")
            ),
            (
                "save_sync",
                Level::ERROR,
                text("not absolute"),
                text("[no leading slash]")
            ),
        ]
    );
    rec.assert_all_closed_once();
}

#[instrument(skip_all, fields(id, name))]
async fn lookup(id: u64, name: &str, secret: &str) -> usize {
    yield_now().await;
    name.len() + secret.len()
}

#[test]
fn fields_param_records_the_parameter() {
    let (out, rec) = record_async(|| lookup(7, "ann", "hunter2"));
    assert_eq!(out, 10);
    let span = rec.span_named("lookup");
    assert_eq!(span.declared, ["id", "name"]);
    assert_eq!(span.values["id"], FieldValue::new(VisitKind::U64, "7"));
    assert_eq!(span.values["name"], FieldValue::new(VisitKind::Str, "ann"));
}
