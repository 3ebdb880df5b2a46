//! `#[instrument]` on functions that return futures (issue 4): the
//! motivating `JoinSet` scenario on both runtimes, a boxed returner with a
//! sync prelude, every return-type form (`impl Future`, `Pin<Box<dyn Future>>`
//! under any path, `BoxFuture`/`LocalBoxFuture` aliases, `#[instrument(future)]`
//! on another alias), every body form (only an async block, boxed or not;
//! `Box::pin` of another function's future; a combinator; early returns),
//! `ret`/`err` on boxed `Result` futures, a user's `MyBox::pin` left alone,
//! recursion, and the real `async-trait` crate (`Send` and `?Send`).

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use instrument_runtime::{info_span, instrument, Instrument as _, Level};
use instrument_tests::{both_runtimes, record_async, LogOnDrop, Recorder};
use tokio::task::{yield_now, JoinSet};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;
/// An alias the macro cannot recognise: needs `#[instrument(future)]`.
type Task<T> = Pin<Box<dyn Future<Output = T> + Send>>;

fn assert_send<T: Send>(_: &T) {}

#[track_caller]
fn assert_chain(rec: &Recorder, message: &str, chain: &[&str]) {
    assert_eq!(rec.event_with_message(message).chain, chain, "{rec:?}");
}

// ---------------------------------------------------------------- the scenario

#[instrument]
fn sub_task() -> impl Future<Output = ()> {
    tracing::info!("making sub task");
    async { tracing::info!("performing task") }
}

#[instrument(name = "work")]
async fn work_with_join_set() {
    let mut set = JoinSet::new();
    set.spawn(sub_task());
    while let Some(out) = set.join_next().await {
        out.unwrap();
    }
}

#[instrument(name = "work")]
async fn work_with_tokio_spawn() {
    tokio::spawn(sub_task()).await.unwrap();
}

#[test]
fn motivating_scenario_join_set_and_tokio_spawn_on_both_runtimes() {
    for spawn_with_join_set in [true, false] {
        for (runtime, rec, rt) in both_runtimes() {
            if spawn_with_join_set {
                rec.block_on(&rt, work_with_join_set());
            } else {
                rec.block_on(&rt, work_with_tokio_spawn());
            }
            for message in ["making sub task", "performing task"] {
                assert_eq!(
                    rec.event_with_message(message).chain,
                    ["sub_task", "work"],
                    "{message} on {runtime}, JoinSet: {spawn_with_join_set}\n{rec:?}"
                );
            }
            assert_eq!(rec.spans().len(), 2);
            rec.assert_all_closed_once();
            rec.assert_enters_balanced();
        }
    }
}

// ---------------------------------------------------------------- boxed prelude

#[instrument]
fn boxed_with_prelude(x: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    tracing::info!("boxed prelude");
    let y = x + 1;
    Box::pin(async move {
        tracing::info!("boxed body");
        yield_now().await;
        tracing::info!("boxed body end");
        y
    })
}

#[instrument(name = "work")]
async fn work_spawning_boxed() -> u32 {
    let mut set = JoinSet::new();
    set.spawn(boxed_with_prelude(1));
    let joined = set.join_next().await.unwrap().unwrap();
    joined + tokio::spawn(boxed_with_prelude(10)).await.unwrap()
}

#[test]
fn boxed_future_with_a_prelude_spawned_from_work() {
    for (runtime, rec, rt) in both_runtimes() {
        assert_eq!(rec.block_on(&rt, work_spawning_boxed()), 13);
        for message in ["boxed prelude", "boxed body", "boxed body end"] {
            let events = rec.events_with_message(message);
            assert_eq!(events.len(), 2);
            for event in events {
                assert_eq!(
                    event.chain,
                    ["boxed_with_prelude", "work"],
                    "{message} on {runtime}"
                );
            }
        }
        rec.assert_all_closed_once();
        rec.assert_enters_balanced();
    }
}

// ---------------------------------------------------------------- return types

