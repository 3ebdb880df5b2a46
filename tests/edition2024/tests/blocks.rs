//! Annotated `impl` blocks and traits on edition 2024, where `impl Trait` in
//! return position captures every lifetime in scope: an inherent impl with a
//! lifetime in its header whose methods return borrows and futures that
//! borrow `self` without `+ '_`; `async fn` in an annotated trait (default
//! body) and in an annotated trait impl; span-tree assertions throughout.

use std::future::Future;

use instrument_runtime::{Instrument as _, info_span, instrument};
use instrument_tests::record_async;
use tokio::task::yield_now;

fn assert_send<T: Send>(_: &T) {}

/// A lifetime in the impl header.
#[derive(Debug)]
struct Words<'a> {
    text: &'a str,
    at: usize,
}

#[instrument(skip(self))]
impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words { text, at: 0 }
    }

    /// A borrow of the header's lifetime, through `&mut self`.
    fn next_word(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..)?.trim_start();
        let start = self.text.len() - rest.len();
        let word = rest.split_whitespace().next()?;
        self.at = start + word.len();
        tracing::info!(word, "next word");
        Some(word)
    }

    /// An `async fn` returning a borrow of `self`, all lifetimes elided.
    async fn rest(&self) -> &str {
        yield_now().await;
        tracing::info!("rest");
        &self.text[self.at..]
    }

    /// Captures `&self` without `+ '_`: edition 2024 does.
    fn count(&self) -> impl Future<Output = usize> {
        tracing::info!("count prelude");
        async move {
            yield_now().await;
            self.text.split_whitespace().count()
        }
    }
}

#[instrument]
trait Inventory {
    fn items(&self) -> &[u32];

    async fn total(&self, extra: u32) -> u32 {
        yield_now().await;
        tracing::info!("total");
        self.items().iter().sum::<u32>() + extra
    }
}

#[derive(Debug)]
struct Shelf {
    items: Vec<u32>,
}

impl Inventory for Shelf {
    fn items(&self) -> &[u32] {
        &self.items
    }
}

#[derive(Debug)]
struct Counted {
    items: Vec<u32>,
}

#[instrument]
impl Inventory for Counted {
    fn items(&self) -> &[u32] {
        &self.items
    }

    async fn total(&self, extra: u32) -> u32 {
        yield_now().await;
        tracing::info!("counted total");
        u32::try_from(self.items.len()).unwrap() + extra
    }
}

#[test]
fn an_impl_with_a_lifetime_in_its_header() {
    let text = String::from("one two three");
    let (out, rec) = record_async(|| async {
        let work = info_span!("work");
        let mut words = work.in_scope(|| Words::new(&text));
        let first = work.in_scope(|| words.next_word());
        let second = work.in_scope(|| words.next_word());
        let rest = words.rest().instrument(work.clone()).await;
        let count = work.in_scope(|| words.count()).await;
        (first, second, rest.to_owned(), count)
    });
    assert_eq!(out, (Some("one"), Some("two"), " three".to_owned(), 3));
    assert_eq!(rec.span_named("Words::new").fields["text"], "one two three");
    let next = rec.spans_named("Words::next_word");
    assert_eq!(next.len(), 2);
    assert!(
        next.iter().all(|span| span.parent == Some("work")),
        "{rec:?}"
    );
    for event in rec.events_with_message("next word") {
        assert_eq!(event.chain, ["Words::next_word", "work"]);
    }
    assert_eq!(
        rec.event_with_message("rest").chain,
        ["Words::rest", "work"]
    );
    assert_eq!(
        rec.event_with_message("count prelude").chain,
        ["Words::count", "work"]
    );
    let count = rec.span_named("Words::count");
    assert!(!count.declared.contains(&"self"), "the block skips `self`");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn async_fn_in_an_annotated_trait_and_trait_impl() {
    let shelf = Shelf { items: vec![1, 2] };
    let counted = Counted { items: vec![1, 2] };
    let (out, rec) = record_async(|| async {
        let work = info_span!("work");
        let (a, b) = work.in_scope(|| (shelf.total(10), counted.total(10)));
        assert_send(&a);
        assert_send(&b);
        (a.instrument(work.clone()).await, b.instrument(work).await)
    });
    assert_eq!(out, (13, 12));
    let default = rec.span_named("Inventory::total");
    assert_eq!(default.parent, Some("work"));
    assert_eq!(default.fields["extra"], "10");
    assert!(!default.declared.contains(&"self"), "no `Debug` supertrait");
    assert_eq!(
        rec.event_with_message("total").chain,
        ["Inventory::total", "work"]
    );
    let own = rec.span_named("Counted::total");
    assert_eq!(own.fields["self"], "Counted { items: [1, 2] }");
    assert_eq!(
        rec.event_with_message("counted total").chain,
        ["Counted::total", "work"]
    );
    let names: Vec<&str> = rec.spans().iter().map(|span| span.name).collect();
    assert_eq!(names, ["work", "Inventory::total", "Counted::total"]);
    rec.assert_all_closed_once();
}
