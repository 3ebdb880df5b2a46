//! Future sizes (`size_of_val`) of instrumented functions, ours against
//! `tracing` 0.1's `#[instrument]`, with the plain function as the floor.
//!
//! Sizes are deterministic for a given compiler and target, so this prints
//! one table and measures no time: `cargo bench --bench sizes`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A future that is `Pending` once: a real suspension point.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

fn yield_once() -> YieldOnce {
    YieldOnce(false)
}

/// A 1 KiB argument that is moved (consumed), not copied.
#[derive(Debug)]
struct Kib([u8; 1024]);

#[allow(
    clippy::needless_pass_by_value,
    reason = "taking the argument by value is the point: it is consumed"
)]
fn consume(kib: Kib) -> u8 {
    kib.0.iter().fold(0, |acc, byte| acc ^ byte)
}

/// Generates the same functions in three modules: `plain`, `ours` and
/// `theirs`, with `$attr` (and `$attr_ret_err` on the `Result` one) above
/// each.
macro_rules! shapes {
    ($module:ident, [$($attr:tt)*], [$($attr_ret_err:tt)*]) => {
        mod $module {
            #![allow(clippy::unused_async, reason = "the shapes are what is measured")]
            use super::{Kib, consume, yield_once};
            use std::future::Future;

            $($attr)*
            pub(crate) async fn empty() {}

            $($attr)*
            pub(crate) async fn kib_before_await(kib: Kib) -> u8 {
                let out = consume(kib);
                yield_once().await;
                out
            }

            $($attr)*
            pub(crate) async fn kib_after_await(kib: Kib) -> u8 {
                yield_once().await;
                consume(kib)
            }

            $($attr)*
            pub(crate) async fn two_u64(a: u64, b: u64) -> u64 {
                yield_once().await;
                a.wrapping_add(b)
            }

            $($attr_ret_err)*
            pub(crate) async fn ret_err(a: u64) -> Result<u64, String> {
                yield_once().await;
                if a == 0 { Err("zero".to_owned()) } else { Ok(a) }
            }

            $($attr)*
            pub(crate) fn impl_future(a: u64, b: u64) -> impl Future<Output = u64> {
                async move {
                    yield_once().await;
                    a.wrapping_add(b)
                }
            }
        }
    };
}

shapes!(plain, [], []);
shapes!(
    ours,
    [#[instrument_runtime::instrument]],
    [#[instrument_runtime::instrument(ret, err)]]
);
shapes!(
    theirs,
    [#[tracing::instrument]],
    [#[tracing::instrument(ret, err)]]
);

/// The sizes of one shape: plain, ours, tracing's.
struct Row {
    shape: &'static str,
    plain: usize,
    ours: usize,
    tracing: usize,
}

macro_rules! row {
    ($shape:literal, $f:ident($($arg:expr),*)) => {
        Row {
            shape: $shape,
            plain: size_of_val(&plain::$f($($arg),*)),
            ours: size_of_val(&ours::$f($($arg),*)),
            tracing: size_of_val(&theirs::$f($($arg),*)),
        }
    };
}

/// `a - b` as a signed number of bytes, for the table.
fn delta(a: usize, b: usize) -> String {
    if a >= b {
        format!("+{}", a - b)
    } else {
        format!("-{}", b - a)
    }
}

fn main() {
    let kib = || Kib([0; 1024]);
    let rows = [
        row!("empty `async fn`", empty()),
        row!(
            "1 KiB argument consumed before the first await",
            kib_before_await(kib())
        ),
        row!(
            "1 KiB argument used after the first await",
            kib_after_await(kib())
        ),
        row!("two `u64`", two_u64(1, 2)),
        row!("`ret, err` on a `Result<u64, String>`", ret_err(1)),
        row!(
            "`fn -> impl Future` (async block), two `u64`",
            impl_future(1, 2)
        ),
    ];
    println!(
        "| shape | plain | ours | tracing | ours - plain | tracing - plain | ours <= plain + 48 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    for Row {
        shape,
        plain,
        ours,
        tracing,
    } in rows
    {
        println!(
            "| {shape} | {plain} | {ours} | {tracing} | {} | {} | {} |",
            delta(ours, plain),
            delta(tracing, plain),
            if ours <= plain + 48 { "yes" } else { "**no**" },
        );
    }
}
