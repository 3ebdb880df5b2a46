//! Every function shape `#[instrument]` accepts, compiled on edition 2021 and
//! run under the recording layer: free fns, every receiver (`self`, `&self`,
//! `&mut self`, `self: Arc<Self>`, `self: Pin<&mut Self>`), generics with
//! bounds and `where` clauses, const generics, named and elided lifetimes with
//! returned borrows, `impl Trait` arguments and returns, `mut` bindings,
//! `extern "C"`, `-> !`, inner attributes, `async fn` in traits (impls and
//! default bodies) and inherent impls, recursion through `Box::pin`,
//! `#[tokio::main]` in both orders, and `Send` futures.
//!
//! `unsafe fn` and `async unsafe fn` are in the edition-2024 crate
//! (`tests/edition2024/tests/shapes.rs`): this workspace forbids `unsafe_code`,
//! so they are declared there by a macro of another crate.
//! `#[tokio::test]` in both orders is in `tests/own_process/tokio_test.rs`,
//! which needs a global dispatcher.

use std::fmt::{Debug, Display};
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;

use instrument_runtime::{info_span, instrument, Instrument as _, Span};
use instrument_tests::{record, record_async, Recorder, VisitKind};
use tokio::task::yield_now;

fn assert_send<T: Send>(_: &T) {}

// ---------------------------------------------------------------- free fns

#[instrument]
fn free_sync(a: u32) -> u32 {
    tracing::info!("in free_sync");
    a + 1
}

#[instrument]
async fn free_async(a: u32) -> u32 {
    tracing::info!("in free_async before");
    yield_now().await;
    tracing::info!("in free_async after");
    a + 1
}

#[test]
fn free_functions() {
    let (out, rec) = record(|| free_sync(1));
    assert_eq!(out, 2);
    let span = rec.span_named("free_sync");
    assert_eq!((span.fields["a"].as_str(), span.entered), ("1", 1));
    assert_eq!(rec.event_with_message("in free_sync").chain, ["free_sync"]);

    let (out, rec) = record_async(|| free_async(2));
    assert_eq!(out, 3);
    let span = rec.span_named("free_async");
    assert_eq!(span.fields["a"], "2");
    assert_eq!(span.entered, 2, "one enter per poll");
    for message in ["in free_async before", "in free_async after"] {
        assert_eq!(rec.event_with_message(message).chain, ["free_async"]);
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- methods

#[derive(Debug, Clone)]
struct Counter {
    n: u64,
    label: String,
}

impl Counter {
    #[instrument]
    fn new(n: u64) -> Self {
        Counter {
            n,
            label: format!("counter{n}"),
        }
    }

    #[instrument]
    fn by_value(self) -> u64 {
        self.n
    }

    #[instrument]
    fn by_ref(&self) -> u64 {
        self.n
    }

    #[instrument]
    fn by_mut(&mut self) {
        self.n += 1;
    }

    #[instrument]
    fn by_arc(self: Arc<Self>) -> u64 {
        self.n
    }

    #[instrument]
    fn by_pin(self: Pin<&mut Self>) -> u64 {
        let this = self.get_mut();
        this.n += 1;
        this.n
    }

    #[instrument]
    async fn async_by_value(self) -> u64 {
        yield_now().await;
        self.n
    }

    #[instrument]
    async fn async_by_ref(&self) -> u64 {
        yield_now().await;
        self.n
    }

    #[instrument]
    async fn async_by_mut(&mut self) {
        yield_now().await;
        self.n += 1;
    }

    #[instrument]
    async fn async_by_arc(self: Arc<Self>) -> u64 {
        yield_now().await;
        self.n
    }

    #[instrument]
    async fn async_by_pin(self: Pin<&mut Self>) -> u64 {
        yield_now().await;
        let this = self.get_mut();
        this.n += 1;
        this.n
    }

    /// A named lifetime on an argument, an elided one on `&self`, and a
    /// returned borrow of the argument.
    #[instrument(skip(self))]
    async fn first<'a>(&self, xs: &'a [u8]) -> &'a u8 {
        yield_now().await;
        &xs[usize::try_from(self.n).unwrap() % xs.len()]
    }

    /// A returned borrow of `self`, all lifetimes elided.
    #[instrument(skip(self))]
    async fn name(&self) -> &str {
        yield_now().await;
        &self.label
    }

    #[instrument(skip(self))]
    fn sync_name(&self) -> &str {
        &self.label
    }
}

