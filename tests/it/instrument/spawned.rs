//! Spawned work that outlives its caller (the `#[instrument]` docs' "Spawned
//! work and threads", and `detached`): a handler `tokio::spawn`s
//! fire-and-forget instrumented work and returns without waiting for it.
//!
//! - Without `detached`, the work's span is a child of the handler's (the
//!   span current where the future was created), and a child keeps its
//!   parent open in `tracing-subscriber`'s registry: the handler's span
//!   closes only after the work.
//! - With `#[instrument(detached)]`, the handler's span closes when the
//!   handler ends; the work's span is a root that follows from it.
//!
//! Seen through the recording layer and through the fmt layer's
//! `FmtSpan::CLOSE` lines, on a current-thread and a multi-thread runtime.
//! Channels order the steps: the handler returns once the work has started,
//! and the work finishes only after the test has seen the handler return.
//!
//! Also: a plain `async { .. }` block that is spawned is in no span unless
//! it is given one (`.in_current_span()`); only instrumented functions carry
//! their caller's span.

use std::future::Future;

use instrument_runtime::{instrument, Instrument as _};
use instrument_tests::{fmt_layer, Flavor, FmtBuffer, Recorder};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::Dispatch;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt as _;

/// The audit's side of the channels: it says when it has started, and waits
/// for the test's go before it finishes.
struct AuditSignals {
    started: oneshot::Sender<()>,
    go: oneshot::Receiver<()>,
}

impl AuditSignals {
    async fn run(self) {
        // Ignored when the handler did not wait.
        let _ = self.started.send(());
        self.go.await.expect("the test lets the audit finish");
        tracing::info!("audit done");
    }
}

/// Spawns the audit that `audit` makes, and returns its handle and the
/// sender that lets it finish; with `wait_for_start`, once the audit has
/// started.
///
/// Waiting for the start makes the order certain. Until the spawned future's
/// first poll, it holds the handler's span (the fallback parent, or for
/// `detached` the span to link to).
#[instrument(skip_all)]
async fn handler<F>(
    audit: fn(AuditSignals) -> F,
    wait_for_start: bool,
) -> (JoinHandle<()>, oneshot::Sender<()>)
where
    F: Future<Output = ()> + Send + 'static,
{
    tracing::info!("handling");
    let (started, has_started) = oneshot::channel();
    let (go, wait_for_go) = oneshot::channel();
    let task = tokio::spawn(audit(AuditSignals {
        started,
        go: wait_for_go,
    }));
    if wait_for_start {
        has_started.await.expect("the audit starts");
    }
    (task, go)
}

#[instrument(skip_all)]
async fn audit(signals: AuditSignals) {
    signals.run().await;
}

#[instrument(name = "audit", detached, skip_all)]
async fn detached_audit(signals: AuditSignals) {
    signals.run().await;
}

/// Runs the handler as a request task under `dispatch`, on a fresh runtime
/// of `flavor`: the test sees it return (the event `handler returned`, in no
/// span), then lets the audit finish and waits for it.
fn serve_one_request<F>(dispatch: &Dispatch, flavor: Flavor, audit: fn(AuditSignals) -> F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let rt = flavor.runtime(dispatch);
    tracing::dispatcher::with_default(dispatch, || {
        rt.block_on(async {
            let (task, go) = tokio::spawn(handler(audit, true))
                .await
                .expect("the handler task");
            tracing::info!("handler returned");
            go.send(()).expect("the audit waits for the go");
            task.await.expect("the audit task");
        });
    });
}

/// Serves one request under a fresh recorder.
fn record_one_request<F>(flavor: Flavor, audit: fn(AuditSignals) -> F) -> Recorder
where
    F: Future<Output = ()> + Send + 'static,
{
    let (dispatch, rec) = Recorder::new();
    serve_one_request(&dispatch, flavor, audit);
    rec
}

/// The recorded trace, keeping only the lines that show the order.
fn milestones(rec: &Recorder) -> Vec<String> {
    rec.trace()
        .into_iter()
        .filter(|line| {
            line.starts_with("event ") || line.starts_with("close ") || line.starts_with("follows ")
        })
        .collect()
}

