//! A representative set of instrumented shapes on edition 2024: named and
//! elided lifetimes with returned borrows, `&self` returning borrows of
//! `self`, `impl Trait` arguments, `use<..>` precise capturing, `async fn` in
//! traits (impl and default body), future returners, destructured parameters
//! and `unsafe fn`s; with span-tree assertions.

use std::fmt::{Debug, Display};
use std::future::Future;
use std::pin::Pin;

use futures_core::stream::{BoxStream, Stream};
use futures_util::stream::{self, StreamExt as _};
use instrument_runtime::{Instrument as _, info_span, instrument};
use instrument_tests::{Recorder, record_async};
use tokio::task::{JoinSet, yield_now};

instrument_tests_2024::unsafe_shapes!();

fn assert_send<T: Send>(_: &T) {}

#[derive(Debug)]
struct Catalog {
    name: String,
    items: Vec<u32>,
}

impl Catalog {
    /// A named lifetime on an argument, elided on `&self`.
    #[instrument(skip(self))]
    async fn first<'a>(&self, xs: &'a [u8]) -> &'a u8 {
        yield_now().await;
        &xs[self.items.len() % xs.len()]
    }

    /// A borrow of `self`, every lifetime elided.
    #[instrument(skip(self))]
    async fn name(&self) -> &str {
        yield_now().await;
        &self.name
    }

    #[instrument(skip(self))]
    async fn item(&self, at: usize) -> Option<&u32> {
        yield_now().await;
        self.items.get(at)
    }

    /// A future returner with a prelude, borrowing `self`: on edition 2024
    /// the `impl Future` captures the borrow without `use<..>`.
    #[instrument(skip(self))]
    fn total(&self, extra: u32) -> impl Future<Output = u32> {
        tracing::info!("total prelude");
        let items = &self.items;
        async move {
            yield_now().await;
            items.iter().sum::<u32>() + extra
        }
    }
}

impl Catalog {
    /// A stream borrowing `self`: on edition 2024 the `impl Stream` captures
    /// the borrow without `+ '_`.
    #[instrument(skip(self))]
    fn stream_items(&self, extra: u32) -> impl Stream<Item = u32> {
        tracing::info!("stream_items prelude");
        stream::iter(&self.items).map(move |item| {
            tracing::info!("stream_items item");
            item + extra
        })
    }

    #[instrument(skip(self))]
    fn boxed_items(&self) -> BoxStream<'_, u32> {
        stream::iter(&self.items).map(|item| *item).boxed()
    }
}

/// Precise capturing: the stream captures `'a`, not `tag`'s lifetime.
#[instrument]
fn tagged<'a>(items: &'a [u32], tag: &str) -> impl Stream<Item = u32> + Send + use<'a> {
    tracing::info!(tag, "tagged prelude");
    stream::iter(items).map(|item| *item)
}

#[instrument]
async fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    yield_now().await;
    if a.len() >= b.len() { a } else { b }
}

#[instrument]
async fn trimmed(s: &str) -> &str {
    yield_now().await;
    s.trim()
}

#[derive(Debug)]
struct Holder<'a> {
    text: &'a str,
}

#[instrument]
async fn holder_len(holder: Holder<'_>, extra: &[u8]) -> usize {
    yield_now().await;
    holder.text.len() + extra.len()
}

#[instrument]
async fn shown(x: impl Display + Debug, items: impl IntoIterator<Item = u32> + Debug) -> String {
    yield_now().await;
    let total: u32 = items.into_iter().sum();
    format!("{x}:{total}")
}

/// Precise capturing: the returned future captures `'a`, not `other`'s.
#[instrument]
fn precise<'a>(kept: &'a str, other: &str) -> impl Future<Output = usize> + use<'a> {
    let n = other.len();
    async move { kept.len() + n }
}

#[derive(Debug)]
struct Point {
    x: i32,
    y: i32,
}

#[instrument]
async fn destructured((a, b): (u32, String), Point { x, y }: Point) -> String {
    yield_now().await;
    format!("{a}{b}{x}{y}")
}

#[instrument]
fn sub_task() -> impl Future<Output = ()> {
    tracing::info!("making sub task");
    async { tracing::info!("performing task") }
}

#[instrument]
fn boxed(s: &str) -> Pin<Box<dyn Future<Output = usize> + Send + '_>> {
    Box::pin(async move {
        yield_now().await;
        tracing::info!("in boxed");
        s.len()
    })
}

trait Store {
    async fn get(&self, key: u32) -> u32;

    #[instrument(skip(self))]
    async fn get_both(&self, a: u32, b: u32) -> u32 {
        self.get(a).await + self.get(b).await
    }
}

#[derive(Debug)]
struct MemStore;

impl Store for MemStore {
    #[instrument]
    async fn get(&self, key: u32) -> u32 {
        yield_now().await;
        tracing::info!("in get");
        key * 10
    }
}

