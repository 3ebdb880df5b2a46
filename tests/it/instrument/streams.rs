//! `#[instrument]` on functions that return streams (issue 14): the span
//! opens at the call and the body builds the stream inside it; the stream is
//! entered around every `poll_next` and while dropped, and the span closes
//! with it. Events in `then`/`map` closures and in a `stream!` body land in
//! the span; a stream driven from a spawned task keeps its parent on both
//! runtimes; the span closes once, on exhaustion (when the stream is dropped)
//! and on early drop. Every return-type form: `impl Stream` (with `+ Send +
//! 'a`, under a full path), `Pin<Box<dyn Stream>>`, `BoxStream`,
//! `LocalBoxStream`, `#[instrument(stream)]` on an alias; early `return`s of a
//! stream; a tail `Box::pin(s)` boxed once; the inner stream's size hint.

use std::mem::size_of_val;
use std::pin::Pin;
use std::rc::Rc;

use futures_core::stream::{BoxStream, LocalBoxStream, Stream};
use futures_util::stream::{self, StreamExt as _};
use instrument_runtime::{info_span, instrument};
use instrument_tests::{both_runtimes, record_async, LogOnDrop, Recorder};
use tokio::task::yield_now;

/// An alias the macro cannot recognise: needs `#[instrument(stream)]`.
type Numbers = Pin<Box<dyn Stream<Item = u32> + Send>>;

fn assert_send<T: Send>(_: &T) {}

#[track_caller]
fn assert_chains(rec: &Recorder, message: &str, chain: &[&str]) {
    let events = rec.events_with_message(message);
    assert!(!events.is_empty(), "no event {message:?}\n{rec:?}");
    for event in events {
        assert_eq!(event.chain, chain, "{message}\n{rec:?}");
    }
}

// ---------------------------------------------------------------- combinators

#[instrument]
fn doubled(n: u32) -> impl Stream<Item = u32> {
    tracing::info!("building doubled");
    stream::iter(0..n)
        .then(|i| async move {
            tracing::info!(i, "then");
            yield_now().await;
            i * 2
        })
        .map(|i| {
            tracing::info!(i, "map");
            i + 1
        })
}

