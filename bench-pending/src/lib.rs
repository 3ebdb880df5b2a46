//! Shared code of the `pending` benches: one tree of futures, built three
//! ways (plain, with our spans, with `await-tree`'s annotations), an
//! executor that needs no runtime, and the span trees the dump cases hold
//! open.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use instrument_runtime::{Span, info_span};

/// The tree of futures every `tree/*` case runs: a root awaiting
/// [`FANOUT`] children, each awaiting [`FANOUT`] leaves (21 nodes). Each leaf
/// returns `Pending` once, so every node is polled twice: two enters and
/// two exits per span, as a future that waits once.
pub const FANOUT: u64 = 4;

/// Nodes in the tree: `1 + FANOUT + FANOUT^2`.
pub const TREE_NODES: u64 = 1 + FANOUT + FANOUT * FANOUT;

/// A future that returns `Pending` once, waking itself.
pub struct YieldOnce(bool);

impl YieldOnce {
    /// Not yet yielded.
    pub fn new() -> YieldOnce {
        YieldOnce(false)
    }
}

impl Default for YieldOnce {
    fn default() -> YieldOnce {
        YieldOnce::new()
    }
}

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Polls `fut` to completion on this thread with a no-op waker.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The tree without instrumentation: the floor.
pub mod plain {
    use super::{FANOUT, YieldOnce};

    async fn leaf(i: u64) -> u64 {
        YieldOnce::new().await;
        i
    }

    async fn child(i: u64) -> u64 {
        let mut sum = 0;
        for j in 0..FANOUT {
            sum += leaf(i * FANOUT + j).await;
        }
        sum
    }

    /// The root.
    pub async fn tree() -> u64 {
        let mut sum = 0;
        for i in 0..FANOUT {
            sum += child(i).await;
        }
        sum
    }
}

/// The tree with one of our spans per node (`info_span!` and
/// `Instrument::instrument`): what `#[instrument]` gives each function.
pub mod spans {
    use instrument_runtime::{Instrument as _, info_span};

    use super::{FANOUT, YieldOnce};

    async fn leaf(i: u64) -> u64 {
        YieldOnce::new().instrument(info_span!("leaf")).await;
        i
    }

    async fn child(i: u64) -> u64 {
        let mut sum = 0;
        for j in 0..FANOUT {
            sum += leaf(i * FANOUT + j).await;
        }
        sum
    }

    /// The root.
    pub async fn tree() -> u64 {
        async {
            let mut sum = 0;
            for i in 0..FANOUT {
                sum += child(i).instrument(info_span!("child")).await;
            }
            sum
        }
        .instrument(info_span!("root"))
        .await
    }
}

/// Opens `roots` request spans, each with 3 children, each with 2
/// grandchildren (10 spans per root), all waiting, and returns them (the
/// spans stay open as long as the vector lives). Under a subscriber with a
/// `PendingLayer`, a dump of them has `10 * roots` nodes.
pub fn open_requests(roots: u64) -> Vec<Span> {
    let mut open = Vec::with_capacity(usize::try_from(roots * 10).unwrap_or(0));
    for id in 0..roots {
        let request = info_span!("request", id);
        for step in 0..3_u64 {
            let call = request.in_scope(|| info_span!("call", step));
            for part in 0..2_u64 {
                open.push(call.in_scope(|| info_span!("part", part)));
            }
            open.push(call);
        }
        open.push(request);
    }
    open
}
