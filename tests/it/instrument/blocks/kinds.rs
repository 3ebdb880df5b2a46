//! Every kind of method in an annotated plain, generic and trait impl. Each
//! gets one span named `Type::method`, which opens when its kind says: at the
//! call for a sync method, a future with a sync prelude and a stream; at the
//! first poll for an `async fn` and a future that is only an async block. The
//! parent follows from that. `self` and the parameters are recorded with
//! their types. The three blocks are written once, by a macro.

use std::fmt::Debug;
use std::future::Future;

use futures_core::Stream;
use instrument_runtime::{info_span, instrument, Instrument as _};
use instrument_tests::{both_runtimes, record_async, FieldValue, Recorder, VisitKind};
use tokio::task::yield_now;

use super::{collect, Count};

// ---------------------------------------------------------------- the blocks

/// The annotated block `$($header)*`, with one method of each kind. Written
/// once for the plain, generic and trait impls below; each type builds itself
/// with `From<u64>`.
macro_rules! every_kind {
    ($($header:tt)*) => {
        #[instrument]
        $($header)* {
            fn new(offset: u64) -> Self {
                tracing::info!("new");
                Self::from(offset)
            }

            fn get(&self, id: u64) -> u64 {
                tracing::info!("get");
                id + self.offset
            }

            async fn fetch(&self, id: u64) -> u64 {
                tracing::info!("fetch before");
                yield_now().await;
                tracing::info!("fetch after");
                id + self.offset
            }

            fn prepare(&self, id: u64) -> impl Future<Output = u64> {
                tracing::info!("prepare prelude");
                async move {
                    yield_now().await;
                    tracing::info!("prepare body");
                    id
                }
            }

            fn later(&self, id: u64) -> impl Future<Output = u64> + '_ {
                async move {
                    tracing::info!("later body");
                    yield_now().await;
                    id + self.offset
                }
            }

            fn items(&self, n: u32) -> impl Stream<Item = u32> {
                tracing::info!("items prelude");
                Count::to(n)
            }
        }
    };
}

#[derive(Debug)]
struct Store {
    offset: u64,
}

impl From<u64> for Store {
    fn from(offset: u64) -> Self {
        Store { offset }
    }
}

every_kind!(impl Store);

#[derive(Debug)]
struct Wrapper<T> {
    #[allow(dead_code, reason = "recorded with `self`, never read")]
    inner: T,
    offset: u64,
}

impl<T: Default> From<u64> for Wrapper<T> {
    fn from(offset: u64) -> Self {
        Wrapper {
            inner: T::default(),
            offset,
        }
    }
}

every_kind!(impl<T: Debug + Default> Wrapper<T>);

/// The same kinds as a trait (not annotated itself).
trait Kinds {
    fn new(offset: u64) -> Self;
    fn get(&self, id: u64) -> u64;
    async fn fetch(&self, id: u64) -> u64;
    fn prepare(&self, id: u64) -> impl Future<Output = u64>;
    fn later(&self, id: u64) -> impl Future<Output = u64> + '_;
    fn items(&self, n: u32) -> impl Stream<Item = u32>;
}

#[derive(Debug)]
struct Remote {
    offset: u64,
}

impl From<u64> for Remote {
    fn from(offset: u64) -> Self {
        Remote { offset }
    }
}

every_kind!(impl Kinds for Remote);

// ---------------------------------------------------------------- the checks

/// Calls every kind of method: `$new` and each call inside `work`; the
/// futures awaited and the stream drained inside `poller`.
macro_rules! exercise {
    ($new:expr) => {
        record_async(|| async {
            let work = info_span!("work");
            let poller = info_span!("poller");
            let value = work.in_scope(|| $new);
            let got = work.in_scope(|| value.get(1));
            let fetched = work
                .in_scope(|| value.fetch(2))
                .instrument(poller.clone())
                .await;
            let prepared = work
                .in_scope(|| value.prepare(3))
                .instrument(poller.clone())
                .await;
            let later = work
                .in_scope(|| value.later(4))
                .instrument(poller.clone())
                .await;
            let items = collect(work.in_scope(|| value.items(2)))
                .instrument(poller)
                .await;
            (got, fetched, prepared, later, items)
        })
    };
}