#[allow(
    clippy::elidable_lifetime_names,
    reason = "the named lifetime is the shape under test"
)]
#[instrument]
fn impl_future_send<'a>(s: &'a str, n: u32) -> impl Future<Output = usize> + Send + 'a {
    tracing::info!("prelude impl_future_send");
    async move {
        yield_now().await;
        tracing::info!("body impl_future_send");
        s.len() + n as usize
    }
}

#[instrument]
fn pin_box_send_lifetime<'a>(s: &'a str) -> Pin<Box<dyn Future<Output = usize> + Send + 'a>> {
    tracing::info!("prelude pin_box_send_lifetime");
    Box::pin(async move {
        yield_now().await;
        tracing::info!("body pin_box_send_lifetime");
        s.len()
    })
}

#[instrument]
fn full_paths(x: u32) -> std::pin::Pin<std::boxed::Box<dyn core::future::Future<Output = u32>>> {
    tracing::info!("prelude full_paths");
    std::boxed::Box::pin(async move {
        yield_now().await;
        tracing::info!("body full_paths");
        x
    })
}

#[allow(
    clippy::elidable_lifetime_names,
    reason = "the named lifetime is the shape under test"
)]
#[instrument]
fn box_future_alias<'a>(s: &'a str) -> BoxFuture<'a, usize> {
    tracing::info!("prelude box_future_alias");
    Box::pin(async move {
        yield_now().await;
        tracing::info!("body box_future_alias");
        s.len()
    })
}

#[instrument]
fn local_box_future_alias(rc: Rc<u32>) -> LocalBoxFuture<'static, u32> {
    tracing::info!("prelude local_box_future_alias");
    Box::pin(async move {
        yield_now().await;
        tracing::info!("body local_box_future_alias");
        *rc
    })
}

#[instrument(future)]
fn declared_future(x: u32) -> Task<u32> {
    tracing::info!("prelude declared_future");
    Box::pin(async move {
        yield_now().await;
        tracing::info!("body declared_future");
        x
    })
}

#[test]
fn every_return_type_form_with_a_prelude() {
    let owned = String::from("abc");
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async {
        let caller = info_span!("caller");
        // Every span opens at the call, inside `caller`; the futures are
        // awaited outside it.
        let futures = caller.in_scope(|| {
            (
                impl_future_send(&owned, 1),
                pin_box_send_lifetime(&owned),
                full_paths(5),
                box_future_alias(&owned),
                local_box_future_alias(Rc::new(6)),
                declared_future(7),
            )
        });
        let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), 7, "caller and one span per call: {names:?}");
        (
            futures.0.await,
            futures.1.await,
            futures.2.await,
            futures.3.await,
            futures.4.await,
            futures.5.await,
        )
    });
    assert_eq!(out, (4, 3, 5, 3, 6, 7));
    for name in [
        "impl_future_send",
        "pin_box_send_lifetime",
        "full_paths",
        "box_future_alias",
        "local_box_future_alias",
        "declared_future",
    ] {
        assert_chain(&rec, &format!("prelude {name}"), &[name, "caller"]);
        assert_chain(&rec, &format!("body {name}"), &[name, "caller"]);
        let span = rec.span_named(name);
        // Entered for the prelude, then on each of two polls.
        assert_eq!(span.entered, 3, "{span:?}");
    }
    assert_eq!(rec.span_named("impl_future_send").fields["s"], "abc");
    assert_eq!(rec.span_named("local_box_future_alias").fields["rc"], "6");
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    assert_send(&impl_future_send("", 0));
    assert_send(&pin_box_send_lifetime(""));
    assert_send(&box_future_alias(""));
    assert_send(&declared_future(0));
}

// ---------------------------------------------------------------- body forms

#[instrument(ret)]
fn only_async_block(x: u32) -> impl Future<Output = u32> {
    async move {
        tracing::info!("in only_async_block");
        yield_now().await;
        x
    }
}

#[instrument]
fn only_boxed_async_block(x: u32) -> BoxFuture<'static, u32> {
    Box::pin(async move {
        tracing::info!("in only_boxed_async_block");
        yield_now().await;
        x
    })
}

