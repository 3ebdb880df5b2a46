//! Run-time overhead of `#[instrument]`, `Instrument` and `info_span!`,
//! ours against `tracing` 0.1's, with the plain code as the floor, in one
//! binary and one run.
//!
//! Every case is `<what>/<subscriber>/<impl>`, where `<impl>` is `plain`
//! (no instrumentation: the floor), `ours` or `tracing`:
//!
//! - `call_async`, `call_sync`: one call of a function of two `u64`s, created
//!   and polled to completion (a `noop` waker).
//! - `call_async_nested`: the same, called inside an entered `WARN` span,
//!   which is then the parent (ours also captures it at the call, as the
//!   fallback parent).
//! - `call_async_err`, `call_sync_err`: the same with `#[instrument(err)]`
//!   (a `Result` that is `Ok`): what `err` costs on the path that does not
//!   fail, and, for ours, the panic a function with `err` records.
//! - `poll`: one extra poll of an instrumented `async fn` that is already
//!   running (its span is open), whose body awaits a future that wakes itself
//!   and returns `Pending`.
//! - `span`: `info_span!` with two `u64` fields, created and dropped.
//! - `instrument`: `async { .. }.instrument(info_span!(..))`, polled to
//!   completion.
//! - `in_current_span`: `async { .. }.in_current_span()` inside an entered
//!   span, polled to completion.
//! - `instrumented_poll`: one extra poll of an `Instrumented` future.
//!
//! Subscribers, each installed with a *scoped* dispatcher
//! (`dispatcher::with_default`), as every case shares the process (but see
//! `ICOUNT_GLOBAL` below):
//!
//! - `none`: no dispatcher exists at all, so `LevelFilter::current()` is
//!   `OFF` and every span is rejected by the global max-level check.
//! - `level_off`: a `Registry` under `LevelFilter::WARN` is the only
//!   dispatcher; the `INFO` spans are rejected by the global max-level check
//!   (`LevelFilter::current()` is `WARN`).
//! - `level_off_mixed`: the same, while another dispatcher (a `Registry` that
//!   records everything) is alive elsewhere, so the global max level is
//!   `TRACE` and the callsite's cached interest is `sometimes`: each span asks
//!   the current subscriber `enabled()`, which says no.
//! - `registry`: a `Registry` that records every span.
//! - `fmt`: a `Registry` with `tracing-subscriber`'s fmt layer writing to
//!   `std::io::sink`, with `FmtSpan::CLOSE` so every span writes one line.
//! - `otel`: a `Registry` with `tracing-opentelemetry`'s layer, exporting
//!   every span as it ends to the SDK's in-memory exporter (emptied every
//!   4096 spans, so a long run does not grow it without bound).
//!
//! `fmt` and `otel` are the realistic stacks: what a service runs. Inside a
//! request span (`call_async_nested`) too.
//!
//! `cargo bench --bench overhead` measures wall time with criterion. With
//! `ICOUNT_CASE=<id> ICOUNT_ITERS=<n>` set, the binary instead runs that one
//! case `n` times and exits (for `bench-support/callgrind.sh`, which counts
//! instructions); `ICOUNT_LIST=1` prints every case id, and `ICOUNT_GLOBAL=1`
//! installs the case's subscriber as the global default instead of a scoped
//! one.

use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use criterion::{Bencher, Criterion};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData, SpanExporter};
use tracing_core::{Dispatch, LevelFilter, dispatcher};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::Registry;

/// A future that returns `Pending` `n` times, waking itself each time.
struct YieldN(u64);