#[test]
fn sync_methods_with_every_receiver() {
    let (counter, rec) = record(|| {
        let mut counter = Counter::new(1);
        assert_eq!(counter.by_ref(), 1);
        counter.by_mut();
        assert_eq!(Pin::new(&mut counter).by_pin(), 3);
        assert_eq!(Arc::new(counter.clone()).by_arc(), 3);
        assert_eq!(counter.sync_name(), "counter1");
        assert_eq!(counter.clone().by_value(), 3);
        counter
    });
    assert_eq!(counter.n, 3);
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        [
            "new",
            "by_ref",
            "by_mut",
            "by_pin",
            "by_arc",
            "sync_name",
            "by_value"
        ]
    );
    assert_eq!(rec.span_named("new").fields["n"], "1");
    // `self` is recorded with `Debug`, through every kind of receiver.
    for (name, n) in [
        ("by_ref", 1),
        ("by_mut", 1),
        ("by_pin", 2),
        ("by_arc", 3),
        ("by_value", 3),
    ] {
        assert_eq!(
            rec.span_named(name).fields["self"],
            format!("Counter {{ n: {n}, label: \"counter1\" }}"),
            "{name}"
        );
    }
    rec.assert_all_closed_once();
}

#[test]
fn async_methods_with_every_receiver() {
    let (counter, rec) = record_async(|| async {
        let mut counter = Counter::new(1);
        assert_eq!(counter.async_by_ref().await, 1);
        counter.async_by_mut().await;
        assert_eq!(pin!(counter.clone()).async_by_pin().await, 3);
        assert_eq!(Arc::new(counter.clone()).async_by_arc().await, 2);
        assert_eq!(counter.clone().async_by_value().await, 2);
        let xs = [10, 20, 30];
        assert_eq!(*counter.first(&xs).await, 30);
        assert_eq!(counter.name().await, "counter1");
        counter
    });
    assert_eq!(counter.n, 2);
    let names: Vec<&str> = rec.spans().iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        [
            "new",
            "async_by_ref",
            "async_by_mut",
            "async_by_pin",
            "async_by_arc",
            "async_by_value",
            "first",
            "name"
        ]
    );
    for (name, n) in [
        ("async_by_ref", 1),
        ("async_by_mut", 1),
        ("async_by_pin", 2),
        ("async_by_arc", 2),
        ("async_by_value", 2),
    ] {
        assert_eq!(
            rec.span_named(name).fields["self"],
            format!("Counter {{ n: {n}, label: \"counter1\" }}"),
            "{name}"
        );
    }
    assert_eq!(rec.span_named("first").fields["xs"], "[10, 20, 30]");
    assert!(rec.span_named("name").declared.is_empty());
    for span in rec.spans() {
        assert_eq!(span.parent, None, "{span:?}");
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

// ---------------------------------------------------------------- generics

#[instrument]
fn generic<T: Debug + Clone, U>(t: &T, u: U) -> (T, u64)
where
    U: Into<u64> + Debug,
{
    (t.clone(), u.into())
}

#[instrument(ret)]
async fn async_generic<T, U: Display + Debug>(t: T, u: U) -> String
where
    T: Debug + Send,
{
    yield_now().await;
    format!("{t:?}/{u}")
}

#[instrument]
fn sum_array<const N: usize>(xs: [u8; N]) -> usize {
    xs.iter().map(|&x| usize::from(x)).sum::<usize>() + N
}

#[instrument]
async fn async_sum_array<const N: usize, T: Into<u64> + Copy + Debug>(xs: [T; N]) -> u64 {
    yield_now().await;
    xs.iter().map(|&x| x.into()).sum()
}

#[test]
fn generics_and_const_generics() {
    let (out, rec) = record(|| (generic(&"t", 7_u32), sum_array([1, 2, 3])));
    assert_eq!(out, (("t", 7), 9));
    let span = rec.span_named("generic");
    assert_eq!(span.fields["t"], "\"t\"");
    assert_eq!(span.fields["u"], "7");
    assert_eq!(rec.span_named("sum_array").fields["xs"], "[1, 2, 3]");

    let (out, rec) = record_async(|| async {
        (
            async_generic(Some(1), "u").await,
            async_sum_array([1_u8, 2]).await,
            async_sum_array::<3, u32>([3, 4, 5]).await,
        )
    });
    assert_eq!(out, ("Some(1)/u".to_owned(), 3, 12));
    let span = rec.span_named("async_generic");
    assert_eq!(span.fields["t"], "Some(1)");
    assert_eq!(span.fields["u"], "\"u\"");
    assert_eq!(
        rec.events()[0].fields["return"],
        "\"Some(1)/u\"",
        "ret records the generic output"
    );
    let sums = rec.spans_named("async_sum_array");
    assert_eq!(sums[0].fields["xs"], "[1, 2]");
    assert_eq!(sums[1].fields["xs"], "[3, 4, 5]");
}

/// An associated type named like a value type.
trait Named {
    type String: Debug;
}

impl Named for u8 {
    type String = Vec<u8>;
}

#[allow(
    clippy::needless_pass_by_value,
    reason = "a parameter of the qualified-path type itself is the case"
)]
#[instrument]
fn qualified_path<T: Named>(value: <T as Named>::String) -> usize {
    format!("{value:?}").len()
}