/// Parentheses around the block change nothing.
#[instrument]
#[allow(unused_parens)]
fn parenthesized_async_block(x: u32) -> impl Future<Output = u32> {
    (async move {
        tracing::info!("in parenthesized_async_block");
        x
    })
}

#[instrument(future)]
fn declared_only_async(x: u32) -> Task<u32> {
    Box::pin(async move {
        tracing::info!("in declared_only_async");
        x
    })
}

/// `fut.boxed()`, as in `futures::FutureExt`.
trait Boxed: Future + Send + Sized + 'static {
    fn boxed(self) -> BoxFuture<'static, Self::Output> {
        Box::pin(self)
    }
}

impl<F: Future + Send + 'static> Boxed for F {}

#[instrument]
fn method_boxed(x: u32) -> BoxFuture<'static, u32> {
    async move {
        tracing::info!("in method_boxed");
        x
    }
    .boxed()
}

async fn helper(x: u32) -> u32 {
    tracing::info!("in helper");
    yield_now().await;
    x
}

#[instrument]
fn boxes_another_future(x: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    Box::pin(helper(x))
}

#[instrument(ret)]
fn combinator(x: u32) -> impl Future<Output = u32> {
    std::future::ready(x * 2)
}

#[instrument(ret)]
fn early_return_boxed(cached: Option<u32>) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    if let Some(value) = cached {
        tracing::info!("cache hit");
        return Box::pin(std::future::ready(value));
    }
    tracing::info!("cache miss");
    Box::pin(async move {
        yield_now().await;
        tracing::info!("computing");
        42
    })
}

#[instrument]
fn early_return_impl(n: u32) -> impl Future<Output = u32> {
    if n == 0 {
        tracing::info!("zero");
        return helper(100);
    }
    helper(n)
}

#[instrument(ret, err)]
fn early_return_impl_ret(n: u32) -> impl Future<Output = Result<u32, String>> {
    if n == 0 {
        tracing::info!("zero with ret");
        return std::future::ready(Err("zero".to_owned()));
    }
    std::future::ready(Ok(n))
}

/// A `return` inside a closure or an async block of the prelude returns
/// from that, not from the function: left as written.
#[instrument]
fn returns_inside_nested_bodies(n: u32) -> impl Future<Output = u32> {
    let halve = |x: u32| {
        if x % 2 == 1 {
            return x;
        }
        x / 2
    };
    let inner = async move {
        if n == 0 {
            return 0;
        }
        n
    };
    async move { halve(inner.await) }
}

#[test]
fn a_return_inside_a_closure_of_the_prelude_is_not_the_function_s() {
    let (out, rec) = record_async(|| async {
        (
            returns_inside_nested_bodies(8).await,
            returns_inside_nested_bodies(0).await,
        )
    });
    assert_eq!(out, (4, 0));
    assert_eq!(rec.spans_named("returns_inside_nested_bodies").len(), 2);
    rec.assert_all_closed_once();
}

#[test]
fn early_return_in_an_impl_future_returner_with_ret_and_err() {
    {
        let (out, rec) = record_async(|| async {
            let futures = info_span!("caller")
                .in_scope(|| (early_return_impl_ret(0), early_return_impl_ret(1)));
            (futures.0.await, futures.1.await)
        });
        assert_eq!(out, (Err("zero".to_owned()), Ok(1)));
        assert_chain(&rec, "zero with ret", &["early_return_impl_ret", "caller"]);
        let events = rec.events();
        assert_eq!(events[1].fields["error"], "zero");
        assert_eq!(events[1].chain, ["early_return_impl_ret", "caller"]);
        assert_eq!(events[2].fields["return"], "1");
        assert_eq!(events[2].chain, ["early_return_impl_ret", "caller"]);
    }
}