impl Future for YieldN {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            Poll::Ready(())
        } else {
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// The floor: the same functions without instrumentation.
mod plain {
    use super::YieldN;

    #[allow(
        clippy::unused_async,
        reason = "the same shape as the instrumented ones"
    )]
    pub(crate) async fn add(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    pub(crate) fn add_sync(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    #[allow(
        clippy::unused_async,
        reason = "the same shape as the instrumented ones"
    )]
    pub(crate) async fn checked(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    pub(crate) fn checked_sync(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    pub(crate) async fn yields(n: u64) -> u64 {
        YieldN(n).await;
        n
    }
}

/// Ours: `instrument_runtime::instrument`.
mod ours {
    use super::YieldN;
    use instrument_runtime::instrument;

    #[instrument]
    pub(crate) async fn add(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    #[instrument]
    pub(crate) fn add_sync(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    #[instrument(err)]
    pub(crate) async fn checked(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    #[instrument(err)]
    pub(crate) fn checked_sync(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    #[instrument]
    pub(crate) async fn yields(n: u64) -> u64 {
        YieldN(n).await;
        n
    }
}

/// `tracing` 0.1's `#[instrument]`.
mod theirs {
    use super::YieldN;
    use tracing::instrument;

    #[instrument]
    pub(crate) async fn add(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    #[instrument]
    pub(crate) fn add_sync(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    #[instrument(err)]
    pub(crate) async fn checked(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    #[instrument(err)]
    pub(crate) fn checked_sync(a: u64, b: u64) -> Result<u64, String> {
        a.checked_add(b).ok_or_else(String::new)
    }

    #[instrument]
    pub(crate) async fn yields(n: u64) -> u64 {
        YieldN(n).await;
        n
    }
}

/// Polls `fut` to completion on this thread with a no-op waker.
#[inline]
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// Polls `fut` once (so an instrumented one opens its span), then measures
/// one more poll per iteration. `fut` must never complete.
fn per_poll<F: Future>(runner: &mut Runner<'_, '_>, fut: F) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut fut = pin!(fut);
    assert!(fut.as_mut().poll(&mut cx).is_pending());
    runner.each(|| fut.as_mut().poll(&mut cx).is_pending());
}

/// Runs one iteration of a case under criterion or in a bare loop.
enum Runner<'a, 'b> {
    Criterion(&'a mut Bencher<'b>),
    Loop(u64),
}

impl Runner<'_, '_> {
    fn each<O>(&mut self, mut routine: impl FnMut() -> O) {
        match self {
            Runner::Criterion(bencher) => bencher.iter(routine),
            Runner::Loop(iters) => {
                for _ in 0..*iters {
                    black_box(routine());
                }
            }
        }
    }
}

/// The SDK's in-memory exporter, emptied every 4096 spans.
#[derive(Debug)]
struct Emptied {
    spans: InMemorySpanExporter,
    exported: std::sync::atomic::AtomicUsize,
}

impl SpanExporter for Emptied {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let before = self
            .exported
            .fetch_add(batch.len(), std::sync::atomic::Ordering::Relaxed);
        if before % 4096 + batch.len() >= 4096 {
            self.spans.reset();
        }
        self.spans.export(batch).await
    }
}

/// The subscriber a case runs under. See the crate docs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Env {
    None,
    LevelOff,
    LevelOffMixed,
    Registry,
    Fmt,
    Otel,
}

impl Env {
    fn name(self) -> &'static str {
        match self {
            Env::None => "none",
            Env::LevelOff => "level_off",
            Env::LevelOffMixed => "level_off_mixed",
            Env::Registry => "registry",
            Env::Fmt => "fmt",
            Env::Otel => "otel",
        }
    }

    /// Runs `f` under this subscriber, as the scoped default dispatcher.
    ///
    /// Creating a `Dispatch` recomputes the global max level and every
    /// callsite's interest over the dispatchers alive then; dropping one does
    /// not, so each environment starts by creating its own.
    fn run(self, f: impl FnOnce()) {
        let level_off = || Dispatch::new(Registry::default().with(LevelFilter::WARN));
        match self {
            Env::None => {
                // Back to the state of a process that never made a
                // dispatcher: max level `OFF`. (`rebuild_interest_cache`
                // would not do: it may ask `NoSubscriber`, whose missing
                // `max_level_hint` counts as `TRACE`.) Registering a
                // dispatcher that enables nothing recomputes the max level
                // over the live ones; dropping it leaves that in place.
                drop(Dispatch::new(Registry::default().with(LevelFilter::OFF)));
                assert_eq!(LevelFilter::current(), LevelFilter::OFF);
                f();
            }
            Env::LevelOff => {
                let dispatch = level_off();
                assert_eq!(LevelFilter::current(), LevelFilter::WARN);
                install(&dispatch, f);
            }
            Env::LevelOffMixed => {
                let other = Dispatch::new(Registry::default());
                let dispatch = level_off();
                assert_eq!(LevelFilter::current(), LevelFilter::TRACE);
                install(&dispatch, f);
                drop(other);
            }
            Env::Registry => {
                let dispatch = Dispatch::new(Registry::default());
                assert_eq!(LevelFilter::current(), LevelFilter::TRACE);
                install(&dispatch, f);
            }
            Env::Fmt => {
                let fmt = tracing_subscriber::fmt::layer()
                    .with_writer(std::io::sink)
                    .with_ansi(false)
                    .with_span_events(FmtSpan::CLOSE);
                let dispatch = Dispatch::new(Registry::default().with(fmt));
                install(&dispatch, f);
            }
            Env::Otel => {
                let exporter = Emptied {
                    spans: InMemorySpanExporter::default(),
                    exported: std::sync::atomic::AtomicUsize::new(0),
                };
                let provider = SdkTracerProvider::builder()
                    .with_simple_exporter(exporter)
                    .build();
                let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("bench"));
                let dispatch = Dispatch::new(Registry::default().with(layer));
                install(&dispatch, f);
            }
        }
    }
}

/// Runs `f` with `dispatch` as the default: scoped, or, with `ICOUNT_GLOBAL`
/// set (one case per process), as the global default, as a service
/// installs its subscriber. A global default spares every span operation the
/// thread-local lookup of the scoped dispatcher.
fn install(dispatch: &Dispatch, f: impl FnOnce()) {
    if std::env::var_os("ICOUNT_GLOBAL").is_some() {
        dispatcher::set_global_default(dispatch.clone()).expect("one case per process");
        f();
    } else {
        dispatcher::with_default(dispatch, f);
    }
}

/// One benchmark: `<what>/<env>/<impl>`.
struct Case {
    what: &'static str,
    env: Env,
    imp: &'static str,
    body: fn(&mut Runner<'_, '_>),
}

impl Case {
    fn id(&self) -> String {
        format!("{}/{}/{}", self.what, self.env.name(), self.imp)
    }

    fn run(&self, runner: &mut Runner<'_, '_>) {
        self.env.run(|| (self.body)(runner));
    }
}

fn args() -> (u64, u64) {
    (black_box(1), black_box(2))
}

fn call_async_plain(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(plain::add(a, b))
    });
}

fn call_async_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(ours::add(a, b))
    });
}

