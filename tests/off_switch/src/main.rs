//! With the runtime's static off switch, `#[instrument]` leaves the plain
//! function: this binary checks, from inside, that its instrumented
//! functions' futures have the plain ones' sizes and types (no wrapper), and
//! that no span reaches a subscriber. Run by `tests/it/instrument/off_switch.rs`
//! with `--features off`, and with `--features release-off` in both
//! profiles; exits non-zero, saying why, when something is instrumented.

#![deny(warnings)]

use std::future::Future;
use std::mem::size_of_val;
use std::sync::atomic::{AtomicUsize, Ordering};

use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, Event, Metadata, Subscriber};

/// A 1 KiB argument, consumed before an await.
#[derive(Debug)]
struct Kib([u8; 1024]);

#[allow(clippy::needless_pass_by_value)]
fn consume(kib: Kib) -> u8 {
    kib.0.iter().fold(0, |acc, byte| acc ^ byte)
}

macro_rules! shapes {
    ($module:ident, $($attr:tt)*) => {
        mod $module {
            use super::{consume, Kib};
            use std::future::Future;

            $($attr)*
            pub(crate) async fn two(a: u64, b: u64) -> u64 {
                std::future::ready(()).await;
                a + b
            }

            $($attr)*
            pub(crate) async fn kib(kib: Kib) -> u8 {
                let out = consume(kib);
                std::future::ready(()).await;
                out
            }

            $($attr)*
            pub(crate) fn prelude(a: u64) -> impl Future<Output = u64> {
                let b = a * 2;
                async move { b + 1 }
            }

            $($attr)*
            pub(crate) fn sync(a: u64) -> u64 {
                a + 1
            }
        }
    };
}

shapes!(plain,);
shapes!(ours, #[instrument_runtime::instrument(ret)]);

/// Counts the spans and events that reach it.
struct Counter(AtomicUsize);

impl Subscriber for Counter {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1 + self.0.fetch_add(1, Ordering::Relaxed) as u64)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// What a type's name says of its future, with the module's name taken out.
fn shape<T>(value: &T) -> String {
    std::any::type_name_of_val(value).replace("::ours::", "::").replace("::plain::", "::")
}

fn main() {
    let expect_plain = cfg!(feature = "off") || !cfg!(debug_assertions);
    let mut wrong = Vec::new();
    let mut check = |what: &str, plain: (usize, String), ours: (usize, String)| {
        let is_plain = plain == ours;
        if is_plain != expect_plain {
            wrong.push(format!("{what}: plain {plain:?}, ours {ours:?}"));
        }
    };
    let (p, o) = (plain::two(1, 2), ours::two(1, 2));
    check("two u64", (size_of_val(&p), shape(&p)), (size_of_val(&o), shape(&o)));
    let (p, o) = (plain::kib(Kib([1; 1024])), ours::kib(Kib([1; 1024])));
    check("1 KiB", (size_of_val(&p), shape(&p)), (size_of_val(&o), shape(&o)));
    let (p, o) = (plain::prelude(1), ours::prelude(1));
    check("prelude", (size_of_val(&p), shape(&p)), (size_of_val(&o), shape(&o)));

    let counter = std::sync::Arc::new(Counter(AtomicUsize::new(0)));
    let dispatch = Dispatch::from(std::sync::Arc::clone(&counter) as std::sync::Arc<dyn Subscriber + Send + Sync>);
    tracing_core::dispatcher::with_default(&dispatch, || {
        assert_eq!(block_on(ours::two(1, 2)), 3);
        assert_eq!(block_on(ours::prelude(1)), 3);
        assert_eq!(ours::sync(1), 2);
        assert_eq!(plain::sync(1), 2);
    });
    let reached = counter.0.load(Ordering::Relaxed);
    if (reached == 0) != expect_plain {
        wrong.push(format!("{reached} spans and events reached the subscriber"));
    }
    if !wrong.is_empty() {
        eprintln!(
            "expected {} functions:\n  {}",
            if expect_plain { "plain" } else { "instrumented" },
            wrong.join("\n  ")
        );
        std::process::exit(1);
    }
    println!("{}", if expect_plain { "plain" } else { "instrumented" });
}