#[test]
fn events_in_then_and_map_closures_land_in_the_span() {
    let (out, rec) = record_async(|| async {
        let numbers = info_span!("caller").in_scope(|| doubled(3));
        numbers.collect::<Vec<u32>>().await
    });
    assert_eq!(out, [1, 3, 5]);
    for message in ["building doubled", "then", "map"] {
        assert_chains(&rec, message, &["doubled", "caller"]);
    }
    assert_eq!(rec.events_with_message("then").len(), 3);
    let span = rec.span_named("doubled");
    assert_eq!(span.parent, Some("caller"));
    assert_eq!(span.values["n"].text, "3");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- stream! bodies

#[instrument]
fn generated(n: u32) -> impl Stream<Item = u32> + Send {
    tracing::info!("building generated");
    async_stream::stream! {
        let _guard = LogOnDrop("generated state");
        for i in 0..n {
            tracing::info!(i, "yielding");
            yield_now().await;
            yield i;
        }
        tracing::info!("generated exhausted");
    }
}

#[test]
fn events_in_a_stream_body_land_in_the_span() {
    let (out, rec) = record_async(|| async {
        let numbers = info_span!("caller").in_scope(|| generated(2));
        numbers.collect::<Vec<u32>>().await
    });
    assert_eq!(out, [0, 1]);
    for message in [
        "building generated",
        "yielding",
        "generated exhausted",
        "dropped",
    ] {
        assert_chains(&rec, message, &["generated", "caller"]);
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- spawned

#[instrument(name = "work")]
async fn work_spawning_a_stream() -> Vec<u32> {
    let numbers = generated(3);
    tokio::spawn(numbers.collect::<Vec<u32>>()).await.unwrap()
}

#[test]
fn a_stream_driven_from_a_spawned_task_keeps_its_parent_on_both_runtimes() {
    for (runtime, rec, rt) in both_runtimes() {
        assert_eq!(
            rec.block_on(&rt, work_spawning_a_stream()),
            [0, 1, 2],
            "{runtime}"
        );
        for message in ["building generated", "yielding", "generated exhausted"] {
            assert_chains(&rec, message, &["generated", "work"]);
        }
        assert_eq!(
            rec.span_named("generated").parent,
            Some("work"),
            "{runtime}"
        );
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

// ---------------------------------------------------------------- closing

/// How often the span of `generated` was closed so far.
fn closed(rec: &Recorder) -> usize {
    rec.span_named("generated").closed
}

#[test]
fn the_span_closes_once_when_an_exhausted_stream_is_dropped() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let mut numbers = Box::pin(generated(2));
        let mut items = Vec::new();
        while let Some(item) = numbers.next().await {
            items.push(item);
        }
        assert_eq!(items, [0, 1]);
        // Exhausted, not dropped: the stream still holds its span.
        assert_eq!(numbers.next().await, None);
        assert_eq!(closed(&rec), 0, "{rec:?}");
        drop(numbers);
        assert_eq!(closed(&rec), 1, "{rec:?}");
    });
    let span = rec.span_named("generated");
    // Entered for the body, around each of the 2 * 2 + 2 polls (each item
    // is pending once, at its `yield_now`; then `None` twice), and to drop.
    assert_eq!(span.entered, 1 + 6 + 1, "{rec:?}");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn the_span_closes_once_when_a_stream_is_dropped_early() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let mut numbers = Box::pin(info_span!("caller").in_scope(|| generated(5)));
        assert_eq!(numbers.next().await, Some(0));
        assert_eq!(closed(&rec), 0);
        drop(numbers);
        assert_eq!(closed(&rec), 1, "{rec:?}");
        // Dropped before its first poll: the span opened at the call closes
        // with it.
        drop(info_span!("caller").in_scope(|| generated(5)));
    });
    let spans = rec.spans_named("generated");
    assert_eq!(spans.len(), 2);
    // The body's state is dropped inside the span, with the stream.
    let dropped = rec.events_with_message("dropped");
    assert_eq!(dropped.len(), 1, "the unpolled stream never ran its body");
    assert_eq!(dropped[0].chain, ["generated", "caller"]);
    assert!(rec.events_with_message("generated exhausted").is_empty());
    // Entered for the body, then only to be dropped.
    assert_eq!(spans[1].entered, 2, "{rec:?}");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[instrument]
fn counted(n: u32) -> impl Stream<Item = u32> {
    stream::iter(0..n)
}

/// The instrumented stream passes on its inner stream's `size_hint` (which
/// `collect` reserves by), item after item.
#[test]
fn the_size_hint_is_the_inner_streams() {
    let ((), rec) = record_async(|| async {
        let mut numbers = Box::pin(counted(3));
        assert_eq!(numbers.size_hint(), (3, Some(3)));
        assert_eq!(numbers.next().await, Some(0));
        assert_eq!(numbers.size_hint(), (2, Some(2)));
    });
    assert_eq!(rec.spans_named("counted").len(), 1);
}

// ---------------------------------------------------------------- return types

#[instrument]
fn impl_send_lifetime<'a>(items: &'a [u32], tag: &str) -> impl Stream<Item = u32> + Send + 'a {
    tracing::info!(tag, "prelude impl_send_lifetime");
    stream::iter(items).map(|&item| {
        tracing::info!("item impl_send_lifetime");
        item
    })
}

#[instrument]
fn full_path(n: u32) -> impl futures_core::stream::Stream<Item = u32> {
    tracing::info!("prelude full_path");
    stream::iter(0..n).map(|item| {
        tracing::info!("item full_path");
        item
    })
}

#[instrument]
fn pin_box_dyn(n: u32) -> Pin<Box<dyn Stream<Item = u32> + Send>> {
    tracing::info!("prelude pin_box_dyn");
    let items = stream::iter(0..n).map(|item| {
        tracing::info!("item pin_box_dyn");
        item
    });
    Box::pin(items)
}

#[instrument]
fn box_stream(items: &[u32]) -> BoxStream<'_, u32> {
    tracing::info!("prelude box_stream");
    stream::iter(items)
        .map(|&item| {
            tracing::info!("item box_stream");
            item
        })
        .boxed()
}

#[instrument]
fn local_box_stream(shared: Rc<u32>) -> LocalBoxStream<'static, u32> {
    tracing::info!("prelude local_box_stream");
    Box::pin(stream::iter(0..*shared).map(move |item| {
        tracing::info!(shared = *shared, "item local_box_stream");
        item
    }))
}

#[instrument(stream)]
fn declared_stream(n: u32) -> Numbers {
    tracing::info!("prelude declared_stream");
    Box::pin(stream::iter(0..n).map(|item| {
        tracing::info!("item declared_stream");
        item
    }))
}

