//! Hygiene of the generated code: this crate root denies every warning and
//! clippy's pedantic group, forbids `unsafe`, declares local `core` and `std`
//! modules, shadows `Option`, `Some`, `None`, `Result`, `Ok`, `Err`, `Box`,
//! `Pin`, `Future`, `Span` and `Level`, names parameters like the macro's
//! locals, and instruments sync, async and future-returning functions with
//! every argument. That it compiles (also under `cargo clippy -- -D
//! warnings`) is most of the test; the spans are then checked at run time.

#![deny(warnings, clippy::pedantic)]
#![forbid(unsafe_code)]

mod core {}
mod std {}

#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
struct Some;
#[allow(dead_code)]
struct None;
#[allow(dead_code)]
struct Result;
#[allow(dead_code)]
struct Ok;
#[allow(dead_code)]
struct Err;
#[allow(dead_code)]
struct Box;
#[allow(dead_code)]
struct Pin;
#[allow(dead_code)]
struct Future;
#[allow(dead_code)]
struct Span;
#[allow(dead_code)]
struct Level;

use ::instrument_runtime::{info_span, instrument, Instrument as _};
use ::instrument_tests::Recorder;

type Id = ::instrument_runtime::Id;
type Fallible<T> = ::core::result::Result<T, Error>;
type BoxedFuture<T> =
    ::core::pin::Pin<::std::boxed::Box<dyn ::core::future::Future<Output = T> + Send>>;

#[derive(Debug)]
struct Error(u32);

impl ::core::fmt::Display for Error {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "error {}", self.0)
    }
}

const NAME: &str = "sync_everything";

fn no_parent() -> ::core::option::Option<Id> {
    ::core::option::Option::None
}

#[instrument(
    name = NAME,
    target = "hygiene",
    level = "debug",
    parent = no_parent(),
    follows_from = [cause],
    skip(skipped),
    fields(
        answer = 42_u8,
        shown = %label,
        debugged = ?label,
        empty = ::instrument_runtime::field::Empty,
        http.method = "GET",
        type = "keyword",
    ),
    ret,
    err(Debug, level = "warn"),
    crate = ::instrument_runtime,
)]
fn sync_everything(
    label: &str,
    skipped: u8,
    cause: &::instrument_runtime::Span,
    __span: u32,
    __entered: u32,
    __ret: u32,
    __out: u32,
) -> Fallible<u32> {
    ::instrument_runtime::Span::current().record("empty", true);
    tracing::info!("in sync_everything");
    if skipped == 0 {
        return ::core::result::Result::Err(Error(__span));
    }
    ::core::result::Result::Ok(__span + __entered + __ret + __out + u32::from(skipped))
}

#[instrument(
    name = "async_everything",
    target = "hygiene",
    level = 2,
    parent = cause,
    follows_from = [cause],
    skip(skipped),
    fields(shown = %label, empty = ::instrument_runtime::field::Empty),
    ret(Display),
    err(level = ::instrument_runtime::Level::WARN),
)]
async fn async_everything(
    label: &str,
    skipped: u8,
    cause: &::instrument_runtime::Span,
    __fut: u32,
    __span: u32,
    __ok: u32,
    __error: u32,
) -> Fallible<u32> {
    tokio::task::yield_now().await;
    tracing::info!("in async_everything");
    if skipped == 0 {
        return ::core::result::Result::Err(Error(__error));
    }
    ::core::result::Result::Ok(__fut + __span + __ok + __error)
}

#[instrument(level = "info", skip_all, fields(n), ret, err, future)]
fn future_everything(n: u32, __never: u32) -> BoxedFuture<Fallible<u32>> {
    tracing::info!("future prelude");
    if n == 0 {
        return ::std::boxed::Box::pin(async move { ::core::result::Result::Err(Error(__never)) });
    }
    ::std::boxed::Box::pin(async move {
        tokio::task::yield_now().await;
        tracing::info!("future body");
        ::core::result::Result::Ok(n + __never)
    })
}