/// A qualified path is recorded with `Debug`, whatever its last segment
/// spells (`tracing`'s attribute would record `<T as Named>::String` as a
/// value, which a `Vec<u8>` is not).
#[test]
fn a_qualified_path_parameter_is_recorded_with_debug() {
    let (out, rec) = record(|| qualified_path::<u8>(vec![1, 2]));
    assert_eq!(out, 6);
    let value = &rec.span_named("qualified_path").values["value"];
    assert_eq!(value.kind, VisitKind::Debug);
    assert_eq!(value.text, "[1, 2]");
}

#[derive(Debug)]
struct Holder<'a> {
    text: &'a str,
}

#[instrument]
async fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    yield_now().await;
    if a.len() >= b.len() {
        a
    } else {
        b
    }
}

#[instrument]
async fn trimmed(s: &str) -> &str {
    yield_now().await;
    s.trim()
}

#[instrument]
fn sync_trimmed(s: &str) -> &str {
    s.trim()
}

#[instrument]
async fn from_holder(holder: Holder<'_>, extra: &[u8]) -> usize {
    yield_now().await;
    holder.text.len() + extra.len()
}

#[instrument]
async fn holder_text<'a>(holder: &Holder<'a>) -> &'a str {
    yield_now().await;
    holder.text
}

#[instrument(skip(f))]
async fn with_callback(f: &dyn Fn(&str) -> usize, s: &str) -> usize {
    yield_now().await;
    f(s)
}

#[test]
fn named_and_elided_lifetimes() {
    let (out, rec) = record_async(|| async {
        let owned = String::from("  padded  ");
        let long = longest("ab", "abc").await.to_owned();
        let trim = trimmed(&owned).await.to_owned();
        let holder = Holder { text: "held" };
        let text = holder_text(&holder).await;
        let n = from_holder(holder, b"xy").await;
        let m = with_callback(&|s: &str| s.len(), "four").await;
        (long, trim, text, n, m, sync_trimmed(" x "))
    });
    assert_eq!(
        out,
        ("abc".to_owned(), "padded".to_owned(), "held", 6, 4, "x")
    );
    assert_eq!(rec.span_named("longest").fields["a"], "ab");
    assert_eq!(rec.span_named("trimmed").fields["s"], "  padded  ");
    assert_eq!(
        rec.span_named("from_holder").fields["holder"],
        "Holder { text: \"held\" }"
    );
    assert_eq!(rec.span_named("from_holder").fields["extra"], "[120, 121]");
    assert_eq!(
        rec.span_named("holder_text").fields["holder"],
        "Holder { text: \"held\" }"
    );
    assert_eq!(rec.span_named("with_callback").declared, ["s"]);
    rec.assert_all_closed_once();
}

impl<'a> Holder<'a> {
    /// An associated function whose parameter borrows for the impl's
    /// lifetime: without a receiver (whose `Self` carries `'a`), the
    /// rewritten function's future must capture `'a` by name on edition 2021.
    #[instrument]
    async fn text_len(text: &'a str) -> usize {
        yield_now().await;
        text.len()
    }
}