#[test]
fn only_an_async_block_opens_the_span_at_the_first_poll() {
    let (out, rec) = record_async(|| async {
        let (plain, boxed, declared, parenthesized) = info_span!("creator").in_scope(|| {
            (
                only_async_block(1),
                only_boxed_async_block(2),
                declared_only_async(4),
                parenthesized_async_block(5),
            )
        });
        // Dropped unpolled: no span.
        drop(info_span!("creator").in_scope(|| {
            (
                only_async_block(0),
                only_boxed_async_block(0),
                declared_only_async(0),
            )
        }));
        let plain = plain.instrument(info_span!("poller")).await;
        let boxed = boxed.instrument(info_span!("poller")).await;
        assert_eq!(declared.instrument(info_span!("poller")).await, 4);
        assert_eq!(parenthesized.instrument(info_span!("poller")).await, 5);
        // Spawned: the creator's span is the parent.
        let spawned = info_span!("work")
            .in_scope(|| tokio::spawn(only_boxed_async_block(3)))
            .await
            .unwrap();
        (plain, boxed, spawned)
    });
    assert_eq!(out, (1, 2, 3));
    assert_eq!(rec.spans_named("only_async_block").len(), 1);
    assert_eq!(rec.spans_named("only_boxed_async_block").len(), 2);
    assert_chain(&rec, "in only_async_block", &["only_async_block", "poller"]);
    assert_chain(
        &rec,
        "in declared_only_async",
        &["declared_only_async", "poller"],
    );
    assert_chain(
        &rec,
        "in parenthesized_async_block",
        &["parenthesized_async_block", "poller"],
    );
    let ret = rec.events_with_field("return").remove(0);
    assert_eq!(ret.chain, ["only_async_block", "poller"]);
    assert_eq!(ret.fields["return"], "1");
    let boxed: Vec<Vec<&str>> = rec
        .events_with_message("in only_boxed_async_block")
        .into_iter()
        .map(|e| e.chain)
        .collect();
    assert_eq!(
        boxed,
        [
            vec!["only_boxed_async_block", "poller"],
            vec!["only_boxed_async_block", "work"]
        ]
    );
    rec.assert_all_closed_once();
}

