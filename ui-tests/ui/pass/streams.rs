//! Functions that return streams, in every form `#[instrument]` recognises
//! (`impl Stream` under any path and with bounds, `Pin<Box<dyn Stream>>`,
//! `BoxStream`, `LocalBoxStream`, `stream` on an alias), with early returns,
//! a tail `Box::pin`, generics, methods and borrowed arguments. Warnings are
//! errors: the generated code must not cause any.

#![deny(warnings)]

use std::pin::Pin;
use std::rc::Rc;

use futures_core::stream::{BoxStream, LocalBoxStream, Stream};
use futures_util::stream::{self, StreamExt as _};
use instrument_runtime::instrument;

type Numbers = Pin<Box<dyn Stream<Item = u32> + Send>>;

#[instrument]
fn impl_stream(n: u32) -> impl Stream<Item = u32> {
    stream::iter(0..n)
}

#[instrument(level = "debug", skip(items))]
fn impl_stream_send_lifetime<'a>(items: &'a [u32]) -> impl Stream<Item = u32> + Send + 'a {
    stream::iter(items).map(|item| *item)
}

#[instrument]
fn impl_stream_full_path(n: u32) -> impl futures_core::stream::Stream<Item = u32> + Unpin {
    stream::iter(0..n)
}

#[instrument]
fn pin_box_dyn(n: u32) -> Pin<Box<dyn Stream<Item = u32> + Send>> {
    let items = stream::iter(0..n);
    Box::pin(items)
}

#[instrument]
fn pin_box_full_paths(
    n: u32,
) -> std::pin::Pin<std::boxed::Box<dyn futures_core::Stream<Item = u32> + Send + 'static>> {
    std::boxed::Box::pin(stream::iter(0..n))
}

#[instrument]
fn box_stream(items: &[u32]) -> BoxStream<'_, u32> {
    stream::iter(items).map(|item| *item).boxed()
}

#[instrument]
fn local_box_stream(shared: Rc<u32>) -> LocalBoxStream<'static, u32> {
    Box::pin(stream::iter(0..*shared))
}

#[instrument(stream)]
fn declared(n: u32) -> Numbers {
    Box::pin(stream::iter(0..n))
}

#[instrument]
fn early_return(cached: Option<u32>) -> impl Stream<Item = u32> {
    if let Some(value) = cached {
        return stream::iter(vec![value]);
    }
    stream::iter(vec![1, 2])
}

#[instrument]
fn early_return_boxed(cached: Option<u32>) -> BoxStream<'static, u32> {
    if let Some(value) = cached {
        return stream::once(async move { value }).boxed();
    }
    Box::pin(stream::iter(0..3))
}

#[instrument(skip(items))]
fn generic<T: Send + 'static>(items: Vec<T>) -> impl Stream<Item = T> + Send {
    stream::iter(items)
}

#[derive(Debug)]
struct Source {
    items: Vec<u32>,
}

impl Source {
    #[instrument]
    fn items(&self) -> impl Stream<Item = u32> + '_ {
        stream::iter(&self.items).map(|item| *item)
    }

    #[instrument(skip(self))]
    fn into_items(self) -> BoxStream<'static, u32> {
        stream::iter(self.items).boxed()
    }
}

fn main() {
    let source = Source {
        items: vec![1, 2],
    };
    let items = [1, 2];
    let _ = impl_stream(1);
    let _ = impl_stream_send_lifetime(&items);
    let _ = impl_stream_full_path(1);
    let _ = pin_box_dyn(1);
    let _ = pin_box_full_paths(1);
    let _ = box_stream(&items);
    let _ = local_box_stream(Rc::new(1));
    let _ = declared(1);
    let _ = early_return(None);
    let _ = early_return_boxed(Some(1));
    let _ = generic(vec![1]);
    let _ = source.items();
    let _ = source.into_items();
}
