//! Annotated blocks with `async-trait`, in both orders: `#[instrument]
//! #[async_trait]` and `#[async_trait] #[instrument]`, on impls and on traits
//! with default bodies. The spans have the right parent and the events are
//! in them, `err` goes to the `Result` method, and the futures are still
//! `Send`: spawned on both runtimes from inside a span, which stays their
//! parent.

use async_trait::async_trait;
use instrument_runtime::{info_span, instrument};
use instrument_tests::{both_runtimes, Recorder};
use tokio::task::yield_now;

use super::assert_send;

#[async_trait]
trait Backend: Send + Sync {
    async fn load(&self, key: u32) -> u32;

    async fn store(&self, key: u32) -> Result<(), String>;
}

/// `struct $ty` and `impl Backend for $ty` under the attributes given, in
/// their order: written once for both orders.
macro_rules! backend {
    ($(#[$attr:meta])* impl Backend for $ty:ident) => {
        #[derive(Debug)]
        struct $ty;

        $(#[$attr])*
        impl Backend for $ty {
            async fn load(&self, key: u32) -> u32 {
                tracing::info!("load before");
                yield_now().await;
                tracing::info!("load after");
                key + 1
            }

            async fn store(&self, key: u32) -> Result<(), String> {
                yield_now().await;
                Err(format!("cannot store {key}"))
            }
        }
    };
}

// `#[instrument]` first: it sees the `async fn`s as written.
backend!(#[instrument(err)] #[async_trait] impl Backend for Outer);

// `#[async_trait]` first: `#[instrument]` sees its boxed futures.
backend!(#[async_trait] #[instrument(err)] impl Backend for Inner);

static OUTER: Outer = Outer;
static INNER: Inner = Inner;

/// Spawns `load` and `store` of `backend`, created inside `work`, and checks
/// the span tree: `Type::load` and `Type::store` inside `work`.
fn spawned_from_work(backend: &'static dyn Backend, name: &str, self_debug: &str) {
    for (runtime, rec, rt) in both_runtimes() {
        let out = rec.block_on(&rt, async {
            let work = info_span!("work");
            let (load, store) = work.in_scope(|| (backend.load(1), backend.store(2)));
            assert_send(&load);
            assert_send(&store);
            let handles = (tokio::spawn(load), tokio::spawn(store));
            (handles.0.await.unwrap(), handles.1.await.unwrap())
        });
        assert_eq!(out, (2, Err("cannot store 2".to_owned())), "{name}");
        let load = rec.span_named(&format!("{name}::load"));
        assert_eq!(load.parent, Some("work"), "{name}, {runtime}\n{rec:?}");
        assert_eq!(load.fields["self"], self_debug);
        assert_eq!(load.fields["key"], "1");
        for message in ["load before", "load after"] {
            assert_eq!(
                rec.event_with_message(message).chain,
                [load.name, "work"],
                "{name}"
            );
        }
        let store = rec.span_named(&format!("{name}::store"));
        assert_eq!(store.parent, Some("work"), "{name}, {runtime}");
        let errors = rec.events_with_field("error");
        assert_eq!(errors.len(), 1, "`err` on `store` only: {rec:?}");
        assert_eq!(errors[0].fields["error"], "cannot store 2");
        assert_eq!(errors[0].chain, [store.name, "work"]);
        assert_eq!(rec.spans().len(), 3, "{rec:?}");
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

#[test]
fn instrument_then_async_trait_on_an_impl() {
    spawned_from_work(&OUTER, "Outer", "Outer");
}

#[test]
fn async_trait_then_instrument_on_an_impl() {
    spawned_from_work(&INNER, "Inner", "Inner");
}

/// `trait $name` with a default body that emits `$message`, under the
/// attributes given, in their order.
macro_rules! ping {
    ($(#[$attr:meta])* trait $name:ident, $message:literal) => {
        $(#[$attr])*
        trait $name: Send + Sync {
            async fn ping(&self, n: u32) -> u32 {
                tracing::info!($message);
                yield_now().await;
                n
            }
        }
    };
}

ping!(#[instrument] #[async_trait] trait PingOuter, "ping outer");
ping!(#[async_trait] #[instrument] trait PingInner, "ping inner");

struct Pinger;

impl PingOuter for Pinger {}
impl PingInner for Pinger {}

#[test]
fn default_bodies_of_an_async_trait_in_both_orders() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let work = info_span!("work");
        let (outer, inner) =
            work.in_scope(|| (PingOuter::ping(&Pinger, 1), PingInner::ping(&Pinger, 2)));
        assert_send(&outer);
        assert_send(&inner);
        let handles = (tokio::spawn(outer), tokio::spawn(inner));
        (handles.0.await.unwrap(), handles.1.await.unwrap())
    });
    assert_eq!(out, (1, 2));
    for (trait_name, message, n) in [
        ("PingOuter", "ping outer", "1"),
        ("PingInner", "ping inner", "2"),
    ] {
        let name = format!("{trait_name}::ping");
        let span = rec.span_named(&name);
        assert_eq!(span.parent, Some("work"), "{name}\n{rec:?}");
        assert_eq!(span.fields["n"], n);
        assert!(
            !span.declared.contains(&"self"),
            "no `Debug` supertrait: {span:?}"
        );
        assert_eq!(rec.event_with_message(message).chain, [span.name, "work"]);
    }
    rec.assert_all_closed_once();
}
