//! `ret` and `err`, with their formats and levels, alone and together: the
//! event is emitted inside the span, with the returned value or the error.

use instrument_runtime::{instrument, Level};
use instrument_tests::{record, record_async};

use super::AppError;

#[instrument(err)]
fn err_display(fail: bool) -> Result<u32, AppError> {
    if fail {
        return Err(AppError { code: 1 });
    }
    Ok(1)
}

#[instrument(err(Debug))]
fn err_debug(input: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = input.parse()?;
    Ok(n)
}

#[instrument(err(level = "warn"))]
async fn err_warn() -> Result<(), AppError> {
    Err(AppError { code: 2 })
}

#[instrument(err(Display, level = Level::INFO))]
async fn err_info_display() -> Result<(), AppError> {
    Err(AppError { code: 3 })
}

#[test]
fn err_records_the_error_inside_the_span() {
    let ((), rec) = record(|| {
        assert!(err_display(false).is_ok());
        assert!(err_display(true).is_err());
        assert!(err_debug("12").is_ok());
        assert!(err_debug("x").is_err());
    });
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 2, "{rec:?}");
    assert_eq!(errors[0].fields["error"], "failed with 1");
    assert_eq!(errors[0].level, Level::ERROR);
    assert_eq!(errors[0].chain, ["err_display"]);
    assert_eq!(
        rec.span(errors[0].chain_indices[0]).fields["fail"],
        "true",
        "the event is in the failing call's span"
    );
    assert_eq!(
        errors[1].fields["error"],
        "ParseIntError { kind: InvalidDigit }"
    );
    assert_eq!(errors[1].level, Level::ERROR);
    assert_eq!(errors[1].chain, ["err_debug"]);
    assert!(rec.events_with_field("return").is_empty());

    let ((), rec) = record_async(|| async {
        assert!(err_warn().await.is_err());
        assert!(err_info_display().await.is_err());
    });
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 2);
    assert_eq!(
        (errors[0].level, errors[0].fields["error"].as_str()),
        (Level::WARN, "failed with 2")
    );
    assert_eq!(errors[0].chain, ["err_warn"]);
    assert_eq!(
        (errors[1].level, errors[1].fields["error"].as_str()),
        (Level::INFO, "failed with 3")
    );
    rec.assert_all_closed_once();
}

#[derive(Debug)]
struct Answer(u32);

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the answer is {}", self.0)
    }
}

#[instrument(ret, level = "debug")]
fn ret_debug(early: bool) -> Answer {
    if early {
        return Answer(1);
    }
    Answer(2)
}

#[instrument(ret(Display))]
fn ret_display() -> Answer {
    Answer(3)
}

#[instrument(ret(Debug), err(Display))]
fn ret_explicit_formats() -> Result<Answer, AppError> {
    Ok(Answer(7))
}

#[instrument(ret(level = "warn"))]
async fn ret_warn() -> Answer {
    Answer(4)
}

#[instrument(ret)]
async fn ret_unit() {}

#[instrument(ret, err)]
fn ret_and_err(fail: bool) -> Result<Answer, AppError> {
    if fail {
        Err(AppError { code: 5 })
    } else {
        Ok(Answer(5))
    }
}

#[instrument(ret(Display, level = "trace"), err(Debug, level = 4))]
async fn async_ret_and_err(fail: bool) -> Result<Answer, AppError> {
    tokio::task::yield_now().await;
    if fail {
        Err(AppError { code: 6 })
    } else {
        Ok(Answer(6))
    }
}

#[test]
fn ret_records_the_value_inside_the_span() {
    let ((), rec) = record(|| {
        ret_debug(true);
        ret_debug(false);
        ret_display();
        assert!(ret_explicit_formats().is_ok());
    });
    let rets = rec.events_with_field("return");
    let rets: Vec<(&str, Level, &str)> = rets
        .iter()
        .map(|e| (e.chain[0], e.level, e.fields["return"].as_str()))
        .collect();
    assert_eq!(
        rets,
        [
            ("ret_debug", Level::DEBUG, "Answer(1)"),
            ("ret_debug", Level::DEBUG, "Answer(2)"),
            ("ret_display", Level::INFO, "the answer is 3"),
            ("ret_explicit_formats", Level::INFO, "Answer(7)"),
        ]
    );
    // The event is emitted inside the span, before it exits.
    let trace = rec.trace();
    assert_eq!(
        trace[..5],
        [
            "new ret_debug",
            "enter ret_debug",
            "event ",
            "exit ret_debug",
            "close ret_debug"
        ]
    );

    let ((), rec) = record_async(|| async {
        ret_warn().await;
        ret_unit().await;
    });
    let rets = rec.events_with_field("return");
    assert_eq!(rets.len(), 2);
    assert_eq!(
        (
            rets[0].chain[0],
            rets[0].level,
            rets[0].fields["return"].as_str()
        ),
        ("ret_warn", Level::WARN, "Answer(4)")
    );
    assert_eq!(
        (rets[1].chain[0], rets[1].fields["return"].as_str()),
        ("ret_unit", "()")
    );
}

#[test]
fn ret_and_err_split_ok_and_err() {
    let ((), rec) = record(|| {
        assert!(ret_and_err(false).is_ok());
        assert!(ret_and_err(true).is_err());
    });
    let events = rec.events();
    assert_eq!(events.len(), 2, "{rec:?}");
    // `Ok` at the span's level, with Debug, as `return`: the `Ok` value only.
    assert_eq!(events[0].level, Level::INFO);
    assert_eq!(events[0].fields.len(), 1);
    assert_eq!(events[0].fields["return"], "Answer(5)");
    // `Err` at ERROR, with Display, as `error`.
    assert_eq!(events[1].level, Level::ERROR);
    assert_eq!(events[1].fields.len(), 1);
    assert_eq!(events[1].fields["error"], "failed with 5");
    for event in &events {
        assert_eq!(event.chain, ["ret_and_err"]);
    }

    let ((), rec) = record_async(|| async {
        assert!(async_ret_and_err(false).await.is_ok());
        assert!(async_ret_and_err(true).await.is_err());
    });
    let events = rec.events();
    assert_eq!(events.len(), 2, "{rec:?}");
    assert_eq!(
        (events[0].level, events[0].fields["return"].as_str()),
        (Level::TRACE, "the answer is 6")
    );
    assert_eq!(
        (events[1].level, events[1].fields["error"].as_str()),
        (Level::WARN, "AppError { code: 6 }")
    );
    for event in &events {
        assert_eq!(event.chain, ["async_ret_and_err"]);
    }
    rec.assert_all_closed_once();
}