#[test]
fn an_associated_fn_borrowing_for_the_impls_lifetime() {
    let (out, rec) = record_async(|| Holder::text_len("four"));
    assert_eq!(out, 4);
    assert_eq!(rec.span_named("text_len").fields["text"], "four");
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- impl Trait

#[instrument]
fn sync_impl_trait(x: impl Display + Debug) -> impl Display {
    format!("<{x}>")
}

#[instrument]
fn evens(n: u32) -> impl Iterator<Item = u32> {
    (0..n).filter(|x| x % 2 == 0)
}

#[instrument]
async fn async_impl_trait(
    x: impl Display + Debug + Send,
    items: impl IntoIterator<Item = u32> + Debug,
) -> impl Display {
    yield_now().await;
    let total: u32 = items.into_iter().sum();
    format!("{x}={total}")
}

#[test]
fn impl_trait_arguments_and_returns() {
    let (out, rec) = record(|| (sync_impl_trait(5).to_string(), evens(7).collect::<Vec<_>>()));
    assert_eq!(out, ("<5>".to_owned(), vec![0, 2, 4, 6]));
    assert_eq!(rec.span_named("sync_impl_trait").fields["x"], "5");
    assert_eq!(rec.span_named("evens").fields["n"], "7");

    let (out, rec) =
        record_async(|| async { async_impl_trait("sum", vec![1, 2]).await.to_string() });
    assert_eq!(out, "sum=3");
    let span = rec.span_named("async_impl_trait");
    assert_eq!(span.fields["x"], "\"sum\"");
    assert_eq!(span.fields["items"], "[1, 2]");
}

// ---------------------------------------------------------------- mut bindings

#[instrument]
fn sync_mut(mut x: u32, mut v: Vec<u32>) -> u32 {
    x += 1;
    v.push(x);
    v.iter().sum()
}

#[instrument]
async fn async_mut(mut x: u32, mut v: Vec<u32>) -> u32 {
    x += 1;
    yield_now().await;
    v.push(x);
    v.iter().sum()
}

#[test]
fn mut_bindings_are_recorded_as_passed() {
    let (out, rec) = record(|| sync_mut(1, vec![10]));
    assert_eq!(out, 12);
    assert_eq!(rec.span_named("sync_mut").fields["x"], "1");
    assert_eq!(rec.span_named("sync_mut").fields["v"], "[10]");
    let (out, rec) = record_async(|| async_mut(2, vec![20]));
    assert_eq!(out, 23);
    assert_eq!(rec.span_named("async_mut").fields["x"], "2");
    assert_eq!(rec.span_named("async_mut").fields["v"], "[20]");
}

// ---------------------------------------------------------------- extern "C", -> !

#[instrument]
extern "C" fn c_abi(x: u32) -> u32 {
    tracing::info!("in c_abi");
    x * 2
}

#[instrument(ret, level = "debug")]
extern "C" fn c_abi_ret(x: u32) -> u32 {
    x * 3
}

#[instrument]
fn diverges(code: u32) -> ! {
    tracing::info!("about to diverge");
    panic!("diverged with {code}")
}

#[instrument(ret)]
fn diverges_with_ret() -> ! {
    panic!("never returns")
}

#[test]
fn extern_c_fn() {
    let (out, rec) = record(|| (c_abi(2), c_abi_ret(2)));
    assert_eq!(out, (4, 6));
    assert_eq!(rec.event_with_message("in c_abi").chain, ["c_abi"]);
    let ret = &rec.events()[1];
    assert_eq!(ret.fields["return"], "6");
    assert_eq!(ret.chain, ["c_abi_ret"]);
}

#[test]
fn never_returning_fn_in_a_thread() {
    let (_, rec) = Recorder::new();
    let in_thread = rec.clone();
    let joined = std::thread::spawn(move || {
        in_thread.with_default(|| {
            let outer = info_span!("thread_outer");
            let _entered = outer.enter();
            diverges(7);
        });
    })
    .join();
    let message = joined.unwrap_err();
    assert_eq!(
        message.downcast_ref::<String>().map(String::as_str),
        Some("diverged with 7")
    );
    let span = rec.span_named("diverges");
    assert_eq!(span.fields["code"], "7");
    assert_eq!(span.parent, Some("thread_outer"));
    assert_eq!(
        rec.event_with_message("about to diverge").chain,
        ["diverges", "thread_outer"]
    );
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    let (_, rec) = Recorder::new();
    let in_thread = rec.clone();
    let joined = std::thread::spawn(move || in_thread.with_default(|| diverges_with_ret())).join();
    assert!(joined.is_err());
    assert!(rec.events().is_empty(), "no `ret` event for `!`");
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- inner attributes

#[instrument]
fn inner_attribute(x: u32) -> u32 {
    #![allow(clippy::let_and_return, reason = "the inner attribute is the test")]
    let y = x + 1;
    y
}

#[instrument(ret)]
async fn async_inner_attribute(x: u32) -> u32 {
    #![allow(clippy::let_and_return, reason = "the inner attribute is the test")]
    let y = x + 1;
    y
}

/// Doc comments and `#[must_use]` stay on the function.
#[must_use]
#[instrument]
fn documented(x: u32) -> u32 {
    x
}

#[test]
fn inner_attributes_and_outer_attributes() {
    let (out, rec) = record(|| (inner_attribute(1), documented(5)));
    assert_eq!(out, (2, 5));
    assert_eq!(rec.spans().len(), 2);
    let (out, rec) = record_async(|| async_inner_attribute(2));
    assert_eq!(out, 3);
    assert_eq!(rec.events()[0].fields["return"], "3");
}

// ---------------------------------------------------------------- traits

trait Store {
    async fn get(&self, key: u32) -> u32;

    /// A default body, instrumented in the trait.
    #[instrument(skip(self))]
    async fn get_twice(&self, key: u32) -> u32 {
        tracing::info!("in get_twice");
        self.get(key).await + self.get(key + 1).await
    }

    #[instrument(skip(self), ret)]
    fn sync_default(&self, key: u32) -> u32 {
        key
    }
}

#[derive(Debug)]
struct MemStore {
    base: u32,
}

impl Store for MemStore {
    #[instrument]
    async fn get(&self, key: u32) -> u32 {
        yield_now().await;
        tracing::info!(key, "in get");
        self.base + key
    }
}

#[test]
fn async_fn_in_traits() {
    let store = MemStore { base: 100 };
    let (out, rec) = record_async(|| async {
        (
            store.get_twice(1).await,
            store.get(5).await,
            store.sync_default(3),
        )
    });
    assert_eq!(out, (203, 105, 3));
    let gets = rec.spans_named("get");
    assert_eq!(gets.len(), 3);
    assert_eq!(rec.ancestry(&gets[0]), ["get", "get_twice"]);
    assert_eq!(rec.ancestry(&gets[1]), ["get", "get_twice"]);
    assert_eq!(rec.ancestry(&gets[2]), ["get"]);
    assert_eq!(gets[0].fields["self"], "MemStore { base: 100 }");
    assert_eq!(gets[1].fields["key"], "2");
    assert_eq!(rec.span_named("get_twice").declared, ["key"]);
    let chains: Vec<Vec<&str>> = rec
        .events_with_message("in get")
        .into_iter()
        .map(|e| e.chain)
        .collect();
    assert_eq!(
        chains,
        [
            vec!["get", "get_twice"],
            vec!["get", "get_twice"],
            vec!["get"]
        ]
    );
    assert_eq!(rec.event_with_message("in get_twice").chain, ["get_twice"]);
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- recursion

#[instrument]
fn rec_boxed(n: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    Box::pin(async move {
        if n == 0 {
            tracing::info!("boxed bottom");
            0
        } else {
            rec_boxed(n - 1).await + 1
        }
    })
}

#[instrument]
async fn rec_async(n: u32) -> u32 {
    if n == 0 {
        tracing::info!("async bottom");
        0
    } else {
        Box::pin(rec_async(n - 1)).await + 1
    }
}

#[test]
fn recursion_gives_nested_spans() {
    let (out, rec) = record_async(|| async { (rec_boxed(3).await, rec_async(3).await) });
    assert_eq!(out, (3, 3));
    assert_eq!(
        rec.event_with_message("boxed bottom").chain,
        ["rec_boxed", "rec_boxed", "rec_boxed", "rec_boxed"]
    );
    assert_eq!(
        rec.event_with_message("async bottom").chain,
        ["rec_async", "rec_async", "rec_async", "rec_async"]
    );
    let ns: Vec<String> = rec
        .spans_named("rec_async")
        .into_iter()
        .map(|s| s.fields["n"].clone())
        .collect();
    assert_eq!(ns, ["3", "2", "1", "0"]);
    rec.assert_all_closed_once();
}

#[test]
fn recursive_futures_are_send_and_spawnable() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let boxed = tokio::spawn(rec_boxed(2));
        let direct = tokio::spawn(rec_async(2));
        (boxed.await.unwrap(), direct.await.unwrap())
    });
    assert_eq!(out, (2, 2));
    assert_eq!(
        rec.event_with_message("async bottom").chain,
        ["rec_async", "rec_async", "rec_async"]
    );
}