/// The span tree of [`exercise!`] on `owner` with offset 10, whose `self` is
/// `self_debug`.
#[track_caller]
fn assert_kinds(rec: &Recorder, owner: &str, self_debug: &str) {
    // The method, the span its own span's parent must be, and its events.
    let kinds: [(&str, &str, &[&str]); 6] = [
        ("new", "work", &["new"]),
        ("get", "work", &["get"]),
        ("fetch", "poller", &["fetch before", "fetch after"]),
        ("prepare", "work", &["prepare prelude", "prepare body"]),
        ("later", "poller", &["later body"]),
        ("items", "work", &["items prelude", "item"]),
    ];
    for (method, parent, messages) in kinds {
        let span = rec.span_named(&format!("{owner}::{method}"));
        assert_eq!(span.parent, Some(parent), "{method}\n{rec:?}");
        for message in messages {
            let events = rec.events_with_message(message);
            assert!(!events.is_empty(), "{message}\n{rec:?}");
            for event in events {
                assert_eq!(event.chain, [span.name, parent], "{message}\n{rec:?}");
            }
        }
        if method != "new" {
            assert_eq!(
                span.values["self"],
                FieldValue::new(VisitKind::Debug, self_debug),
                "{method}"
            );
        }
    }
    // `work`, `poller` and one span per method.
    assert_eq!(rec.spans().len(), 2 + kinds.len(), "{rec:?}");
    let get = rec.span_named(&format!("{owner}::get"));
    assert_eq!(get.values["id"], FieldValue::new(VisitKind::U64, "1"));
    let items = rec.span_named(&format!("{owner}::items"));
    assert_eq!(items.values["n"], FieldValue::new(VisitKind::U64, "2"));
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn every_kind_in_a_plain_impl() {
    let (out, rec) = exercise!(Store::new(10));
    assert_eq!(out, (11, 12, 3, 14, vec![0, 1]));
    assert_kinds(&rec, "Store", "Store { offset: 10 }");
    let new = rec.span_named("Store::new");
    assert_eq!(new.values["offset"], FieldValue::new(VisitKind::U64, "10"));
}

#[test]
fn every_kind_in_a_generic_impl() {
    let (out, rec) = exercise!(Wrapper::<Vec<u8>>::new(10));
    assert_eq!(out, (11, 12, 3, 14, vec![0, 1]));
    assert_kinds(&rec, "Wrapper", "Wrapper { inner: [], offset: 10 }");
}

#[test]
fn every_kind_in_a_trait_impl() {
    let (out, rec) = exercise!(<Remote as Kinds>::new(10));
    assert_eq!(out, (11, 12, 3, 14, vec![0, 1]));
    // `impl Trait for Type`: named after the type, not the trait.
    assert_kinds(&rec, "Remote", "Remote { offset: 10 }");
}

// ---------------------------------------------------------------- spawn

static STORE: Store = Store { offset: 100 };

/// A method future created inside `work` and spawned keeps `work` as its
/// parent, though a worker first polls it where nothing is current.
#[test]
fn a_spawned_method_future_keeps_the_span_it_was_created_in() {
    for (runtime, rec, rt) in both_runtimes() {
        let out = rec.block_on(&rt, async {
            let work = info_span!("work");
            let handles =
                work.in_scope(|| (tokio::spawn(STORE.fetch(1)), tokio::spawn(STORE.later(2))));
            (handles.0.await.unwrap(), handles.1.await.unwrap())
        });
        assert_eq!(out, (101, 102));
        for (method, messages) in [
            ("Store::fetch", &["fetch before", "fetch after"][..]),
            ("Store::later", &["later body"]),
        ] {
            assert_eq!(
                rec.span_named(method).parent,
                Some("work"),
                "{runtime}\n{rec:?}"
            );
            for message in messages {
                assert_eq!(
                    rec.event_with_message(message).chain,
                    [method, "work"],
                    "{runtime}"
                );
            }
        }
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}
