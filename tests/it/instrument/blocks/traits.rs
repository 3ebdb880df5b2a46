//! An annotated trait: its default bodies are instrumented (sync and `async
//! fn`), named `Trait::method`, and declarations left as they are; `self` is
//! recorded only when `Debug` is a supertrait. An impl that overrides a
//! default keeps its own behaviour: plain when it is not annotated,
//! `Type::method` when it is.

use std::fmt::Debug;

use instrument_runtime::{info_span, instrument, no_instrument, Instrument as _};
use instrument_tests::{record, record_async};
use tokio::task::yield_now;

#[instrument]
trait Greeter {
    /// A declaration: left as it is.
    fn name(&self) -> String;

    fn greet(&self, whom: &str) -> String {
        tracing::info!("greet");
        format!("{} greets {whom}", self.name())
    }

    async fn greet_later(&self, whom: &str) -> String {
        yield_now().await;
        tracing::info!("greet later");
        format!("{} greets {whom} later", self.name())
    }

    /// A generic method.
    fn greet_all<W: Debug>(&self, whom: &[W]) -> String {
        format!("{} greets {whom:?}", self.name())
    }

    #[no_instrument]
    fn plain(&self) -> String {
        tracing::info!("plain default");
        self.name()
    }
}

/// Not `Debug`: the trait's default bodies cannot record `self`.
struct English;

impl Greeter for English {
    fn name(&self) -> String {
        tracing::info!("name");
        String::from("English")
    }
}

/// Overrides `greet` in an impl that is not annotated: no span.
struct French;

impl Greeter for French {
    fn name(&self) -> String {
        String::from("French")
    }

    fn greet(&self, whom: &str) -> String {
        tracing::info!("salut");
        format!("salut {whom}")
    }
}

/// Overrides `greet` in an annotated impl: `German::greet`.
#[derive(Debug)]
struct German;

#[instrument]
impl Greeter for German {
    fn name(&self) -> String {
        String::from("German")
    }

    fn greet(&self, whom: &str) -> String {
        tracing::info!("hallo");
        format!("hallo {whom}")
    }
}