#[test]
fn lifetimes_borrows_and_impl_trait() {
    let catalog = Catalog {
        name: "books".to_owned(),
        items: vec![1, 2],
    };
    let owned = String::from("  padded ");
    let (out, rec) = record_async(|| async {
        let bytes = [7, 8, 9];
        (
            *catalog.first(&bytes).await,
            catalog.name().await.to_owned(),
            catalog.item(1).await.copied(),
            longest("ab", "abc").await.to_owned(),
            trimmed(&owned).await.to_owned(),
            holder_len(Holder { text: "held" }, b"xy").await,
            shown(1.5, vec![1, 2]).await,
            precise("four", &String::from("xyz")).await,
            catalog.total(10).instrument(info_span!("poller")).await,
        )
    });
    assert_eq!(
        out,
        (
            9,
            "books".to_owned(),
            Some(2),
            "abc".to_owned(),
            "padded".to_owned(),
            6,
            "1.5:3".to_owned(),
            7,
            13
        )
    );
    assert_eq!(rec.span_named("first").fields["xs"], "[7, 8, 9]");
    assert_eq!(rec.span_named("trimmed").fields["s"], "  padded ");
    assert_eq!(
        rec.span_named("holder_len").fields["holder"],
        "Holder { text: \"held\" }"
    );
    assert_eq!(rec.span_named("shown").fields["items"], "[1, 2]");
    assert_eq!(rec.span_named("precise").fields["kept"], "four");
    // A prelude: the span opened at the call, outside `poller`.
    assert_eq!(rec.span_named("total").parent, None);
    assert_eq!(rec.event_with_message("total prelude").chain, ["total"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    assert_send(&catalog.first(b"x"));
    assert_send(&catalog.name());
    assert_send(&trimmed("x"));
    assert_send(&catalog.total(1));
}

#[test]
fn streams_capture_borrows() {
    let catalog = Catalog {
        name: "books".to_owned(),
        items: vec![1, 2],
    };
    let (out, rec) = record_async(|| async {
        let tag = String::from("t");
        let (items, boxed, tagged) = info_span!("caller").in_scope(|| {
            (
                catalog.stream_items(10),
                catalog.boxed_items(),
                tagged(&catalog.items, &tag),
            )
        });
        // `tagged` does not capture `tag`.
        drop(tag);
        (
            items.collect::<Vec<u32>>().await,
            boxed.collect::<Vec<u32>>().await,
            tagged.collect::<Vec<u32>>().await,
        )
    });
    assert_eq!(out, (vec![11, 12], vec![1, 2], vec![1, 2]));
    for message in ["stream_items prelude", "stream_items item"] {
        for event in rec.events_with_message(message) {
            assert_eq!(event.chain, ["stream_items", "caller"], "{message}");
        }
    }
    assert_eq!(rec.events_with_message("stream_items item").len(), 2);
    assert_eq!(rec.span_named("tagged").fields["tag"], "t");
    for name in ["stream_items", "boxed_items", "tagged"] {
        let span = rec.span_named(name);
        assert_eq!(span.parent, Some("caller"), "{name}");
        // The body, three polls (two items and `None`), the drop.
        assert_eq!(span.entered, 5, "{name}");
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
    assert_send(&tagged(&[], ""));
}

#[test]
fn trait_async_fns_and_destructuring() {
    let (out, rec) = record_async(|| async {
        (
            MemStore.get_both(1, 2).await,
            destructured((3, "b".to_owned()), Point { x: 4, y: 5 }).await,
        )
    });
    assert_eq!(out, (30, "3b45".to_owned()));
    let gets = rec.spans_named("get");
    assert_eq!(gets.len(), 2);
    for get in &gets {
        assert_eq!(rec.ancestry(get), ["get", "get_both"]);
        assert_eq!(get.fields["self"], "MemStore");
    }
    for event in rec.events_with_message("in get") {
        assert_eq!(event.chain, ["get", "get_both"]);
    }
    let span = rec.span_named("destructured");
    assert_eq!(span.declared, ["a", "b", "x", "y"]);
    assert_eq!(span.fields["b"], "b");
    assert_eq!(span.fields["y"], "5");
}

#[test]
fn spawned_future_returners_keep_the_callers_span() {
    for multi in [true, false] {
        let (_, rec) = Recorder::new();
        let rt = if multi {
            rec.multi_thread_runtime(2)
        } else {
            rec.current_thread_runtime()
        };
        let out = rec.block_on(&rt, async {
            let mut set = JoinSet::new();
            let handle = info_span!("work").in_scope(|| {
                set.spawn(sub_task());
                tokio::spawn(boxed("static"))
            });
            while let Some(done) = set.join_next().await {
                done.unwrap();
            }
            handle.await.unwrap()
        });
        assert_eq!(out, 6);
        for message in ["making sub task", "performing task"] {
            assert_eq!(
                rec.event_with_message(message).chain,
                ["sub_task", "work"],
                "{message}"
            );
        }
        assert_eq!(rec.event_with_message("in boxed").chain, ["boxed", "work"]);
        rec.assert_all_closed_once();
    }
}

#[test]
fn unsafe_fns() {
    let (out, rec) = record_async(|| async {
        let sync = info_span!("caller").in_scope(|| call_unsafe_sync(1));
        (sync, call_unsafe_async(1).await)
    });
    assert_eq!(out, (2, 3));
    assert_eq!(rec.span_named("unsafe_sync").parent, Some("caller"));
    assert_eq!(rec.span_named("unsafe_async").fields["x"], "1");
    let rets: Vec<(&str, String)> = rec
        .events()
        .into_iter()
        .map(|e| (e.chain[0], e.fields["return"].clone()))
        .collect();
    assert_eq!(
        rets,
        [
            ("unsafe_sync", "2".to_owned()),
            ("unsafe_async", "3".to_owned())
        ]
    );
}