#[test]
fn other_body_forms_are_instrumented() {
    let (out, rec) = record_async(|| async {
        let futures = info_span!("caller").in_scope(|| {
            (
                boxes_another_future(1),
                combinator(2),
                early_return_boxed(Some(3)),
                early_return_boxed(None),
                early_return_impl(0),
                early_return_impl(5),
                method_boxed(6),
            )
        });
        (
            futures.0.await,
            futures.1.await,
            futures.2.await,
            futures.3.await,
            futures.4.await,
            futures.5.await,
            futures.6.await,
        )
    });
    assert_eq!(out, (1, 4, 3, 42, 100, 5, 6));
    assert_chain(&rec, "in method_boxed", &["method_boxed", "caller"]);
    let helpers: Vec<Vec<&str>> = rec
        .events_with_message("in helper")
        .into_iter()
        .map(|e| e.chain)
        .collect();
    assert_eq!(
        helpers,
        [
            vec!["boxes_another_future", "caller"],
            vec!["early_return_impl", "caller"],
            vec!["early_return_impl", "caller"],
        ]
    );
    assert_chain(&rec, "cache hit", &["early_return_boxed", "caller"]);
    assert_chain(&rec, "cache miss", &["early_return_boxed", "caller"]);
    assert_chain(&rec, "computing", &["early_return_boxed", "caller"]);
    assert_chain(&rec, "zero", &["early_return_impl", "caller"]);
    // `ret` sees the value of every returned future, early ones included,
    // inside the function's span.
    let rets: Vec<(&str, String)> = rec
        .events_with_field("return")
        .into_iter()
        .map(|e| (e.chain[0], e.fields["return"].clone()))
        .collect();
    assert_eq!(
        rets,
        [
            ("combinator", "4".to_owned()),
            ("early_return_boxed", "3".to_owned()),
            ("early_return_boxed", "42".to_owned()),
        ]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- ret / err

#[instrument(ret, err)]
fn boxed_result(fail: bool) -> Pin<Box<dyn Future<Output = Result<u32, String>> + Send>> {
    Box::pin(async move {
        yield_now().await;
        if fail {
            Err("bad input".to_owned())
        } else {
            Ok(7)
        }
    })
}

#[instrument(ret(level = "debug"), err(Debug, level = "warn"))]
fn boxed_result_with_prelude(fail: bool) -> BoxFuture<'static, Result<u32, String>> {
    tracing::info!("result prelude");
    Box::pin(async move {
        yield_now().await;
        if fail {
            Err("bad prelude".to_owned())
        } else {
            Ok(8)
        }
    })
}

#[test]
fn ret_and_err_on_boxed_result_futures() {
    let (out, rec) = record_async(|| async {
        (
            boxed_result(false).await,
            boxed_result(true).await,
            boxed_result_with_prelude(false).await,
            boxed_result_with_prelude(true).await,
        )
    });
    assert_eq!(
        out,
        (
            Ok(7),
            Err("bad input".to_owned()),
            Ok(8),
            Err("bad prelude".to_owned())
        )
    );
    let events: Vec<(&str, Level, String)> = rec
        .events()
        .into_iter()
        .filter(|e| e.message.is_empty())
        .map(|e| {
            let (key, value) = e.fields.into_iter().next().unwrap();
            assert_eq!(e.chain.len(), 1);
            (e.chain[0], e.level, format!("{key}={value}"))
        })
        .collect();
    assert_eq!(
        events,
        [
            ("boxed_result", Level::INFO, "return=7".to_owned()),
            ("boxed_result", Level::ERROR, "error=bad input".to_owned()),
            (
                "boxed_result_with_prelude",
                Level::DEBUG,
                "return=8".to_owned()
            ),
            (
                "boxed_result_with_prelude",
                Level::WARN,
                "error=\"bad prelude\"".to_owned()
            ),
        ]
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- MyBox::pin

static MY_BOX_PINS: AtomicUsize = AtomicUsize::new(0);

/// A user type with a `pin` function, which the macro must not mistake for
/// `Box::pin`.
struct MyBox;

impl MyBox {
    fn pin<F>(fut: F) -> Pin<Box<dyn Future<Output = u32> + Send>>
    where
        F: Future<Output = u32> + Send + 'static,
    {
        MY_BOX_PINS.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            tracing::info!("in MyBox");
            fut.await
        })
    }
}

#[instrument]
fn uses_my_box(x: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    MyBox::pin(async move {
        tracing::info!("in uses_my_box");
        x
    })
}

#[test]
fn a_user_pin_function_is_left_alone() {
    let (out, rec) = record_async(|| async {
        let fut = info_span!("caller").in_scope(|| uses_my_box(9));
        // `MyBox::pin` ran at the call, as written.
        assert_eq!(MY_BOX_PINS.load(Ordering::SeqCst), 1);
        fut.await
    });
    assert_eq!(out, 9);
    assert_eq!(MY_BOX_PINS.load(Ordering::SeqCst), 1);
    assert_chain(&rec, "in MyBox", &["uses_my_box", "caller"]);
    assert_chain(&rec, "in uses_my_box", &["uses_my_box", "caller"]);
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- recursion

#[instrument]
fn countdown(n: u32) -> BoxFuture<'static, u32> {
    tracing::info!(n, "countdown");
    if n == 0 {
        return Box::pin(std::future::ready(0));
    }
    Box::pin(async move { countdown(n - 1).await + 1 })
}

#[test]
fn recursion_through_boxed_futures_nests() {
    let (out, rec) = record_async(|| async {
        info_span!("caller")
            .in_scope(|| countdown(3))
            .instrument(info_span!("poller"))
            .await
    });
    assert_eq!(out, 3);
    let chains: Vec<Vec<&str>> = rec
        .events_with_message("countdown")
        .into_iter()
        .map(|e| e.chain)
        .collect();
    // The outermost opens at the call, in `caller`; the others at their
    // calls, inside the polled parent.
    assert_eq!(
        chains,
        [
            vec!["countdown", "caller"],
            vec!["countdown", "countdown", "caller"],
            vec!["countdown", "countdown", "countdown", "caller"],
            vec!["countdown", "countdown", "countdown", "countdown", "caller"],
        ]
    );
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- async-trait

#[async_trait]
trait Service: Send + Sync {
    async fn call(&self, req: u32) -> u32;

    async fn call_skipped(&self, req: u32) -> u32;

    #[instrument(skip(self))]
    async fn defaulted(&self, req: u32) -> u32 {
        tracing::info!("in defaulted");
        self.call_skipped(req).await
    }
}

#[derive(Debug)]
struct Svc {
    name: &'static str,
}

#[async_trait]
impl Service for Svc {
    #[instrument(fields(svc = self.name, ty = std::any::type_name::<Self>()))]
    async fn call(&self, req: u32) -> u32 {
        tracing::info!("in call");
        yield_now().await;
        tracing::info!("in call after yield");
        req + 1
    }

    #[instrument(skip(self), ret)]
    async fn call_skipped(&self, req: u32) -> u32 {
        yield_now().await;
        req * 2
    }
}

static USERS: Svc = Svc { name: "users" };

#[test]
fn async_trait_methods_are_instrumented() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let dynamic: &'static dyn Service = &USERS;
        // Spawned on a multi-thread runtime: the futures are `Send`; created
        // inside `work`, which stays their parent.
        let handles = info_span!("work").in_scope(|| {
            (
                tokio::spawn(USERS.call(1)),
                tokio::spawn(dynamic.call_skipped(2)),
                tokio::spawn(dynamic.defaulted(3)),
            )
        });
        (
            handles.0.await.unwrap(),
            handles.1.await.unwrap(),
            handles.2.await.unwrap(),
        )
    });
    assert_eq!(out, (2, 4, 6));
    let call = rec.span_named("call");
    assert_eq!(call.fields["svc"], "users");
    assert_eq!(call.fields["ty"], "it::instrument::future_returning::Svc");
    assert_eq!(call.fields["self"], "Svc { name: \"users\" }");
    assert_eq!(call.fields["req"], "1");
    assert_eq!(call.parent, Some("work"));
    assert_chain(&rec, "in call", &["call", "work"]);
    assert_chain(&rec, "in call after yield", &["call", "work"]);
    let skipped = rec.spans_named("call_skipped");
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].declared, ["req"]);
    let ancestries: Vec<Vec<&str>> = skipped.iter().map(|s| rec.ancestry(s)).collect();
    assert!(
        ancestries.contains(&vec!["call_skipped", "work"]),
        "{rec:?}"
    );
    assert!(
        ancestries.contains(&vec!["call_skipped", "defaulted", "work"]),
        "{rec:?}"
    );
    assert_chain(&rec, "in defaulted", &["defaulted", "work"]);
    assert_eq!(rec.span_named("defaulted").declared, ["req"]);
    let rets: Vec<String> = rec
        .events()
        .into_iter()
        .filter_map(|e| e.fields.get("return").cloned())
        .collect();
    assert_eq!(rets.len(), 2);
    assert!(rets.contains(&"4".to_owned()) && rets.contains(&"6".to_owned()));
    rec.assert_all_closed_once();

    // Through an `Arc<dyn Service>`, from inside a spawned task.
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let shared: Arc<dyn Service> = Arc::new(Svc { name: "shared" });
    let out = rec.block_on(&rt, async move {
        tokio::spawn(async move { shared.call(7).await }.instrument(info_span!("task")))
            .await
            .unwrap()
    });
    assert_eq!(out, 8);
    assert_chain(&rec, "in call", &["call", "task"]);

    assert_send(&USERS.call(1));
    assert_send(&USERS.defaulted(1));
}