#[test]
fn every_return_type_form_opens_its_span_at_the_call() {
    let items = [5_u32, 6];
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async {
        let caller = info_span!("caller");
        // Every span opens at the call, inside `caller`; the streams are
        // polled outside it.
        let streams = caller.in_scope(|| {
            (
                impl_send_lifetime(&items, "t"),
                full_path(2),
                pin_box_dyn(2),
                box_stream(&items),
                local_box_stream(Rc::new(2)),
                declared_stream(2),
            )
        });
        let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), 7, "caller and one span per call: {names:?}");
        (
            streams.0.collect::<Vec<u32>>().await,
            streams.1.collect::<Vec<u32>>().await,
            streams.2.collect::<Vec<u32>>().await,
            streams.3.collect::<Vec<u32>>().await,
            streams.4.collect::<Vec<u32>>().await,
            streams.5.collect::<Vec<u32>>().await,
        )
    });
    assert_eq!(
        out,
        (
            vec![5, 6],
            vec![0, 1],
            vec![0, 1],
            vec![5, 6],
            vec![0, 1],
            vec![0, 1]
        )
    );
    for name in [
        "impl_send_lifetime",
        "full_path",
        "pin_box_dyn",
        "box_stream",
        "local_box_stream",
        "declared_stream",
    ] {
        assert_chains(&rec, &format!("prelude {name}"), &[name, "caller"]);
        assert_chains(&rec, &format!("item {name}"), &[name, "caller"]);
        assert_eq!(rec.events_with_message(&format!("item {name}")).len(), 2);
        // Entered for the body, around each of three polls (two items, then
        // `None`), and to drop the stream.
        assert_eq!(rec.span_named(name).entered, 5, "{name}\n{rec:?}");
    }
    assert_eq!(rec.span_named("impl_send_lifetime").fields["tag"], "t");
    assert_eq!(rec.span_named("local_box_stream").fields["shared"], "2");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    assert_send(&impl_send_lifetime(&items, ""));
    assert_send(&pin_box_dyn(0));
    assert_send(&box_stream(&items));
    assert_send(&declared_stream(0));
}

// ---------------------------------------------------------------- body forms

#[instrument]
fn early_return_impl(cached: Option<u32>) -> impl Stream<Item = u32> {
    if let Some(value) = cached {
        tracing::info!("stream cache hit");
        return stream::iter(vec![value]);
    }
    tracing::info!("stream cache miss");
    stream::iter(vec![1, 2])
}

#[instrument]
fn early_return_boxed(cached: Option<u32>) -> BoxStream<'static, u32> {
    if let Some(value) = cached {
        tracing::info!("boxed cache hit");
        return Box::pin(stream::once(async move {
            tracing::info!("boxed cached item");
            value
        }));
    }
    tracing::info!("boxed cache miss");
    Box::pin(stream::once(async {
        tracing::info!("boxed computed item");
        42
    }))
}

#[test]
fn early_returns_are_instrumented_too() {
    let (out, rec) = record_async(|| async {
        let streams = info_span!("caller").in_scope(|| {
            (
                early_return_impl(Some(7)),
                early_return_impl(None),
                early_return_boxed(Some(8)),
                early_return_boxed(None),
            )
        });
        (
            streams.0.collect::<Vec<u32>>().await,
            streams.1.collect::<Vec<u32>>().await,
            streams.2.collect::<Vec<u32>>().await,
            streams.3.collect::<Vec<u32>>().await,
        )
    });
    assert_eq!(out, (vec![7], vec![1, 2], vec![8], vec![42]));
    for message in ["stream cache hit", "stream cache miss"] {
        assert_chains(&rec, message, &["early_return_impl", "caller"]);
    }
    for message in [
        "boxed cache hit",
        "boxed cached item",
        "boxed cache miss",
        "boxed computed item",
    ] {
        assert_chains(&rec, message, &["early_return_boxed", "caller"]);
    }
    // Each returned stream, the early one too, is polled inside the span:
    // body, one item and `None`, drop.
    for span in rec
        .spans_named("early_return_impl")
        .into_iter()
        .chain(rec.spans_named("early_return_boxed"))
    {
        let polls = if span.fields["cached"] == "None" && span.name == "early_return_impl" {
            3
        } else {
            2
        };
        assert_eq!(span.entered, 1 + polls + 1, "{span:?}\n{rec:?}");
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[instrument]
fn boxes_a_big_stream() -> Pin<Box<dyn Stream<Item = u8> + Send>> {
    Box::pin(stream::iter([7_u8; 1024]))
}

fn plain_big_stream() -> Pin<Box<dyn Stream<Item = u8> + Send>> {
    Box::pin(stream::iter([7_u8; 1024]))
}

#[test]
fn a_tail_box_pin_is_boxed_once_with_the_span() {
    let (sizes, rec) = record_async(|| async {
        let instrumented = boxes_a_big_stream();
        let plain = plain_big_stream();
        // The box holds the stream itself beside its span (a second box
        // would hold a 16-byte pointer instead of the 1 KiB stream).
        let sizes = (size_of_val(&*instrumented), size_of_val(&*plain));
        assert_eq!(instrumented.count().await, 1024);
        sizes
    });
    let (instrumented, plain) = sizes;
    assert!(
        instrumented >= plain && instrumented <= plain + 48,
        "instrumented {instrumented} bytes, plain {plain}"
    );
    assert_eq!(rec.span_named("boxes_a_big_stream").closed, 1);
}