#[test]
fn without_detached_the_spawned_work_is_a_child_and_holds_the_handler_open() {
    for flavor in Flavor::ALL {
        let rec = record_one_request(flavor, audit);
        let context = format!("{flavor:?}\n{rec:?}");
        let audit = rec.span_named("audit");
        assert_eq!(audit.parent, Some("handler"), "{context}");
        assert!(audit.follows_from.is_empty(), "{context}");
        assert_eq!(
            milestones(&rec),
            [
                "event handling",
                "event handler returned",
                "event audit done",
                "close audit",
                "close handler",
            ],
            "{context}"
        );
        assert_eq!(
            rec.event_with_message("audit done").chain,
            ["audit", "handler"]
        );
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

#[test]
fn detached_spawned_work_lets_the_handler_close_when_it_ends() {
    for flavor in Flavor::ALL {
        let rec = record_one_request(flavor, detached_audit);
        let context = format!("{flavor:?}\n{rec:?}");
        let audit = rec.span_named("audit");
        let handler = rec.span_named("handler");
        assert_eq!(audit.parent, None, "{context}");
        assert_eq!(audit.follows_from, [handler.index], "{context}");
        // The handler's span closes before the handler's task hands its
        // output over, so before the test sees it return.
        assert_eq!(
            milestones(&rec),
            [
                "event handling",
                "follows audit <- handler",
                "close handler",
                "event handler returned",
                "event audit done",
                "close audit",
            ],
            "{context}"
        );
        assert_eq!(rec.event_with_message("audit done").chain, ["audit"]);
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

/// A handler that returns before its detached work was first polled: the
/// spawned future holds the handler's span until then, to link to it, so the
/// handler's span closes at that first poll rather than when it returns.
/// (On a current-thread runtime, where the order is certain: the spawned task
/// runs when the test's future yields.)
#[test]
fn detached_work_not_polled_yet_holds_the_handler_until_its_first_poll() {
    let (dispatch, rec) = Recorder::new();
    let rt = Flavor::CurrentThread.runtime(&dispatch);
    rec.block_on(&rt, async {
        let (task, go) = handler(detached_audit, false).await;
        tracing::info!("handler returned");
        go.send(()).expect("the audit waits for the go");
        task.await.expect("the audit task");
    });
    assert_eq!(
        milestones(&rec),
        [
            "event handling",
            "event handler returned",
            "follows audit <- handler",
            "close handler",
            "event audit done",
            "close audit",
        ],
        "{rec:?}"
    );
    assert_eq!(rec.span_named("audit").parent, None);
    rec.assert_all_closed_once();
}

/// What `tracing-subscriber`'s fmt layer prints with `FmtSpan::CLOSE` for
/// one request, without the close lines' timings.
fn fmt_lines<F>(flavor: Flavor, audit: fn(AuditSignals) -> F) -> Vec<String>
where
    F: Future<Output = ()> + Send + 'static,
{
    let buffer = FmtBuffer::default();
    let layer = fmt_layer(&buffer)
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false);
    let dispatch = Dispatch::new(tracing_subscriber::registry().with(layer));
    serve_one_request(&dispatch, flavor, audit);
    buffer
        .lines()
        .into_iter()
        .map(|line| match line.split_once(" time.busy=") {
            Some((close, _timings)) => close.to_owned(),
            None => line,
        })
        .collect()
}

#[test]
fn fmt_close_lines_without_detached_the_handler_closes_after_the_work() {
    for flavor in Flavor::ALL {
        assert_eq!(
            fmt_lines(flavor, audit),
            [
                " INFO handler: handling",
                " INFO handler returned",
                " INFO handler:audit: audit done",
                " INFO handler:audit: close",
                " INFO handler: close",
            ],
            "{flavor:?}"
        );
    }
}

#[test]
fn fmt_close_lines_with_detached_the_handler_closes_when_it_returns() {
    for flavor in Flavor::ALL {
        assert_eq!(
            fmt_lines(flavor, detached_audit),
            [
                " INFO handler: handling",
                " INFO handler: close",
                " INFO handler returned",
                " INFO audit: audit done",
                " INFO audit: close",
            ],
            "{flavor:?}"
        );
    }
}

#[instrument]
async fn spawns_blocks() {
    tokio::spawn(async { tracing::info!("plain block") })
        .await
        .expect("the plain block's task");
    tokio::spawn(async { tracing::info!("block in the current span") }.in_current_span())
        .await
        .expect("the instrumented block's task");
}

/// Only instrumented functions carry their caller's span into a spawned
/// task: a plain async block needs `.in_current_span()`.
#[test]
fn a_spawned_plain_async_block_needs_in_current_span() {
    for flavor in Flavor::ALL {
        let (dispatch, rec) = Recorder::new();
        let rt = flavor.runtime(&dispatch);
        rec.block_on(&rt, spawns_blocks());
        let context = format!("{flavor:?}\n{rec:?}");
        assert!(
            rec.event_with_message("plain block").chain.is_empty(),
            "{context}"
        );
        assert_eq!(
            rec.event_with_message("block in the current span").chain,
            ["spawns_blocks"],
            "{context}"
        );
    }
}
