//! What the `pending` layer costs, in one binary and one run.
//!
//! Cases, `<group>/<variant>`:
//!
//! - `tree/plain`, `tree/registry`, `tree/pending`, `tree/await_tree`: one
//!   tree of 21 futures (a root, 4 children, 16 leaves that each wait once),
//!   built and polled to completion with a no-op waker: without
//!   instrumentation (the floor), with one of our spans per node under a
//!   `Registry`, the same under a `Registry` with a `PendingLayer`, and with
//!   `await-tree`'s `instrument_await` on each node under a registered root
//!   (the root registered anew each time, as each request task is).
//!   Each span is created, entered twice, exited twice and closed.
//! - `lifecycle/registry`, `lifecycle/pending`: one span with a `u64` field,
//!   created, entered, exited and closed.
//! - `lifecycle/pending_held`: the same with 10,000 other spans open in the
//!   table; `lifecycle/pending_dumping`: the same while another thread dumps
//!   those 10,000 spans in a loop.
//! - `dump/10000`: a dump of 10,000 open spans (1,000 requests of 10 spans),
//!   built and dropped; `dump_text/10000`: its text.
//!
//! Before the cases, the bench prints the heap each open span holds (bytes
//! allocated and not freed on the bench thread, counted by a global
//! allocator), with and without the layer.
//!
//! `cargo bench -p instrument-bench-pending --bench pending` measures wall
//! time with criterion. With `ICOUNT_CASE=<id> ICOUNT_ITERS=<n>`, the binary
//! runs that one case `n` times and exits, for `valgrind --tool=callgrind`
//! (`bench-support/callgrind-pending.sh`); `ICOUNT_LIST=1` prints the ids
//! that mode knows (the `tree` and `lifecycle` cases but the dumping one,
//! whose other thread callgrind would serialise and count).

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use criterion::{Bencher, Criterion};
use instrument_bench_pending::{FANOUT, YieldOnce, block_on, open_requests, plain, spans};
use instrument_runtime::info_span;
use instrument_runtime::pending::{PendingLayer, PendingTree};
use tracing_core::{Dispatch, dispatcher};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::registry::Registry;

/// Counts the bytes this thread allocates and frees.
mod counting {
    // The bench's one use of `unsafe`: `GlobalAlloc` is an unsafe trait.
    #![allow(unsafe_code)]

    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        /// Bytes allocated minus bytes freed by this thread so far.
        static NET: Cell<i64> = const { Cell::new(0) };
    }

    /// The system allocator, counting per thread.
    pub(crate) struct Counting;

    #[allow(clippy::cast_possible_wrap, reason = "no allocation is 2^63 bytes")]
    fn add(bytes: usize, sign: i64) {
        let _ = NET.try_with(|net| net.set(net.get() + sign * bytes as i64));
    }

    // SAFETY: every call is forwarded unchanged to `System`; the count is a
    // const-initialised thread-local `Cell`, which never allocates.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            add(layout.size(), 1);
            // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            add(layout.size(), -1);
            // SAFETY: `ptr` was allocated by `System` with `layout`.
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            add(layout.size(), -1);
            add(new_size, 1);
            // SAFETY: the caller's contract for `realloc` is `System.realloc`'s.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// Bytes allocated and not freed by this thread so far.
    pub(crate) fn net() -> i64 {
        NET.with(Cell::get)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// The tree with `await-tree`'s annotations.
mod awaited {
    use await_tree::InstrumentAwait as _;

    use super::{FANOUT, YieldOnce};

    async fn leaf(i: u64) -> u64 {
        YieldOnce::new().instrument_await("leaf").await;
        i
    }

    async fn child(i: u64) -> u64 {
        let mut sum = 0;
        for j in 0..FANOUT {
            sum += leaf(i * FANOUT + j).await;
        }
        sum
    }

    /// The root's future: its node is the registered root.
    pub(crate) async fn tree() -> u64 {
        let mut sum = 0;
        for i in 0..FANOUT {
            sum += child(i).instrument_await("child").await;
        }
        sum
    }
}

/// The sum every tree returns.
const TREE_SUM: u64 = (FANOUT * FANOUT) * (FANOUT * FANOUT - 1) / 2;

fn registry() -> Dispatch {
    Dispatch::new(Registry::default())
}

fn pending() -> (Dispatch, PendingTree) {
    let layer = PendingLayer::new();
    let tree = layer.tree();
    (Dispatch::new(Registry::default().with(layer)), tree)
}

/// Runs one iteration of a case under criterion or in a bare loop.
enum Runner<'a, 'b> {
    Criterion(&'a mut Bencher<'b>),
    Loop(u64),
}

impl Runner<'_, '_> {
    fn each<O>(&mut self, mut routine: impl FnMut() -> O) {
        match self {
            Runner::Criterion(bencher) => bencher.iter(routine),
            Runner::Loop(iters) => {
                for _ in 0..*iters {
                    black_box(routine());
                }
            }
        }
    }
}

/// The cases the instruction-count mode runs, by id.
const ICOUNT_CASES: [&str; 6] = [
    "tree/plain",
    "tree/registry",
    "tree/pending",
    "tree/await_tree",
    "lifecycle/registry",
    "lifecycle/pending",
];

/// Runs case `id` (one of [`ICOUNT_CASES`]) with `runner`.
fn run(id: &str, runner: &mut Runner<'_, '_>) {
    match id {
        "tree/plain" => runner.each(|| assert_eq!(block_on(plain::tree()), TREE_SUM)),
        "tree/registry" => dispatcher::with_default(&registry(), || {
            runner.each(|| assert_eq!(block_on(spans::tree()), TREE_SUM));
        }),
        "tree/pending" => dispatcher::with_default(&pending().0, || {
            runner.each(|| assert_eq!(block_on(spans::tree()), TREE_SUM));
        }),
        "tree/await_tree" => {
            let registry = await_tree::Registry::new(await_tree::Config::default());
            runner.each(|| {
                let root = registry.register(0_u64, "root");
                assert_eq!(block_on(root.instrument(awaited::tree())), TREE_SUM);
            });
        }
        "lifecycle/registry" => dispatcher::with_default(&registry(), || {
            runner.each(lifecycle);
        }),
        "lifecycle/pending" => dispatcher::with_default(&pending().0, || {
            runner.each(lifecycle);
        }),
        other => panic!("no case {other}"),
    }
}

/// One span with a field: created, entered, exited, closed.
fn lifecycle() {
    info_span!("span", n = black_box(7_u64)).in_scope(|| black_box(()));
}

/// `lifecycle/pending` with 10,000 spans open in the same table, and,
/// with `dumping`, another thread dumping them in a loop.
fn lifecycle_beside_10k(c: &mut Criterion, id: &str, dumping: bool) {
    let (dispatch, tree) = pending();
    let held = dispatcher::with_default(&dispatch, || open_requests(1_000));
    assert_eq!(tree.len(), 10_000);
    let stop = Arc::new(AtomicBool::new(false));
    let dumper = dumping.then(|| {
        let (tree, stop) = (tree.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut dumps = 0_u64;
            while !stop.load(Ordering::Relaxed) {
                assert!(black_box(tree.dump()).len() >= 10_000);
                dumps += 1;
            }
            dumps
        })
    });
    dispatcher::with_default(&dispatch, || {
        c.bench_function(id, |b| Runner::Criterion(b).each(lifecycle));
    });
    stop.store(true, Ordering::Relaxed);
    if let Some(dumper) = dumper {
        let dumps = dumper.join().expect("the dumper");
        println!("{id}: {dumps} dumps of 10,000 spans meanwhile");
    }
    drop(held);
}

