//! Deep nesting: 10,000 levels of instrumented recursion through `Box::pin`,
//! against the same recursion without `#[instrument]`.
//!
//! Each level of both recursions allocates exactly one box: the next level's
//! future. Its size (`size_of_val`) is the heap a level costs, and the
//! instrumented one must stay within the size bound: at most 48 bytes more
//! than the plain one. The stack a level costs while the chain is polled is
//! measured from the addresses of locals at the top and at the deepest level,
//! and reported. With a subscriber that allocates nothing per span, every
//! span is enabled and the spans opened, cloned and closed are counted; with
//! the recording subscriber, every level's span is the child of the level
//! above, and every span closes once.
//!
//!
//! A counting global allocator measures the heap each level really costs
//! (the box, and anything a subscriber or the span machinery allocates),
//! on the thread that drives the chain only, so other tests in this binary
//! do not disturb it.

// The one place the test suite needs `unsafe`: `GlobalAlloc` is an unsafe
// trait. The tests crate denies `unsafe_code` rather than forbidding it so
// this file can allow it.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::mem::size_of_val;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use instrument_runtime::{info_span, instrument, Span};
use instrument_tests::Recorder;
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, Event, Metadata, Subscriber};

const LEVELS: u32 = 10_000;

thread_local! {
    /// Bytes allocated by this thread so far.
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

/// The system allocator, counting the bytes each thread allocates.
struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; the count is a
// thread-local `Cell` (const-initialised, so touching it never allocates).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|bytes| bytes.set(bytes.get() + layout.size() as u64));
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocated() -> u64 {
    ALLOCATED.with(Cell::get)
}

/// The size bound: an instrumented future is at most this much larger.
const BOUND: usize = 48;

/// What the deepest level reports: where its stack is.
#[derive(Clone, Copy, Debug)]
struct Leaf {
    levels: u32,
    stack: usize,
}

/// The address of a local of the caller's frame.
#[inline(never)]
fn stack_address() -> usize {
    let local = 0_u8;
    std::ptr::from_ref(std::hint::black_box(&local)).addr()
}

fn leaf() -> Leaf {
    tracing::info!("deepest");
    Leaf {
        levels: 0,
        stack: stack_address(),
    }
}

fn up(leaf: Leaf) -> Leaf {
    Leaf {
        levels: leaf.levels + 1,
        stack: leaf.stack,
    }
}

async fn plain_async(n: u32) -> Leaf {
    if n == 0 {
        leaf()
    } else {
        up(Box::pin(plain_async(n - 1)).await)
    }
}

#[instrument]
async fn deep_async(n: u32) -> Leaf {
    if n == 0 {
        leaf()
    } else {
        up(Box::pin(deep_async(n - 1)).await)
    }
}

fn plain_boxed(n: u32) -> Pin<Box<dyn Future<Output = Leaf> + Send>> {
    Box::pin(async move {
        if n == 0 {
            leaf()
        } else {
            up(plain_boxed(n - 1).await)
        }
    })
}

#[instrument]
fn deep_boxed(n: u32) -> Pin<Box<dyn Future<Output = Leaf> + Send>> {
    Box::pin(async move {
        if n == 0 {
            leaf()
        } else {
            up(deep_boxed(n - 1).await)
        }
    })
}

/// Runs `f` on a thread with a 256 MiB stack, under `dispatch` if given.
fn on_big_stack<T: Send + 'static>(
    dispatch: Option<Dispatch>,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    std::thread::Builder::new()
        .name("deep".into())
        .stack_size(256 << 20)
        .spawn(move || match dispatch {
            Some(dispatch) => tracing_core::dispatcher::with_default(&dispatch, f),
            None => f(),
        })
        .expect("spawning a thread")
        .join()
        .expect("the deep thread")
}

/// Polls the chain to completion (it never waits), returning the leaf and
/// the stack bytes used per level between here and the deepest level.
fn drive<F: Future<Output = Leaf>>(fut: F) -> (Leaf, usize) {
    let (leaf, stack, _) = drive_counting(fut);
    (leaf, stack)
}

/// As [`drive`], with the heap bytes this thread allocated per level.
fn drive_counting<F: Future<Output = Leaf>>(fut: F) -> (Leaf, usize, u64) {
    let mut fut = pin!(fut);
    let top = stack_address();
    let before = allocated();
    let leaf = loop {
        if let Poll::Ready(leaf) = fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            break leaf;
        }
    };
    let heap = (allocated() - before) / u64::from(LEVELS);
    assert_eq!(leaf.levels, LEVELS);
    let per_level = (top - leaf.stack) / LEVELS as usize;
    (leaf, per_level, heap)
}

/// A subscriber that enables everything and allocates nothing per span: ids
/// from a counter, and counts of what was opened, cloned and closed.
#[derive(Default)]
struct Ids {
    next: AtomicU64,
    cloned: AtomicU64,
    closed: AtomicU64,
}

impl Subscriber for Ids {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}

    fn clone_span(&self, id: &Id) -> Id {
        self.cloned.fetch_add(1, Ordering::Relaxed);
        id.clone()
    }

    fn try_close(&self, _: Id) -> bool {
        self.closed.fetch_add(1, Ordering::Relaxed);
        true
    }
}