fn call_async_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(theirs::add(a, b))
    });
}

fn call_async_err_plain(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(plain::checked(a, b))
    });
}

fn call_async_err_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(ours::checked(a, b))
    });
}

fn call_async_err_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(theirs::checked(a, b))
    });
}

fn call_sync_err_plain(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        plain::checked_sync(a, b)
    });
}

fn call_sync_err_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        ours::checked_sync(a, b)
    });
}

fn call_sync_err_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        theirs::checked_sync(a, b)
    });
}

fn call_sync_plain(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        plain::add_sync(a, b)
    });
}

fn call_sync_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        ours::add_sync(a, b)
    });
}

fn call_sync_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        theirs::add_sync(a, b)
    });
}

/// A `WARN` span, entered around the `call_async_nested` cases: enabled in
/// every environment that has a subscriber, and the parent of the call.
fn outer_warn() -> tracing::span::EnteredSpan {
    tracing::warn_span!("outer").entered()
}

fn call_async_nested_plain(r: &mut Runner<'_, '_>) {
    let _outer = outer_warn();
    call_async_plain(r);
}

fn call_async_nested_ours(r: &mut Runner<'_, '_>) {
    let _outer = outer_warn();
    call_async_ours(r);
}

fn call_async_nested_tracing(r: &mut Runner<'_, '_>) {
    let _outer = outer_warn();
    call_async_tracing(r);
}

fn poll_plain(r: &mut Runner<'_, '_>) {
    per_poll(r, plain::yields(u64::MAX));
}

fn poll_ours(r: &mut Runner<'_, '_>) {
    per_poll(r, ours::yields(u64::MAX));
}

fn poll_tracing(r: &mut Runner<'_, '_>) {
    per_poll(r, theirs::yields(u64::MAX));
}

fn span_plain(r: &mut Runner<'_, '_>) {
    r.each(args);
}

fn span_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        instrument_runtime::info_span!("bench", a, b)
    });
}

fn span_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        tracing::info_span!("bench", a, b)
    });
}

fn instrument_plain(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        block_on(async move { a.wrapping_add(b) })
    });
}

fn instrument_ours(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        let fut = async move { a.wrapping_add(b) };
        block_on(instrument_runtime::Instrument::instrument(
            fut,
            instrument_runtime::info_span!("bench"),
        ))
    });
}

fn instrument_tracing(r: &mut Runner<'_, '_>) {
    r.each(|| {
        let (a, b) = args();
        let fut = async move { a.wrapping_add(b) };
        block_on(tracing::Instrument::instrument(
            fut,
            tracing::info_span!("bench"),
        ))
    });
}

/// `in_current_span` runs inside this span (a `tracing` one for both: the
/// current span is the subscriber's, whoever made it).
fn outer() -> tracing::span::EnteredSpan {
    tracing::info_span!("outer").entered()
}

fn in_current_span_plain(r: &mut Runner<'_, '_>) {
    let _outer = outer();
    instrument_plain(r);
}

fn in_current_span_ours(r: &mut Runner<'_, '_>) {
    let _outer = outer();
    r.each(|| {
        let (a, b) = args();
        let fut = async move { a.wrapping_add(b) };
        block_on(instrument_runtime::Instrument::in_current_span(fut))
    });
}