/// Prints the heap each open span holds: 10,000 spans opened (as
/// [`open_requests`], each with one `u64` field) under a `Registry`, with
/// and without the layer, four times each (the registry's slab and the
/// table's maps keep what they grew, and the registry grows its slab pages
/// in some batches and not others), and the heap a dump of them takes.
fn memory() {
    const SPANS: i64 = 10_000;
    let per_span = |dispatch: &Dispatch| {
        dispatcher::with_default(dispatch, || {
            let mut rounds = [0_f64; 4];
            for round in &mut rounds {
                let before = counting::net();
                let open = open_requests(1_000);
                let after = counting::net();
                #[allow(clippy::cast_precision_loss, reason = "small counts")]
                let bytes = (after - before) as f64 / SPANS as f64;
                // The vector holding the handles is not the spans' cost.
                #[allow(clippy::cast_precision_loss, reason = "a small size")]
                let handle = std::mem::size_of::<instrument_runtime::Span>() as f64;
                *round = bytes - handle;
                drop(open);
            }
            rounds
        })
    };
    let alone = per_span(&registry());
    let (dispatch, tree) = pending();
    let with_layer = per_span(&dispatch);
    let dump_bytes = dispatcher::with_default(&dispatch, || {
        let open = open_requests(1_000);
        let before = counting::net();
        let dump = tree.dump();
        let after = counting::net();
        assert_eq!(dump.len(), 10_000);
        drop((dump, open));
        after - before
    });
    let row = |rounds: [f64; 4]| {
        rounds
            .iter()
            .map(|bytes| format!("{bytes:7.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("heap held per open span (bytes), in four batches of 10,000 spans:");
    println!("  Registry alone:          {}", row(alone));
    println!("  Registry + PendingLayer: {}", row(with_layer));
    #[allow(clippy::cast_precision_loss, reason = "small counts")]
    let per_node = dump_bytes as f64 / SPANS as f64;
    println!("a dump of 10,000 spans holds {dump_bytes} bytes ({per_node:.1} per node)");
}

fn main() {
    if std::env::var_os("ICOUNT_LIST").is_some() {
        for id in ICOUNT_CASES {
            println!("{id}");
        }
        return;
    }
    if let Ok(id) = std::env::var("ICOUNT_CASE") {
        let iters = std::env::var("ICOUNT_ITERS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000);
        run(&id, &mut Runner::Loop(iters));
        return;
    }
    memory();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    for id in ICOUNT_CASES {
        c.bench_function(id, |b| run(id, &mut Runner::Criterion(b)));
    }
    lifecycle_beside_10k(&mut c, "lifecycle/pending_held", false);
    lifecycle_beside_10k(&mut c, "lifecycle/pending_dumping", true);

    let (dispatch, tree) = pending();
    let held = dispatcher::with_default(&dispatch, || open_requests(1_000));
    c.bench_function("dump/10000", |b| b.iter(|| tree.dump()));
    let dump = tree.dump();
    assert_eq!(dump.len(), 10_000);
    c.bench_function("dump_text/10000", |b| b.iter(|| dump.to_string()));
    drop(held);

    c.final_summary();
}
