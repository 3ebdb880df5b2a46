//! Every argument of `#[instrument]`, alone and combined, on sync and async
//! functions. Warnings are errors: the generated code must not cause any.

#![deny(warnings)]

use std::fmt;

use instrument_runtime::{info_span, instrument, Level, Span};

#[derive(Debug, Clone, Copy)]
struct Config {
    retries: u32,
}

#[derive(Debug)]
struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error")
    }
}

const CUSTOM_LEVEL: Level = Level::DEBUG;

#[instrument(name = "custom name")]
fn named() {}

#[instrument(name = "async custom name")]
async fn named_async() {}

#[instrument(target = "custom::target")]
fn targeted() {}

#[instrument(level = "debug")]
fn level_string() {}

#[instrument(level = "WARN")]
fn level_string_upper_case() {}

#[instrument(level = 1)]
fn level_integer_trace() {}

#[instrument(level = 5)]
fn level_integer_error() {}

#[instrument(level = Level::TRACE)]
fn level_path() {}

#[instrument(level = instrument_runtime::Level::ERROR)]
fn level_full_path() {}

#[instrument(level = CUSTOM_LEVEL)]
fn level_constant() {}

#[instrument(level = "trace")]
async fn level_async() {}

#[instrument(parent = None)]
fn root() {}

#[instrument(parent = None)]
async fn root_async() {}

#[instrument(parent = &span)]
fn child_of(span: Span) {}

#[instrument(parent = parent.id())]
async fn child_of_id(parent: &Span) {}

#[instrument(follows_from = [cause.id()])]
fn follows(cause: &Span) {}

#[instrument(follows_from = [first.id(), second.id()])]
async fn follows_async(first: Span, second: Span) {}

/// One cause as an `Option<Id>`: no `for_loops_over_fallibles` lint.
#[instrument(follows_from = cause.id())]
async fn follows_an_option(cause: &Span) {}

#[instrument(skip(config))]
fn skip_one(a: u32, config: Config) -> u32 {
    a + config.retries
}

#[instrument(skip(a, r#type))]
fn skip_two(a: u32, r#type: u32, b: u32) -> u32 {
    a + r#type + b
}

#[instrument(skip_all)]
fn skip_all(a: u32, config: Config) -> u32 {
    a + config.retries
}

#[instrument(skip_all)]
async fn skip_all_async(a: u32, config: Config) -> u32 {
    a + config.retries
}

#[instrument(fields(
    plain = 1,
    string = "text",
    display = %name,
    debug = ?config,
    later = instrument_runtime::field::Empty,
    http.method = "GET",
    http.status.code = 200_u16,
    type = "keyword",
    r#fn = "raw keyword",
    "literal name" = true,
    config.retries,
    %name,
))]
fn fields(name: &str, config: Config) {
    Span::current().record("later", 1_u32);
}

#[instrument(fields(a = a * 2, extra = ?b))]
fn field_shadows_argument(a: u32, b: Config) -> u32 {
    a + b.retries
}

#[instrument(skip(config), fields(retries = config.retries))]
async fn fields_async(config: Config) -> u32 {
    config.retries
}

#[instrument(err)]
fn err(fail: bool) -> Result<u32, Error> {
    if fail {
        Err(Error)
    } else {
        Ok(1)
    }
}

// A trailing comma in the options (`tracing` rejects it).
#[instrument(err(Debug,))]
fn err_debug(fail: bool) -> Result<u32, Error> {
    if fail {
        return Err(Error);
    }
    Ok(1)
}

#[instrument(err(Display, level = "warn"))]
fn err_display_level(fail: bool) -> Result<(), Error> {
    if fail {
        Err(Error)?;
    }
    Ok(())
}

#[instrument(err)]
fn err_io_alias(fail: bool) -> std::io::Result<u32> {
    if fail {
        Err(std::io::Error::other("failed"))
    } else {
        Ok(1)
    }
}

#[instrument(err(level = Level::INFO))]
async fn err_async(fail: bool) -> Result<u32, Error> {
    if fail {
        Err(Error)?;
    }
    Ok(1)
}

#[instrument(ret)]
fn ret(a: u32) -> u32 {
    if a > 10 {
        return a;
    }
    a + 1
}

#[instrument(ret)]
fn ret_unit() {}

#[instrument(ret(Display, level = "debug"))]
fn ret_display_level(a: u32) -> String {
    a.to_string()
}

#[instrument(ret(level = 2))]
async fn ret_async(a: u32) -> u32 {
    a
}

#[instrument(ret, err)]
fn ret_and_err(fail: bool) -> Result<u32, Error> {
    if fail {
        Err(Error)
    } else {
        Ok(1)
    }
}

#[instrument(ret(Debug), err(Debug, level = "info"))]
async fn ret_and_err_async(fail: bool) -> Result<u32, Error> {
    if fail {
        Err(Error)
    } else {
        Ok(1)
    }
}

#[derive(Debug)]
struct SourcedError(std::io::Error);

impl fmt::Display for SourcedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sourced")
    }
}