#[test]
fn async_trait_spans_open_at_the_first_poll() {
    let svc = Svc { name: "lazy" };
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async {
        let fut = info_span!("creator").in_scope(|| svc.call(5));
        assert!(rec.spans_named("call").is_empty());
        drop(info_span!("creator").in_scope(|| svc.call(6)));
        fut.instrument(info_span!("poller")).await
    });
    assert_eq!(out, 6);
    let calls = rec.spans_named("call");
    assert_eq!(calls.len(), 1, "a future dropped unpolled makes no span");
    assert_eq!(calls[0].parent, Some("poller"));
}

#[async_trait(?Send)]
trait LocalService {
    async fn local_call(&self, req: Rc<u32>) -> u32;
}

#[derive(Debug)]
struct LocalSvc;

#[async_trait(?Send)]
impl LocalService for LocalSvc {
    #[instrument(skip(self), fields(kind = "local"))]
    async fn local_call(&self, req: Rc<u32>) -> u32 {
        tracing::info!("in local_call");
        yield_now().await;
        *req
    }
}

#[test]
fn async_trait_without_send() {
    let (out, rec) = record_async(|| async {
        let local = LocalSvc;
        info_span!("work")
            .in_scope(|| local.local_call(Rc::new(4)))
            .await
    });
    assert_eq!(out, 4);
    let span = rec.span_named("local_call");
    assert_eq!(span.fields["req"], "4");
    assert_eq!(span.fields["kind"], "local");
    assert_eq!(span.parent, Some("work"));
    assert_chain(&rec, "in local_call", &["local_call", "work"]);
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- drop, panic, disabled

#[instrument]
fn prelude_with_guard(label: &'static str) -> impl Future<Output = ()> {
    tracing::info!("guard prelude");
    let guard = LogOnDrop(label);
    async move {
        let _guard = guard;
        std::future::pending::<()>().await;
    }
}

#[instrument]
fn prelude_panics(fail: bool) -> impl Future<Output = u32> {
    assert!(!fail, "prelude panic");
    async { 1 }
}

static DISABLED_FIELD: AtomicUsize = AtomicUsize::new(0);

fn disabled_field() -> usize {
    DISABLED_FIELD.fetch_add(1, Ordering::SeqCst)
}

#[instrument(level = "trace", fields(evaluated = disabled_field()), ret)]
fn disabled_prelude(x: u32) -> BoxFuture<'static, u32> {
    tracing::info!("disabled prelude ran");
    Box::pin(async move {
        tracing::info!("disabled body ran");
        x
    })
}