#[instrument(ret)]
fn impl_future(
    n: u32,
    __cause: &::instrument_runtime::Span,
) -> impl ::core::future::Future<Output = u32> {
    let _ = __cause;
    async move {
        tokio::task::yield_now().await;
        n * 2
    }
}

#[derive(Debug)]
struct Service {
    id: u32,
}

impl Service {
    #[instrument(skip(self), fields(id = self.id))]
    async fn method(&self, req: u32) -> u32 {
        tokio::task::yield_now().await;
        self.id + req
    }

    #[instrument]
    fn sync_method(&mut self, __span: u32) -> u32 {
        self.id += __span;
        self.id
    }
}

#[test]
fn hygienic_expansions_record_their_spans() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async {
        let cause = info_span!("cause");
        let sync_ok = sync_everything("a", 1, &cause, 1, 2, 3, 4);
        let sync_err = sync_everything("b", 0, &cause, 9, 0, 0, 0);
        let async_ok = async_everything("c", 1, &cause, 1, 2, 3, 4).await;
        let async_err = async_everything("d", 0, &cause, 0, 0, 0, 7).await;
        let future_ok = future_everything(5, 1).await;
        let future_err = future_everything(0, 3).await;
        let doubled = impl_future(4, &cause).instrument(info_span!("outer")).await;
        let mut service = Service { id: 10 };
        let method = service.method(1).await;
        let sync_method = service.sync_method(2);
        (
            sync_ok.is_ok() && sync_err.is_err(),
            async_ok.is_ok() && async_err.is_err(),
            future_ok.is_ok() && future_err.is_err(),
            doubled,
            method,
            sync_method,
        )
    });
    assert_eq!(out, (true, true, true, 8, 11, 12));

    let sync = rec.spans_named("sync_everything");
    assert_eq!(sync.len(), 2);
    assert_eq!(sync[0].target, "hygiene");
    assert_eq!(sync[0].parent, ::core::option::Option::None);
    assert_eq!(sync[0].fields["shown"], "a");
    assert_eq!(sync[0].fields["__span"], "1");
    assert_eq!(sync[0].fields["empty"], "true");
    assert_eq!(sync[0].fields["type"], "keyword");
    assert_eq!(sync[0].follows_from.len(), 1);
    assert!(!sync[0].declared.contains(&"skipped"));

    let asyncs = rec.spans_named("async_everything");
    assert_eq!(asyncs.len(), 2);
    assert_eq!(asyncs[0].parent, ::core::option::Option::Some("cause"));
    assert_eq!(
        rec.events_with_message("in async_everything")[0].chain,
        ["async_everything", "cause"]
    );

    let futures = rec.spans_named("future_everything");
    assert_eq!(futures[0].declared, ["n"]);
    assert_eq!(
        rec.event_with_message("future body").chain,
        ["future_everything"]
    );
    // A sync prelude: the span opened at the call, outside any span.
    assert_eq!(
        rec.span_named("impl_future").parent,
        ::core::option::Option::None
    );
    assert_eq!(rec.span_named("method").fields["id"], "10");

    let results: ::std::vec::Vec<(&str, ::std::string::String)> = rec
        .events()
        .into_iter()
        .filter(|e| e.message.is_empty())
        .map(|e| {
            let (key, value) = e.fields.into_iter().next().unwrap();
            (e.chain[0], format!("{key}={value}"))
        })
        .collect();
    assert_eq!(
        results,
        [
            ("sync_everything", "return=11".to_owned()),
            ("sync_everything", "error=Error(9)".to_owned()),
            ("async_everything", "return=10".to_owned()),
            ("async_everything", "error=error 7".to_owned()),
            ("future_everything", "return=6".to_owned()),
            ("future_everything", "error=error 3".to_owned()),
            ("impl_future", "return=8".to_owned()),
        ]
    );
    rec.assert_all_closed_once();
}