// ---------------------------------------------------------------- #[tokio::main]

#[instrument]
#[tokio::main(flavor = "current_thread")]
async fn main_with_instrument_above(x: u32) -> u32 {
    tracing::info!("in main above");
    yield_now().await;
    x + 1
}

#[tokio::main]
#[instrument(ret)]
async fn main_with_instrument_below(x: u32) -> u32 {
    tracing::info!("in main below");
    yield_now().await;
    x + 2
}

#[test]
fn stacked_with_tokio_main_in_both_orders() {
    let (out, rec) = record(|| {
        info_span!("caller")
            .in_scope(|| (main_with_instrument_above(1), main_with_instrument_below(1)))
    });
    assert_eq!(out, (2, 3));
    // `#[instrument]` above: the `async fn` is kept for `#[tokio::main]`, and
    // the span opens at the first poll, inside `block_on`, under `caller`.
    let above = rec.span_named("main_with_instrument_above");
    assert_eq!(above.fields["x"], "1");
    assert_eq!(above.parent, Some("caller"));
    assert_eq!(
        rec.event_with_message("in main above").chain,
        ["main_with_instrument_above", "caller"]
    );
    // `#[instrument]` below: it sees the sync fn `#[tokio::main]` made, and
    // the span covers the whole `block_on`.
    let below = rec.span_named("main_with_instrument_below");
    assert_eq!(below.fields["x"], "1");
    assert_eq!(below.parent, Some("caller"));
    assert_eq!(
        rec.event_with_message("in main below").chain,
        ["main_with_instrument_below", "caller"]
    );
    let ret = rec.events_with_field("return").remove(0);
    assert_eq!(ret.fields["return"], "3");
    assert_eq!(ret.chain, ["main_with_instrument_below", "caller"]);
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- Send

#[instrument]
async fn send_body(count: u64, owned: String, slice: &str, shared: Arc<Vec<u8>>) -> usize {
    yield_now().await;
    let total = owned.len() + slice.len() + shared.len();
    yield_now().await;
    total + usize::try_from(count).unwrap()
}

#[instrument(ret, err)]
async fn send_result(fail: bool) -> Result<u32, String> {
    yield_now().await;
    if fail {
        Err("no".to_owned())
    } else {
        Ok(1)
    }
}

#[test]
fn futures_of_send_bodies_are_send() {
    let counter = Counter::new(1);
    let mut other = counter.clone();
    let owned = String::from("r");
    assert_send(&send_body(1, "s".to_owned(), &owned, Arc::new(vec![1])));
    assert_send(&send_result(false));
    assert_send(&free_async(1));
    assert_send(&counter.async_by_ref());
    assert_send(&other.async_by_mut());
    assert_send(&counter.first(b"abc"));
    assert_send(&counter.name());
    assert_send(&Arc::new(counter.clone()).async_by_arc());
    assert_send(&longest("a", "b"));
    assert_send(&async_impl_trait(1, vec![1]));
    assert_send(&async_generic(1, 2));
    assert_send(&async_sum_array([1_u8]));
    assert_send(&rec_async(1));
    assert_send(&MemStore { base: 0 }.get(1));

    // And they run on a multi-thread runtime, moving between workers.
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    let out = rec.block_on(&rt, async {
        let work = info_span!("work");
        let handle = work.in_scope(|| {
            tokio::spawn(send_body(1, "s".to_owned(), "static", Arc::new(vec![1, 2])))
        });
        let result = tokio::spawn(send_result(true).instrument(Span::none()));
        (handle.await.unwrap(), result.await.unwrap())
    });
    assert_eq!(out, (10, Err("no".to_owned())));
    assert_eq!(rec.span_named("send_body").parent, Some("work"));
    rec.assert_all_closed_once();
}

// ---------------------------------------------------------------- more edges

#[derive(Debug)]
struct Bag {
    items: Vec<u32>,
}

impl Bag {
    #[instrument]
    fn get_mut(&mut self, at: usize) -> &mut u32 {
        &mut self.items[at]
    }

    #[instrument(skip(self), ret)]
    fn first(&self) -> &u32 {
        &self.items[0]
    }

    #[allow(
        mismatched_lifetime_syntaxes,
        reason = "BUG: see `elided_lifetimes_in_an_impl_trait_output_do_not_warn`"
    )]
    #[allow(
        clippy::iter_not_returning_iterator,
        reason = "the plain `async fn iter` trips it too"
    )]
    #[instrument(skip(self))]
    async fn iter(&self) -> impl Iterator<Item = &u32> {
        yield_now().await;
        self.items.iter()
    }

    #[instrument]
    async fn boxed_self(self: Box<Self>) -> usize {
        yield_now().await;
        self.items.len()
    }

    #[instrument]
    async fn arc_ref(self: &Arc<Self>) -> usize {
        yield_now().await;
        self.items.len()
    }

    #[instrument]
    async fn mut_self(mut self, extra: u32) -> Vec<u32> {
        yield_now().await;
        self.items.push(extra);
        self.items
    }
}

