//! Work handed to another thread over a channel keeps its sender's span as
//! parent: the functions of `instrument-runtime/examples/threads.rs`, run on
//! two client threads and a worker thread under one recording subscriber.
//! Each job carries the client's span; the worker's handler takes it as
//! parent (`#[instrument(parent = &job.span, skip(job))]`). And a message
//! nobody waits for, handled in a root span linked to its sender's.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread::{self, ThreadId};

use instrument_runtime::{info_span, instrument, Span};
use instrument_tests::Recorder;

#[allow(
    dead_code,
    reason = "the example's `main` installs a global subscriber; the test runs the rest"
)]
// Formatted as part of instrument-runtime (edition 2024), whose style sorts
// imports differently from this crate's.
#[rustfmt::skip]
#[path = "../../../instrument-runtime/examples/threads.rs"]
mod example;

/// Runs `f` on a new thread with `rec` as its default subscriber; returns
/// what it returned and the thread's id.
fn on_thread<T: Send + 'static>(
    rec: &Recorder,
    f: impl FnOnce() -> T + Send + 'static,
) -> thread::JoinHandle<(T, ThreadId)> {
    let rec = rec.clone();
    thread::spawn(move || rec.with_default(|| (f(), thread::current().id())))
}

#[test]
fn a_job_sent_over_a_channel_is_handled_in_a_child_of_the_senders_span() {
    let (_, rec) = Recorder::new();
    let (jobs, queue) = mpsc::channel();
    let worker = on_thread(&rec, move || example::worker(&queue));
    let clients: Vec<_> = (1..=2_u64)
        .map(|id| {
            let jobs = jobs.clone();
            on_thread(&rec, move || example::request(id, &jobs))
        })
        .collect();
    drop(jobs);
    let replies: Vec<(u64, ThreadId)> = clients
        .into_iter()
        .map(|client| client.join().expect("a client thread"))
        .collect();
    let ((), worker_thread) = worker.join().expect("the worker thread");

    assert_eq!(
        replies
            .iter()
            .map(|(pixels, _)| *pixels)
            .collect::<Vec<_>>(),
        [307_200, 1_228_800]
    );
    // Each client's request span by id, and the thread it sent its job from.
    let requests: BTreeMap<String, (usize, ThreadId)> = rec
        .spans_named("request")
        .into_iter()
        .map(|request| {
            let sent = rec
                .events_with_message("sending the job")
                .into_iter()
                .find(|event| event.chain_indices == [request.index])
                .expect("each request sends a job");
            (request.fields["id"].clone(), (request.index, sent.thread))
        })
        .collect();
    assert_eq!(requests.len(), 2, "{rec:?}");
    for (id, (_, thread)) in &requests {
        assert_ne!(
            *thread, worker_thread,
            "request {id} ran on the worker\n{rec:?}"
        );
    }

    let resizes = rec.spans_named("resize");
    assert_eq!(resizes.len(), 2, "{rec:?}");
    for resize in &resizes {
        // The job of request `id` has width 640 * id.
        let width: u64 = resize.fields["width"].parse().expect("a width");
        let id = (width / 640).to_string();
        let (request, _) = requests[&id];
        assert_eq!(resize.parent_index, Some(request), "{rec:?}");
        assert_eq!(rec.ancestry(resize), ["resize", "request"]);
    }
    for event in rec.events_with_message("resized") {
        assert_eq!(event.chain, ["resize", "request"], "{rec:?}");
        assert_eq!(event.thread, worker_thread, "{rec:?}");
    }
    for message in ["sending the job", "got the reply"] {
        for event in rec.events_with_message(message) {
            assert_eq!(event.chain, ["request"], "{rec:?}");
            assert_ne!(event.thread, worker_thread, "{rec:?}");
        }
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

/// A message its sender does not wait for.
struct Notice {
    span: Span,
}

#[instrument(parent = None, follows_from = [&notice.span], skip(notice))]
fn deliver(notice: &Notice) {
    tracing::info!("delivered");
}

/// The message holds its sender's span open until it is handled and
/// dropped; its handler's span is a root that follows from the sender's.
#[test]
fn a_message_nobody_waits_for_is_handled_in_a_root_linked_to_its_sender() {
    let (_, rec) = Recorder::new();
    let (notices, inbox) = mpsc::channel();
    rec.with_default(|| {
        info_span!("sender").in_scope(|| {
            notices
                .send(Notice {
                    span: Span::current(),
                })
                .expect("the receiver is alive");
        });
    });
    drop(notices);
    let handler = on_thread(&rec, move || {
        for notice in inbox {
            deliver(&notice);
        }
    });
    handler.join().expect("the handler thread");

    let deliver = rec.span_named("deliver");
    assert_eq!(deliver.parent, None, "{rec:?}");
    assert_eq!(
        deliver.follows_from,
        [rec.span_named("sender").index],
        "{rec:?}"
    );
    assert_eq!(rec.event_with_message("delivered").chain, ["deliver"]);
    let closes: Vec<String> = rec
        .trace()
        .into_iter()
        .filter(|line| line.starts_with("close "))
        .collect();
    assert_eq!(closes, ["close deliver", "close sender"], "{rec:?}");
    rec.assert_all_closed_once();
}
