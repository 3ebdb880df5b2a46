//! `#[instrument]` on whole `impl` blocks and traits: the span name
//! `Type::method` and parents of every kind of method (sync, `async fn`,
//! returning a future with or without a prelude, returning a stream) in
//! plain, generic and trait impls; unusual self types; how a method's own
//! attribute merges over the block's; `no_instrument` and what is left
//! alone; traits with default bodies; both orders with `async-trait`.

#![allow(
    clippy::unused_self,
    reason = "methods take `self` to be methods of the blocks under test, used or not"
)]
#![allow(
    clippy::needless_pass_by_value,
    reason = "the instrumented methods take owned values to test how they are recorded"
)]

use std::future::poll_fn;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use futures_core::Stream;

mod async_trait;
mod kinds;
mod merging;
mod opt_out;
mod self_types;
mod traits;

fn assert_send<T: Send>(_: &T) {}

/// A stream of `0..end`, with an event `item` at every `poll_next`.
struct Count {
    next: u32,
    end: u32,
}

impl Count {
    fn to(end: u32) -> Self {
        Count { next: 0, end }
    }
}

impl Stream for Count {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u32>> {
        tracing::info!("item");
        if self.next == self.end {
            return Poll::Ready(None);
        }
        self.next += 1;
        Poll::Ready(Some(self.next - 1))
    }
}

/// Every item of `stream`, in order.
async fn collect<S: Stream>(stream: S) -> Vec<S::Item> {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        items.push(item);
    }
    items
}