#[test]
fn a_prelude_returners_future_is_dropped_inside_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let (unpolled, mut polled) = info_span!("caller").in_scope(|| {
            (
                prelude_with_guard("unpolled"),
                Box::pin(prelude_with_guard("polled")),
            )
        });
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(polled.as_mut().poll(&mut cx).is_pending());
        info_span!("dropper").in_scope(|| {
            drop(unpolled);
            drop(polled);
        });
    });
    let dropped = rec.events_with_message("dropped");
    assert_eq!(dropped.len(), 2);
    for event in &dropped {
        assert_eq!(event.chain, ["prelude_with_guard", "caller"], "{rec:?}");
    }
    assert_eq!(rec.spans_named("prelude_with_guard").len(), 2);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_panicking_prelude_exits_and_closes_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let before = info_span!("before");
        let _entered = before.enter();
        let result = std::panic::catch_unwind(|| drop(prelude_panics(true)));
        assert!(result.is_err());
        assert_eq!(instrument_runtime::Span::current(), before);
    });
    let span = rec.span_named("prelude_panics");
    assert_eq!((span.entered, span.exited, span.closed), (1, 1, 1));
    rec.assert_all_closed_once();
}

#[test]
fn a_disabled_prelude_returner_runs_as_plain_code() {
    // A global filter: `enabled` says no for the callsite, whatever other
    // dispatchers in this process want.
    let filtered = tracing_core::Dispatch::new(tracing_subscriber::layer::SubscriberExt::with(
        tracing_subscriber::registry(),
        instrument_tests::LevelFilter::INFO,
    ));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let out = tracing::dispatcher::with_default(&filtered, || rt.block_on(disabled_prelude(3)));
    assert_eq!(out, 3);
    assert_eq!(DISABLED_FIELD.load(Ordering::SeqCst), 0);

    // Under a per-layer filter nothing is recorded either.
    let (_, rec) = Recorder::with_max_level(instrument_tests::LevelFilter::INFO);
    let rt = rec.current_thread_runtime();
    assert_eq!(rec.with_default(|| rt.block_on(disabled_prelude(4))), 4);
    assert!(rec.spans().is_empty());
    assert!(rec
        .event_with_message("disabled prelude ran")
        .chain
        .is_empty());
    assert!(rec.event_with_message("disabled body ran").chain.is_empty());
}