fn in_current_span_tracing(r: &mut Runner<'_, '_>) {
    let _outer = outer();
    r.each(|| {
        let (a, b) = args();
        let fut = async move { a.wrapping_add(b) };
        block_on(tracing::Instrument::in_current_span(fut))
    });
}

fn instrumented_poll_plain(r: &mut Runner<'_, '_>) {
    per_poll(r, YieldN(u64::MAX));
}

fn instrumented_poll_ours(r: &mut Runner<'_, '_>) {
    let span = instrument_runtime::info_span!("bench");
    per_poll(
        r,
        instrument_runtime::Instrument::instrument(YieldN(u64::MAX), span),
    );
}

fn instrumented_poll_tracing(r: &mut Runner<'_, '_>) {
    let span = tracing::info_span!("bench");
    per_poll(r, tracing::Instrument::instrument(YieldN(u64::MAX), span));
}

type Body = fn(&mut Runner<'_, '_>);

/// Every case, in run order: `none` first in each group is not required
/// (each environment sets the global state it needs up itself).
fn cases() -> Vec<Case> {
    let all = [
        Env::None,
        Env::LevelOff,
        Env::LevelOffMixed,
        Env::Registry,
        Env::Fmt,
        Env::Otel,
    ];
    let groups: [(&str, &[Env], [Body; 3]); 10] = [
        (
            "call_async",
            &all,
            [call_async_plain, call_async_ours, call_async_tracing],
        ),
        (
            "call_async_nested",
            &[Env::LevelOffMixed, Env::Registry, Env::Fmt, Env::Otel],
            [
                call_async_nested_plain,
                call_async_nested_ours,
                call_async_nested_tracing,
            ],
        ),
        (
            "call_sync",
            &all,
            [call_sync_plain, call_sync_ours, call_sync_tracing],
        ),
        (
            "call_async_err",
            &[Env::None, Env::Registry],
            [
                call_async_err_plain,
                call_async_err_ours,
                call_async_err_tracing,
            ],
        ),
        (
            "call_sync_err",
            &[Env::None, Env::Registry],
            [
                call_sync_err_plain,
                call_sync_err_ours,
                call_sync_err_tracing,
            ],
        ),
        (
            "poll",
            &[Env::None, Env::Registry],
            [poll_plain, poll_ours, poll_tracing],
        ),
        (
            "span",
            &[Env::None, Env::LevelOff, Env::LevelOffMixed, Env::Registry],
            [span_plain, span_ours, span_tracing],
        ),
        (
            "instrument",
            &[Env::None, Env::LevelOff, Env::Registry],
            [instrument_plain, instrument_ours, instrument_tracing],
        ),
        (
            "in_current_span",
            &[Env::None, Env::Registry],
            [
                in_current_span_plain,
                in_current_span_ours,
                in_current_span_tracing,
            ],
        ),
        (
            "instrumented_poll",
            &[Env::None, Env::Registry],
            [
                instrumented_poll_plain,
                instrumented_poll_ours,
                instrumented_poll_tracing,
            ],
        ),
    ];
    let mut cases = Vec::new();
    for (what, envs, bodies) in groups {
        for &env in envs {
            for (imp, body) in ["plain", "ours", "tracing"].into_iter().zip(bodies) {
                cases.push(Case {
                    what,
                    env,
                    imp,
                    body,
                });
            }
        }
    }
    cases
}

fn main() {
    let cases = cases();
    if std::env::var_os("ICOUNT_LIST").is_some() {
        for case in &cases {
            println!("{}", case.id());
        }
        return;
    }
    if let Ok(id) = std::env::var("ICOUNT_CASE") {
        let iters = std::env::var("ICOUNT_ITERS")
            .ok()
            .and_then(|n| n.parse().ok())
            .expect("ICOUNT_ITERS=<number of iterations>");
        let case = cases
            .iter()
            .find(|case| case.id() == id)
            .unwrap_or_else(|| panic!("no case {id:?}; ICOUNT_LIST=1 lists them"));
        case.run(&mut Runner::Loop(iters));
        return;
    }

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut index = 0;
    while index < cases.len() {
        let first = &cases[index];
        let mut group = criterion.benchmark_group(format!("{}/{}", first.what, first.env.name()));
        while let Some(case) = cases
            .get(index)
            .filter(|c| c.what == first.what && c.env == first.env)
        {
            group.bench_function(case.imp, |b| case.run(&mut Runner::Criterion(b)));
            index += 1;
        }
        group.finish();
    }
    criterion.final_summary();
}
