//! Work handed to another thread over a channel, in the span of whoever sent
//! it: run with `cargo run --example threads`.
//!
//! Two client threads each handle a request and send the worker thread a job
//! over a `std::sync::mpsc` channel, then wait for its reply. A span is
//! current only on the thread that entered it, so the worker, where nothing
//! is current, would open its spans as roots. Instead each job carries the
//! sender's span (`Span` is `Send + Sync`, and cheap to clone), and the
//! worker's instrumented handler takes it as parent with
//! `#[instrument(parent = &job.span, skip(job))]`. The fmt output names each
//! line's thread:
//!
//! ```text
//!  INFO client-1 request{id=1}: sending the job
//!  INFO   worker request{id=1}:resize{width=640}: resized
//!  INFO client-1 request{id=1}: got the reply pixels=307200
//! ```
//!
//! (The two clients' lines interleave differently from run to run.) The test
//! `tests/it/instrument/threads.rs` runs these functions under a recording
//! subscriber and asserts the span tree.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use instrument_runtime::{Span, instrument};

/// A job for the worker: its input, the span it was sent from, and where to
/// send the result.
pub(crate) struct Job {
    width: u64,
    span: Span,
    reply: Sender<u64>,
}

/// Handles one request on a client thread: sends the worker a job that
/// carries this function's span, and waits for the reply.
#[instrument(skip(jobs))]
pub(crate) fn request(id: u64, jobs: &Sender<Job>) -> u64 {
    let (reply, replies) = mpsc::channel();
    tracing::info!("sending the job");
    jobs.send(Job {
        width: 640 * id,
        span: Span::current(),
        reply,
    })
    .expect("the worker is running");
    let pixels = replies.recv().expect("the worker replies");
    tracing::info!(pixels, "got the reply");
    pixels
}

/// The worker thread's loop: handles jobs until every sender is gone.
pub(crate) fn worker(jobs: &Receiver<Job>) {
    for job in jobs {
        resize(&job);
    }
}

/// Handles one job, in a span whose parent is the span the job was sent
/// from, on another thread.
#[instrument(parent = &job.span, skip(job), fields(width = job.width))]
fn resize(job: &Job) {
    let pixels = job.width * job.width * 3 / 4;
    tracing::info!("resized");
    // The client may have given up; nothing to do then.
    let _ = job.reply.send(pixels);
}

fn main() {
    tracing_subscriber::fmt()
        .with_thread_names(true)
        .with_target(false)
        .with_ansi(false)
        .without_time()
        .init();

    let (jobs, queue) = mpsc::channel();
    let worker = thread::Builder::new()
        .name("worker".into())
        .spawn(move || worker(&queue))
        .expect("spawning the worker");
    let clients: Vec<_> = (1..=2)
        .map(|id| {
            let jobs = jobs.clone();
            thread::Builder::new()
                .name(format!("client-{id}"))
                .spawn(move || request(id, &jobs))
                .expect("spawning a client")
        })
        .collect();
    // The worker stops when the clients' senders and this one are gone.
    drop(jobs);
    for client in clients {
        client.join().expect("a client thread");
    }
    worker.join().expect("the worker thread");
}
