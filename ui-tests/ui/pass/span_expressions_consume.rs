//! Span expressions may consume a parameter that the body does not use, as
//! with `tracing`'s attribute; a parameter they only borrow stays usable in
//! the body. The span opens in the body's own future, which owns the
//! arguments, so there is no second copy to keep.

#![deny(warnings)]

use instrument_runtime::{instrument, Id, Span};

#[instrument(follows_from = causes, skip(causes))]
async fn consumes_causes(causes: impl IntoIterator<Item = impl Into<Option<Id>>>, n: u64) -> u64 {
    n + 1
}

#[instrument(parent = parent, skip(parent))]
async fn consumes_parent(parent: Span, n: u64) -> u64 {
    n * 2
}

#[instrument(skip(bytes), fields(len = bytes.len()))]
async fn borrows_for_a_field(bytes: Vec<u8>) -> usize {
    bytes.len()
}

#[instrument(follows_from = causes, skip(causes))]
fn consumes_causes_sync(causes: Vec<Span>, n: u64) -> u64 {
    n + 1
}

fn main() {
    drop(consumes_causes([Span::current()], 1));
    drop(consumes_parent(Span::none(), 2));
    drop(borrows_for_a_field(vec![1, 2, 3]));
    let _ = consumes_causes_sync(vec![Span::none()], 3);
}