#[instrument]
async fn sum_refs<'a>(items: impl Iterator<Item = &'a u32> + Debug) -> u32 {
    yield_now().await;
    items.sum()
}

#[instrument]
async fn raw_identifier(r#type: u32, r#match: &str) -> usize {
    yield_now().await;
    usize::try_from(r#type).unwrap() + r#match.len()
}

#[instrument(err)]
fn converts_errors(input: &str) -> Result<u32, Box<dyn std::error::Error>> {
    let n: u32 = input.parse()?;
    Ok(n)
}

#[instrument(ret, err)]
async fn async_converts_errors(
    input: &str,
) -> Result<u32, Box<dyn std::error::Error + Send + Sync>> {
    yield_now().await;
    let n: u32 = input.parse()?;
    Ok(n)
}

#[test]
fn more_receivers_borrows_and_conversions() {
    let (out, rec) = record(|| {
        let mut bag = Bag { items: vec![1, 2] };
        *bag.get_mut(1) += 10;
        let first = *bag.first();
        let parsed = converts_errors("7").unwrap();
        let failed = converts_errors("x").is_err();
        (bag.items, first, parsed, failed)
    });
    assert_eq!(out, (vec![1, 12], 1, 7, true));
    let rets: Vec<String> = rec
        .events()
        .into_iter()
        .filter_map(|e| e.fields.get("return").cloned())
        .collect();
    assert_eq!(rets, ["1"]);
    assert_eq!(rec.span_named("get_mut").fields["at"], "1");
    let errors = rec.events_with_field("error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].fields["error"], "invalid digit found in string");
    assert_eq!(errors[0].chain, ["converts_errors"]);

    let (out, rec) = record_async(|| async {
        let bag = Bag { items: vec![3, 4] };
        let doubled: Vec<u32> = bag.iter().await.map(|x| x * 2).collect();
        let summed = sum_refs(bag.items.iter()).await;
        let shared = Arc::new(Bag { items: vec![1] });
        let arc = shared.arc_ref().await;
        let boxed = Box::new(Bag {
            items: vec![1, 2, 3],
        })
        .boxed_self()
        .await;
        let owned = Bag { items: vec![] }.mut_self(5).await;
        let raw = raw_identifier(2, "abc").await;
        let parsed = async_converts_errors("8").await.unwrap();
        let failed = async_converts_errors("y").await.is_err();
        (doubled, summed, arc, boxed, owned, raw, parsed, failed)
    });
    assert_eq!(out, (vec![6, 8], 7, 1, 3, vec![5], 5, 8, true));
    assert_eq!(rec.span_named("sum_refs").fields["items"], "Iter([3, 4])");
    assert_eq!(
        rec.span_named("boxed_self").fields["self"],
        "Bag { items: [1, 2, 3] }"
    );
    assert_eq!(
        rec.span_named("arc_ref").fields["self"],
        "Bag { items: [1] }"
    );
    assert_eq!(rec.span_named("mut_self").fields["extra"], "5");
    let raw = rec.span_named("raw_identifier");
    assert_eq!(raw.declared, ["type", "match"]);
    assert_eq!(raw.fields["type"], "2");
    assert_eq!(raw.fields["match"], "abc");
    let results: Vec<(String, String)> = rec
        .events()
        .into_iter()
        .filter(|e| e.chain.first() == Some(&"async_converts_errors"))
        .map(|e| e.fields.into_iter().next().unwrap())
        .collect();
    assert_eq!(
        results,
        [
            ("return".to_owned(), "8".to_owned()),
            (
                "error".to_owned(),
                "invalid digit found in string".to_owned()
            )
        ]
    );
    rec.assert_all_closed_once();
}

impl Bag {
    #[instrument(ret)]
    fn get_mut_ret(&mut self, at: usize) -> &mut u32 {
        &mut self.items[at]
    }
}

#[test]
fn ret_on_a_returned_mutable_borrow() {
    {
        let (out, rec) = record(|| {
            let mut bag = Bag { items: vec![1, 2] };
            *bag.get_mut_ret(1) += 10;
            bag.items
        });
        assert_eq!(out, [1, 12]);
        let ret = &rec.events()[0];
        assert_eq!(ret.fields["return"], "2");
        assert_eq!(ret.chain, ["get_mut_ret"]);
    }
}

mod impl_trait_output_lifetimes {
    #![deny(mismatched_lifetime_syntaxes)]

    use instrument_runtime::instrument;

    #[derive(Debug)]
    pub(super) struct Items(pub(super) Vec<u32>);

    impl Items {
        #[instrument(skip(self))]
        pub(super) async fn iter(&self) -> impl Iterator<Item = &u32> {
            self.0.iter()
        }

        #[instrument(skip(self))]
        pub(super) async fn boxed(&self) -> Box<dyn Iterator<Item = &u32> + '_> {
            Box::new(self.0.iter())
        }
    }

    #[instrument]
    pub(super) async fn slice_iter(items: &[u32]) -> impl Iterator<Item = &u32> {
        items.iter()
    }
}

#[test]
fn elided_lifetimes_in_an_impl_trait_output_do_not_warn() {
    {
        use impl_trait_output_lifetimes::{slice_iter, Items};
        let (out, _) = record_async(|| async {
            let items = Items(vec![1, 2]);
            let a: u32 = items.iter().await.sum();
            let b: u32 = items.boxed().await.sum();
            let c: u32 = slice_iter(&items.0).await.sum();
            (a, b, c)
        });
        assert_eq!(out, (3, 3, 3));
    }
}

// ---------------------------------------------------------------- track_caller

#[track_caller]
#[instrument]
fn caller_line() -> u32 {
    std::panic::Location::caller().line()
}

#[test]
fn track_caller_is_kept() {
    let ((got, expected), rec) = record(|| (caller_line(), line!()));
    assert_eq!(got, expected);
    assert_eq!(rec.span_named("caller_line").entered, 1);
}

// `#[track_caller]` with `ret`/`err` on a sync fn is a compile error (the
// body runs in a closure, which cannot track the caller):
// `ui-tests/ui/fail/track_caller_with_ret.rs`.

// ---------------------------------------------------------------- more traits and generics

trait SendStore {
    fn fetch(&self, key: u32) -> impl Future<Output = u32> + Send;
}

#[derive(Debug)]
struct SendMem;

impl SendStore for SendMem {
    /// An `async fn` implementing a trait method declared as returning
    /// `impl Future + Send`.
    #[instrument]
    async fn fetch(&self, key: u32) -> u32 {
        yield_now().await;
        key + 1
    }
}

#[instrument]
async fn unsized_param<T: Debug + ?Sized>(value: &T) -> usize {
    yield_now().await;
    format!("{value:?}").len()
}

#[allow(
    clippy::used_underscore_binding,
    reason = "BUG: see `underscore_parameters_do_not_trip_used_underscore_binding`"
)]
#[instrument]
async fn wildcards(_: u8, _unused: u8, (kept, _): (u32, u32)) -> u32 {
    yield_now().await;
    kept
}