#[test]
fn default_bodies_are_instrumented_and_declarations_left_alone() {
    let (out, rec) = record_async(|| async {
        let work = info_span!("work");
        let greeted = work.in_scope(|| English.greet("ada"));
        // Opens at the first poll, inside `poller`.
        let later = work
            .in_scope(|| English.greet_later("bob"))
            .instrument(info_span!("poller"))
            .await;
        let all = work.in_scope(|| English.greet_all(&[1_u8, 2]));
        let plain = work.in_scope(|| English.plain());
        (greeted, later, all, plain)
    });
    assert_eq!(
        out,
        (
            "English greets ada".to_owned(),
            "English greets bob later".to_owned(),
            "English greets [1, 2]".to_owned(),
            "English".to_owned()
        )
    );
    let greet = rec.span_named("Greeter::greet");
    assert_eq!(greet.parent, Some("work"));
    assert_eq!(greet.fields["whom"], "ada");
    assert!(!greet.declared.contains(&"self"), "{greet:?}");
    assert_eq!(
        rec.event_with_message("greet").chain,
        ["Greeter::greet", "work"]
    );
    let later = rec.span_named("Greeter::greet_later");
    assert_eq!(later.parent, Some("poller"));
    assert_eq!(later.fields["whom"], "bob");
    assert!(!later.declared.contains(&"self"), "{later:?}");
    assert_eq!(
        rec.event_with_message("greet later").chain,
        ["Greeter::greet_later", "poller"]
    );
    let all = rec.span_named("Greeter::greet_all");
    assert_eq!(all.fields["whom"], "[1, 2]");
    // `name` is a declaration, `plain` opted out: their events are in their
    // caller's span.
    let names: Vec<Vec<&str>> = rec
        .events_with_message("name")
        .into_iter()
        .map(|e| e.chain)
        .collect();
    assert_eq!(
        names,
        [
            &["Greeter::greet", "work"][..],
            &["Greeter::greet_later", "poller"],
            &["Greeter::greet_all", "work"],
            &["work"],
        ]
    );
    assert_eq!(rec.event_with_message("plain default").chain, ["work"]);
    assert_eq!(
        rec.spans().len(),
        5,
        "work, poller and three defaults: {rec:?}"
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn an_impl_overriding_a_default_keeps_its_own_behaviour() {
    let (out, rec) = record_async(|| async {
        let french = French.greet("ada");
        let french_later = French.greet_later("bob").await;
        let german = German.greet("eve");
        let german_later = German.greet_later("max").await;
        (french, french_later, german, german_later)
    });
    assert_eq!(
        out,
        (
            "salut ada".to_owned(),
            "French greets bob later".to_owned(),
            "hallo eve".to_owned(),
            "German greets max later".to_owned()
        )
    );
    // French's override is not annotated: no span.
    assert!(rec.event_with_message("salut").chain.is_empty());
    // German's is, with German's name and `self`; its `name` too.
    let greet = rec.span_named("German::greet");
    assert_eq!(greet.fields["self"], "German");
    assert_eq!(rec.event_with_message("hallo").chain, ["German::greet"]);
    // The defaults they do not override stay the trait's.
    let later = rec.spans_named("Greeter::greet_later");
    assert_eq!(later.len(), 2, "{rec:?}");
    assert_eq!(
        rec.span_named("German::name").parent,
        Some("Greeter::greet_later")
    );
    let names: Vec<&str> = rec.spans().iter().map(|span| span.name).collect();
    assert_eq!(
        names,
        [
            "Greeter::greet_later",
            "German::greet",
            "Greeter::greet_later",
            "German::name"
        ]
    );
}

/// With `Debug` as a supertrait, default bodies record `self`.
#[instrument]
trait Described: std::fmt::Debug {
    fn describe(&self, prefix: &str) -> String {
        format!("{prefix} {self:?}")
    }

    async fn describe_later(&self) -> String {
        yield_now().await;
        format!("{self:?}")
    }
}

#[derive(Debug)]
struct Item(#[allow(dead_code, reason = "recorded with `self`, never read")] u8);

impl Described for Item {}

#[test]
fn a_debug_supertrait_records_self() {
    let (out, rec) =
        record_async(|| async { (Item(1).describe("item"), Item(2).describe_later().await) });
    assert_eq!(out, ("item Item(1)".to_owned(), "Item(2)".to_owned()));
    let describe = rec.span_named("Described::describe");
    assert_eq!(describe.fields["self"], "Item(1)");
    assert_eq!(describe.fields["prefix"], "item");
    assert_eq!(
        rec.span_named("Described::describe_later").fields["self"],
        "Item(2)"
    );
}

/// A generic trait with an associated type and const, `err` at the block:
/// given to the default body that returns a `Result`, not to the others.
#[instrument(err)]
trait Repository<K: Debug> {
    type Item: Debug;
    const KIND: &'static str;

    fn get(&self, key: &K) -> Option<Self::Item>;

    fn describe(&self, key: K) -> String {
        format!("{} {key:?}", Self::KIND)
    }

    fn require(&self, key: K) -> Result<Self::Item, String> {
        self.get(&key).ok_or_else(|| format!("no {key:?}"))
    }

    fn first<Q: Into<K> + Debug>(&self, query: Q) -> Option<Self::Item> {
        self.get(&query.into())
    }
}

struct Numbers;

impl Repository<u8> for Numbers {
    type Item = u16;
    const KIND: &'static str = "number";

    fn get(&self, key: &u8) -> Option<u16> {
        (*key < 10).then(|| u16::from(*key) * 100)
    }
}

#[test]
fn a_generic_trait_with_associated_items() {
    let (out, rec) = record(|| {
        (
            Numbers.describe(1),
            Numbers.require(2),
            Numbers.require(20),
            Numbers.first(true),
        )
    });
    assert_eq!(
        out,
        (
            "number 1".to_owned(),
            Ok(200),
            Err("no 20".to_owned()),
            Some(100)
        )
    );
    assert_eq!(rec.span_named("Repository::describe").fields["key"], "1");
    assert_eq!(rec.span_named("Repository::first").fields["query"], "true");
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 1, "{rec:?}");
    assert_eq!(errors[0].fields["error"], "no 20");
    assert_eq!(errors[0].chain, ["Repository::require"]);
}