impl std::error::Error for SourcedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[instrument(err(Error))]
fn err_error(fail: bool) -> Result<u32, SourcedError> {
    if fail {
        Err(SourcedError(std::io::Error::other("inner")))?;
    }
    Ok(1)
}

#[instrument(ret, err(Error, level = "warn"))]
fn err_error_io_alias(fail: bool) -> std::io::Result<u32> {
    if fail {
        return Err(std::io::Error::other("failed"));
    }
    Ok(1)
}

#[instrument(err(level = 2, Error))]
async fn err_error_async(fail: bool) -> Result<u32, SourcedError> {
    if fail {
        Err(SourcedError(std::io::Error::other("inner")))
    } else {
        Ok(1)
    }
}

#[instrument(outcome)]
fn outcome(fail: bool) -> Result<u32, Error> {
    if fail {
        return Err(Error);
    }
    Ok(1)
}

#[instrument(outcome)]
fn outcome_unit() {}

#[instrument(outcome, skip_all)]
fn outcome_generic<T: Clone>(value: &T) -> T {
    value.clone()
}

#[instrument(outcome)]
fn outcome_borrow(values: &mut Vec<u32>) -> &mut u32 {
    values.push(1);
    values.last_mut().expect("just pushed")
}

#[instrument(outcome)]
fn outcome_never(message: &str) -> ! {
    panic!("{message}")
}

#[instrument(outcome, ret, err(Error))]
async fn outcome_async(fail: bool) -> Result<u32, SourcedError> {
    if fail {
        Err(SourcedError(std::io::Error::other("inner")))?;
    }
    Ok(1)
}

#[instrument(outcome, level = "debug")]
fn outcome_future(a: u32) -> impl std::future::Future<Output = u32> {
    let b = a + 1;
    async move { b }
}

#[instrument(skip_all, fields(a, later))]
fn fields_param(a: u32, config: Config) -> u32 {
    Span::current().record("later", 1_u32);
    a + config.retries
}

#[instrument(skip(config), fields(config, %a))]
async fn fields_param_async(a: u32, config: Config) -> u32 {
    a + config.retries
}

#[instrument(crate = instrument_runtime)]
fn crate_path(a: u32) -> u32 {
    a
}

#[instrument(crate = ::instrument_runtime, ret)]
async fn crate_path_async(a: u32) -> u32 {
    a
}

#[instrument(
    name = "everything",
    target = "everything::target",
    level = "debug",
    parent = None,
    follows_from = [cause.id()],
    skip(cause),
    fields(retries = config.retries, empty = instrument_runtime::field::Empty),
    err(Debug),
    ret(level = "trace"),
    crate = instrument_runtime,
)]
fn everything(cause: &Span, config: Config, a: u32) -> Result<u32, Error> {
    Ok(a + config.retries)
}

#[instrument(
    name = "everything async",
    target = "everything::target",
    level = Level::WARN,
    parent = None,
    follows_from = [cause.id()],
    skip_all,
    fields(retries = config.retries, %a),
    err,
    ret,
    crate = instrument_runtime,
)]
async fn everything_async(cause: Span, config: Config, a: u32) -> Result<u32, Error> {
    Ok(a + config.retries)
}

async fn run_async(config: Config, span: &Span) {
    named_async().await;
    level_async().await;
    root_async().await;
    child_of_id(span).await;
    follows_async(span.clone(), Span::none()).await;
    follows_an_option(&span).await;
    let _ = skip_all_async(1, config).await;
    let _ = fields_async(config).await;
    let _ = err_async(false).await;
    let _ = err_async(true).await;
    let _ = ret_async(1).await;
    let _ = ret_and_err_async(false).await;
    let _ = ret_and_err_async(true).await;
    let _ = crate_path_async(1).await;
    let _ = err_error_async(true).await;
    let _ = outcome_async(true).await;
    let _ = outcome_future(1).await;
    let _ = fields_param_async(1, config).await;
    let _ = everything_async(span.clone(), config, 1).await;
}

fn main() {
    let config = Config { retries: 3 };
    let span = info_span!("outer");

    named();
    targeted();
    level_string();
    level_string_upper_case();
    level_integer_trace();
    level_integer_error();
    level_path();
    level_full_path();
    level_constant();
    root();
    child_of(span.clone());
    follows(&span);
    let _ = skip_one(1, config);
    let _ = skip_two(1, 2, 3);
    let _ = skip_all(1, config);
    fields("name", config);
    let _ = field_shadows_argument(1, config);
    let _ = err(false);
    let _ = err(true);
    let _ = err_debug(true);
    let _ = err_display_level(true);
    let _ = err_io_alias(true);
    let _ = ret(1);
    ret_unit();
    let _ = ret_display_level(1);
    let _ = ret_and_err(false);
    let _ = ret_and_err(true);
    let _ = crate_path(1);
    let _ = err_error(true);
    let _ = err_error_io_alias(true);
    let _ = outcome(true);
    outcome_unit();
    let _ = outcome_generic(&config);
    let _ = outcome_borrow(&mut Vec::new());
    let _: fn(&str) -> ! = outcome_never;
    let _ = fields_param(1, config);
    let _ = everything(&span, config, 1);

    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(run_async(config, &span));
}