/// Opened, cloned and closed, as counted by an [`Ids`] subscriber.
fn counts(ids: &Ids) -> (u64, u64, u64) {
    (
        ids.next.load(Ordering::Relaxed),
        ids.cloned.load(Ordering::Relaxed),
        ids.closed.load(Ordering::Relaxed),
    )
}

#[test]
fn a_level_costs_at_most_the_size_bound_more_heap() {
    let (dispatch, _rec) = Recorder::new();
    tracing_core::dispatcher::with_default(&dispatch, || {
        // The box each level allocates holds the next level's future.
        let plain = size_of_val(&plain_async(1));
        let ours = size_of_val(&deep_async(1));
        println!("per level, async fn: plain {plain} B, instrumented {ours} B");
        assert!(ours <= plain + BOUND, "{ours} > {plain} + {BOUND}");

        let plain = size_of_val(&*plain_boxed(1));
        let ours = size_of_val(&*deep_boxed(1));
        println!("per level, boxed dyn Future: plain {plain} B, instrumented {ours} B");
        assert!(ours <= plain + BOUND, "{ours} > {plain} + {BOUND}");
    });
}

/// Heap per level, counted by the allocator, with every span enabled (a
/// subscriber that allocates nothing per span, so what is counted is ours).
#[test]
fn ten_thousand_levels_cost_at_most_the_size_bound_more_heap_each() {
    {
        let ids = Arc::new(Ids::default());
        let dispatch = Dispatch::from(Arc::clone(&ids));
        let (plain, ours, plain_boxed_heap, ours_boxed_heap) = on_big_stack(Some(dispatch), || {
            (
                drive_counting(plain_async(LEVELS)).2,
                drive_counting(deep_async(LEVELS)).2,
                drive_counting(plain_boxed(LEVELS)).2,
                drive_counting(deep_boxed(LEVELS)).2,
            )
        });
        let bound = BOUND as u64;
        println!(
            "heap per level, every span enabled: async fn plain {plain} B, instrumented {ours} B; \
             boxed plain {plain_boxed_heap} B, instrumented {ours_boxed_heap} B"
        );
        let (new_spans, _, _) = counts(&ids);
        assert_eq!(
            new_spans,
            2 * (u64::from(LEVELS) + 1),
            "every level's span opened"
        );
        assert!(
            ours <= plain + bound,
            "async fn: {ours} > {plain} + {bound}"
        );
        assert!(
            ours_boxed_heap <= plain_boxed_heap + bound,
            "boxed: {ours_boxed_heap} > {plain_boxed_heap} + {bound}"
        );
    }
}

#[test]
fn ten_thousand_levels_without_a_subscriber() {
    let (plain, plain_stack) = on_big_stack(None, || drive(plain_async(LEVELS)));
    let (ours, ours_stack) = on_big_stack(None, || drive(deep_async(LEVELS)));
    assert_eq!(plain.levels, ours.levels);
    println!("stack per level, no subscriber: plain {plain_stack} B, instrumented {ours_stack} B");
    let (_, plain_stack) = on_big_stack(None, || drive(plain_boxed(LEVELS)));
    let (_, ours_stack) = on_big_stack(None, || drive(deep_boxed(LEVELS)));
    println!(
        "stack per level, no subscriber, boxed: plain {plain_stack} B, instrumented {ours_stack} B"
    );
}

#[test]
fn ten_thousand_levels_with_every_span_enabled() {
    for boxed in [false, true] {
        let ids = Arc::new(Ids::default());
        let dispatch = Dispatch::from(Arc::clone(&ids));
        let (plain_stack, ours_stack) = on_big_stack(Some(dispatch), move || {
            let plain = if boxed {
                drive(plain_boxed(LEVELS)).1
            } else {
                drive(plain_async(LEVELS)).1
            };
            let ours = if boxed {
                drive(deep_boxed(LEVELS)).1
            } else {
                drive(deep_async(LEVELS)).1
            };
            (plain, ours)
        });
        println!(
            "stack per level, every span enabled{}: plain {plain_stack} B, instrumented {ours_stack} B",
            if boxed { ", boxed" } else { "" }
        );
        let (new_spans, extra_handles, releases) = counts(&ids);
        assert_eq!(new_spans, u64::from(LEVELS) + 1, "one span per level");
        assert_eq!(releases, new_spans + extra_handles, "every handle released");
    }
}

#[test]
fn ten_thousand_recorded_levels_nest_and_close() {
    let (dispatch, rec) = Recorder::new();
    let leaf = on_big_stack(Some(dispatch), || {
        let root = info_span!("root");
        let fut = root.in_scope(|| deep_async(LEVELS));
        drop(root);
        let leaf = drive(fut).0;
        assert!(Span::current().is_none());
        leaf
    });
    assert_eq!(leaf.levels, LEVELS);
    let spans = rec.spans();
    assert_eq!(spans.len(), LEVELS as usize + 2);
    // Level `n` opens inside level `n + 1`, the outermost inside `root`.
    for pair in spans[1..].windows(2) {
        assert_eq!(pair[1].parent_index, Some(pair[0].index));
        let above: u32 = pair[0].fields["n"].parse().unwrap();
        let below: u32 = pair[1].fields["n"].parse().unwrap();
        assert_eq!(below + 1, above);
    }
    assert_eq!(spans[1].parent, Some("root"));
    let deepest = rec.event_with_message("deepest");
    assert_eq!(deepest.chain.len(), LEVELS as usize + 2);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}
