//! Future sizes (`std::mem::size_of_val`, deterministic for a compiler and
//! target): an instrumented future is at most 48 bytes bigger than the same
//! function without the attribute, for an empty `async fn`, a 1 KiB argument
//! consumed before the first await, one used after it, two `u64`s, `ret, err`
//! on a `Result`, and `fn -> impl Future` returners (with a sync prelude and
//! with only an async block). `tracing`'s `#[instrument]` is measured for
//! comparison, not asserted. `cargo test -p instrument-tests --test it
//! instrument::sizes -- --nocapture` prints the table.

use std::mem::size_of_val;

/// The bound: instrumented <= plain + `BOUND` bytes.
const BOUND: usize = 48;

/// A 1 KiB argument, moved (consumed) rather than copied.
#[derive(Debug)]
struct Kib([u8; 1024]);

#[allow(
    clippy::needless_pass_by_value,
    reason = "taking the argument by value is what the shapes measure"
)]
fn consume(kib: Kib) -> u8 {
    kib.0.iter().fold(0, |acc, byte| acc ^ byte)
}

/// The same functions in three modules, `plain`, `ours` and `theirs`, with
/// `$attr` (and `$ret_err` on the `Result` one) above each.
macro_rules! shapes {
    ($module:ident, [$($attr:tt)*], [$($ret_err:tt)*]) => {
        mod $module {
            #![allow(clippy::unused_async, reason = "the shapes are what is measured")]
            use super::{consume, Kib};
            use tokio::task::yield_now;
            use std::future::Future;

            $($attr)*
            pub(crate) async fn empty() {}

            $($attr)*
            pub(crate) async fn kib_before_await(kib: Kib) -> u8 {
                let out = consume(kib);
                yield_now().await;
                out
            }

            $($attr)*
            pub(crate) async fn kib_after_await(kib: Kib) -> u8 {
                yield_now().await;
                consume(kib)
            }

            $($attr)*
            pub(crate) async fn two_u64(a: u64, b: u64) -> u64 {
                yield_now().await;
                a.wrapping_add(b)
            }

            $($ret_err)*
            pub(crate) async fn ret_err(a: u64) -> Result<u64, String> {
                yield_now().await;
                if a == 0 {
                    Err("zero".to_owned())
                } else {
                    Ok(a)
                }
            }

            $($attr)*
            pub(crate) fn returns_future_with_prelude(a: u64, b: u64) -> impl Future<Output = u64> {
                let sum = a.wrapping_add(b);
                async move {
                    yield_now().await;
                    sum.wrapping_mul(a)
                }
            }

            $($attr)*
            pub(crate) fn returns_only_async_block(a: u64, b: u64) -> impl Future<Output = u64> {
                async move {
                    yield_now().await;
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

/// The sizes of one shape.
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

fn kib() -> Kib {
    Kib([0; 1024])
}

fn rows() -> [Row; 7] {
    [
        row!("empty `async fn`", empty()),
        row!(
            "1 KiB argument consumed before the first await",
            kib_before_await(kib())
        ),
        row!(
            "1 KiB argument used after the first await",
            kib_after_await(kib())
        ),
        row!("two `u64`s", two_u64(1, 2)),
        row!("`ret, err` on a `Result<u64, String>`", ret_err(1)),
        row!(
            "`fn -> impl Future` with a sync prelude",
            returns_future_with_prelude(1, 2)
        ),
        row!(
            "`fn -> impl Future`, only an async block",
            returns_only_async_block(1, 2)
        ),
    ]
}

#[test]
fn instrumented_futures_are_at_most_48_bytes_bigger() {
    let rows = rows();
    println!("| shape | plain | ours | `tracing` | ours - plain |");
    println!("|---|---:|---:|---:|---:|");
    for row in &rows {
        #[allow(
            clippy::cast_possible_wrap,
            reason = "future sizes are far below isize::MAX"
        )]
        let delta = row.ours as isize - row.plain as isize;
        println!(
            "| {} | {} | {} | {} | {delta:+} |",
            row.shape, row.plain, row.ours, row.tracing
        );
    }
    let over: Vec<String> = rows
        .iter()
        .filter(|row| row.ours > row.plain + BOUND)
        .map(|row| format!("{}: {} > {} + {BOUND}", row.shape, row.ours, row.plain))
        .collect();
    assert!(over.is_empty(), "over the bound:\n{}", over.join("\n"));
}

#[test]
fn the_futures_measured_still_run() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        ours::empty().await;
        assert_eq!(ours::kib_before_await(kib()).await, 0);
        assert_eq!(ours::kib_after_await(kib()).await, 0);
        assert_eq!(ours::two_u64(1, 2).await, 3);
        assert_eq!(ours::ret_err(0).await, Err("zero".to_owned()));
        assert_eq!(ours::returns_future_with_prelude(2, 3).await, 10);
        assert_eq!(ours::returns_only_async_block(2, 3).await, 5);
    });
}

/// Beside a tool attribute (`rustfmt::`, `clippy::`), which needs nothing of
/// the `async fn`, the signature is rewritten as without it: the future has
/// the same size. Beside another attribute the `async fn` is kept, and the
/// instrumented future is awaited inside it, which costs its own state.
mod beside_attributes {
    use instrument_runtime::instrument;
    use tokio::task::yield_now;

    #[instrument]
    pub(super) async fn alone(a: u64) -> u64 {
        yield_now().await;
        a
    }

    #[instrument]
    #[rustfmt::skip]
    pub(super) async fn beside_rustfmt(a: u64) -> u64 { yield_now().await; a }

    #[instrument]
    #[clippy::cognitive_complexity = "10"]
    pub(super) async fn beside_clippy(a: u64) -> u64 {
        yield_now().await;
        a
    }

    #[instrument]
    #[allow(clippy::unused_async)]
    pub(super) async fn beside_allow(a: u64) -> u64 {
        yield_now().await;
        a
    }
}

#[test]
fn tool_and_lint_attributes_keep_the_rewritten_future() {
    let alone = size_of_val(&beside_attributes::alone(1));
    assert_eq!(size_of_val(&beside_attributes::beside_rustfmt(1)), alone);
    assert_eq!(size_of_val(&beside_attributes::beside_clippy(1)), alone);
    assert_eq!(size_of_val(&beside_attributes::beside_allow(1)), alone);
}
