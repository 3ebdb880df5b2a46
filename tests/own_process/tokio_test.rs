//! `#[instrument]` stacked with `#[tokio::test]`, in both orders, as real
//! tests.
//!
//! In both orders the span opens before the first statement of the body:
//! with `#[instrument]` below, it sees the sync test function
//! `#[tokio::test]` made and opens at the call; with `#[instrument]` above,
//! the `async fn` is kept for `#[tokio::test]` and the span opens at the
//! first poll of the instrumented future, inside `block_on`, before the body
//! runs. A recorder installed in the body is too late for that span, so each
//! test installs a global recorder (this binary's only dispatcher) and then
//! runs itself once more on a fresh thread, where the recorder is in place
//! before the call.

use std::cell::Cell;
use std::sync::OnceLock;

use instrument_runtime::instrument;
use instrument_tests::{current_name, Recorder};

thread_local! {
    /// Set on the thread that runs a test the second time.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// The process-wide recorder, installed as the global default once.
fn global() -> &'static Recorder {
    static RECORDER: OnceLock<Recorder> = OnceLock::new();
    RECORDER.get_or_init(|| {
        let (dispatch, rec) = Recorder::new();
        tracing::dispatcher::set_global_default(dispatch).expect("the only global default");
        rec
    })
}

/// Runs `test` again on a fresh thread, after the global recorder is in
/// place, and returns the recorder.
fn run_again(test: fn()) -> &'static Recorder {
    let rec = global();
    std::thread::spawn(move || {
        AGAIN.with(|again| again.set(true));
        test();
    })
    .join()
    .expect("the second run passes");
    rec
}

#[instrument(fields(order = "instrument above"))]
#[tokio::test]
async fn instrument_above_tokio_test() {
    if AGAIN.with(Cell::get) {
        tokio::task::yield_now().await;
        tracing::info!("in instrument_above_tokio_test");
        assert_eq!(current_name(), Some("instrument_above_tokio_test"));
        return;
    }
    let rec = run_again(instrument_above_tokio_test);
    let event = rec.event_with_message("in instrument_above_tokio_test");
    assert_eq!(event.chain, ["instrument_above_tokio_test"]);
    let span = rec.span(event.chain_indices[0]);
    assert_eq!(span.fields["order"], "instrument above");
    assert_eq!(span.closed, 1);
    // One enter per poll: the first, and the one after the yield.
    assert_eq!(span.entered, 2);
}

#[tokio::test]
#[instrument(fields(order = "instrument below"))]
async fn instrument_below_tokio_test() {
    if AGAIN.with(Cell::get) {
        tokio::task::yield_now().await;
        tracing::info!("in instrument_below_tokio_test");
        assert_eq!(current_name(), Some("instrument_below_tokio_test"));
        return;
    }
    let rec = run_again(instrument_below_tokio_test);
    let event = rec.event_with_message("in instrument_below_tokio_test");
    assert_eq!(event.chain, ["instrument_below_tokio_test"]);
    let span = rec.span(event.chain_indices[0]);
    assert_eq!(span.fields["order"], "instrument below");
    assert_eq!(span.closed, 1);
    // Entered once, around the whole `block_on`.
    assert_eq!(span.entered, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[instrument(ret)]
async fn instrument_below_multi_thread_tokio_test() -> Result<(), String> {
    let handle = tokio::spawn(async { current_name() });
    assert_eq!(handle.await.map_err(|e| e.to_string())?, None);
    Ok(())
}