#[test]
fn send_trait_methods_unsized_generics_and_wildcards() {
    let (out, rec) = record_async(|| async {
        let store = SendMem;
        assert_send(&store.fetch(1));
        (
            store.fetch(1).await,
            unsized_param("str").await,
            unsized_param(&[1, 2][..]).await,
            wildcards(1, 2, (3, 4)).await,
        )
    });
    assert_eq!(out, (2, 5, 6, 3));
    assert_eq!(rec.span_named("fetch").fields["key"], "1");
    assert_eq!(
        rec.spans_named("unsized_param")[1].fields["value"],
        "[1, 2]"
    );
    assert_eq!(rec.span_named("wildcards").declared, ["_unused", "kept"]);
}

mod underscore_parameters {
    #![deny(clippy::used_underscore_binding)]

    use instrument_runtime::instrument;

    #[instrument]
    pub(super) fn sync_underscore(_unused: u8) {}

    #[instrument]
    pub(super) async fn async_underscore(_unused: u8) {}
}

#[test]
fn underscore_parameters_do_not_trip_used_underscore_binding() {
    // The real check is clippy's (`deny` above, in CI's clippy run); this
    // proves the functions still record their `_name` parameters.
    let ((), rec) = record(|| underscore_parameters::sync_underscore(1));
    assert_eq!(rec.span_named("sync_underscore").fields["_unused"], "1");
    let ((), rec) = record_async(|| underscore_parameters::async_underscore(2));
    assert_eq!(rec.span_named("async_underscore").fields["_unused"], "2");
}
