//! The table of open spans, and each span's state.
//!
//! The span hot path never takes a lock over the whole table:
//!
//! - `new_span` and `close` lock one shard of the table, chosen by the
//!   creating thread (a thread-local hint), so threads that create spans at
//!   the same time mostly touch different shards. The slot is O(1): a
//!   vector and a free list, no hashing.
//! - `enter` and `exit` touch only the span's own state, reached through the
//!   registry's span extensions: one compare-and-swap on one word
//!   ([`Timing`]), plus one atomic add when the span stops running.
//! - `record` and `follows_from` (rare) lock the span's own details.
//!
//! A dump locks one shard at a time, long enough to clone the `Arc`s of its
//! entries, and reads each span's state after unlocking.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tracing_core::Metadata;

use super::fields::FieldText;

/// One open span, as the table and the registry's extensions share it.
pub(super) struct SpanState {
    /// Unique among the spans of the process (ids of the registry are
    /// reused); the parent link and the order of siblings use it.
    pub(super) key: u64,
    /// The key of the nearest ancestor this layer sees, if any.
    pub(super) parent: Option<u64>,
    pub(super) metadata: &'static Metadata<'static>,
    pub(super) opened: Instant,
    pub(super) timing: Timing,
    details: Mutex<Details>,
}

/// What only `record` and `follows_from` change.
pub(super) struct Details {
    pub(super) fields: FieldText,
    /// The names of the spans this one follows from, in the order given.
    pub(super) follows_from: Vec<&'static str>,
}

impl SpanState {
    pub(super) fn new(
        parent: Option<u64>,
        metadata: &'static Metadata<'static>,
        opened: Instant,
        fields: FieldText,
    ) -> SpanState {
        SpanState {
            key: next_key(),
            parent,
            metadata,
            opened,
            timing: Timing::default(),
            details: Mutex::new(Details {
                fields,
                follows_from: Vec::new(),
            }),
        }
    }

    /// The span's details; nothing panics while they are locked, but a
    /// poisoned lock is taken over all the same.
    pub(super) fn details(&self) -> MutexGuard<'_, Details> {
        self.details.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The time from the span's opening to `now`, in [`Timing`]'s ticks.
    pub(super) fn ticks_at(&self, now: Instant) -> u64 {
        to_ticks(now.saturating_duration_since(self.opened))
    }
}

/// Bits of [`Timing`]'s word that count the entries (low bits).
const COUNT_BITS: u32 = 16;
const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;
/// Bits of the word that hold the time of the last transition (high bits).
const TIME_BITS: u32 = 64 - COUNT_BITS;
const TIME_MASK: u64 = (1 << TIME_BITS) - 1;
/// One tick is 2^6 = 64 ns: 48 bits of ticks cover 208 days.
const TICK_SHIFT: u32 = 6;

/// How far apart the clocks of two cores may be, in ticks (1 ms, far more
/// than they are).
const SKEW: u64 = 1_000_000 >> TICK_SHIFT;

/// A duration in ticks, wrapped to [`TIME_BITS`].
pub(super) fn to_ticks(duration: Duration) -> u64 {
    // In `u64`, not through `as_nanos`'s `u128`: this runs on every enter
    // and exit.
    const TICKS_PER_SEC: u64 = 1_000_000_000 >> TICK_SHIFT;
    let ticks = duration
        .as_secs()
        .wrapping_mul(TICKS_PER_SEC)
        .wrapping_add(u64::from(duration.subsec_nanos() >> TICK_SHIFT));
    ticks & TIME_MASK
}

/// A number of ticks as a duration.
pub(super) fn from_ticks(ticks: u64) -> Duration {
    Duration::from_nanos(ticks.saturating_mul(1 << TICK_SHIFT))
}

/// Whether a span is entered, and for how long it has been, lock-free.
///
/// `word` packs the number of entries not yet exited (on any thread: the
/// low 16 bits) with the time of the last transition between "not entered"
/// and "entered" (the high 48 bits, in 64 ns ticks since the span opened,
/// modulo 2^48). Enter and exit are one compare-and-swap on it, so the count
/// and the time always change together: no reader ever sees a span running
/// since a time that belongs to another stretch. `busy` adds up the
/// stretches that ended, in ticks.
///
/// Limits, both far outside what a span meets: a stretch of running or
/// waiting longer than 208 days wraps (it shows 208 days less), and entries
/// beyond 65,535 at the same time (a span entered on that many threads at
/// once) are not counted.
#[derive(Default)]
pub(super) struct Timing {
    word: AtomicU64,
    busy: AtomicU64,
}

/// What [`Timing::read`] loaded, to be seen from a later instant with
/// [`RawTiming::at`].
#[derive(Clone, Copy)]
pub(super) struct RawTiming {
    word: u64,
    busy: u64,
}

/// A span's timing as of one instant.
#[derive(Clone, Copy)]
pub(super) struct TimingSnapshot {
    pub(super) running: bool,
    /// Ticks since the last transition (the time spent running or waiting
    /// so far in the current stretch).
    pub(super) in_state: u64,
    /// Ticks spent entered, in total, the current stretch included.
    pub(super) busy: u64,
}

impl RawTiming {
    /// The state at `now` (ticks since the span opened), which must not be
    /// earlier than the load: a transition is stamped before it is
    /// published, so every time in the word is earlier than a `now` taken
    /// after the load.
    pub(super) fn at(self, now: u64) -> TimingSnapshot {
        let running = self.word & COUNT_MASK > 0;
        let mut in_state = now.wrapping_sub(self.word >> COUNT_BITS) & TIME_MASK;
        if in_state > TIME_MASK - SKEW {
            // A transition stamped a little after `now` by a core whose
            // clock is ahead: just now.
            in_state = 0;
        }
        TimingSnapshot {
            running,
            in_state,
            busy: if running {
                self.busy.saturating_add(in_state)
            } else {
                self.busy
            },
        }
    }
}

impl Timing {
    /// One more entry, at `now` (ticks since the span opened).
    pub(super) fn enter(&self, now: u64) {
        let mut current = self.word.load(Ordering::Relaxed);
        loop {
            let count = current & COUNT_MASK;
            let next = match count {
                0 => (now << COUNT_BITS) | 1,
                COUNT_MASK => return,
                _ => current + 1,
            };
            match self.word.compare_exchange_weak(
                current,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(actual) => current = actual,
            }
        }
    }

    /// One entry fewer, at `now` (ticks since the span opened).
    pub(super) fn exit(&self, now: u64) {
        let mut current = self.word.load(Ordering::Relaxed);
        loop {
            let count = current & COUNT_MASK;
            let (next, stretch) = match count {
                // An exit with no counted entry (the layer came after the
                // enter, or the count was full): nothing to undo.
                0 => return,
                1 => (
                    now << COUNT_BITS,
                    Some(now.wrapping_sub(current >> COUNT_BITS) & TIME_MASK),
                ),
                _ => (current - 1, None),
            };
            match self.word.compare_exchange_weak(
                current,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    if let Some(stretch) = stretch {
                        // Release: a reader that sees this addition also
                        // sees the word without this stretch running.
                        self.busy.fetch_add(stretch, Ordering::Release);
                    }
                    return;
                }
                Err(actual) => current = actual,
            }
        }
    }

    /// The word and the total, for [`RawTiming::at`].
    pub(super) fn read(&self) -> RawTiming {
        // `busy` first: a stretch that ends between the two loads is then
        // missing from `busy` but not counted as running either (the total
        // lags by one stretch, and never counts one twice).
        let busy = self.busy.load(Ordering::Acquire);
        let word = self.word.load(Ordering::Relaxed);
        RawTiming { word, busy }
    }
}

/// Keys are taken from per-thread blocks of this size, so that creating a
/// span touches no shared counter.
const KEY_BLOCK: u64 = 1 << 16;
static NEXT_KEY_BLOCK: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The next key of this thread's block, and the end of the block.
    static KEYS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
    /// Which shard this thread inserts into (modulo the number of shards).
    static SHARD_HINT: Cell<Option<usize>> = const { Cell::new(None) };
}

static NEXT_SHARD_HINT: AtomicUsize = AtomicUsize::new(0);

/// A key no other span of the process has. Keys of one thread increase.
fn next_key() -> u64 {
    KEYS.try_with(|keys| {
        let (mut next, mut end) = keys.get();
        if next == end {
            next = NEXT_KEY_BLOCK.fetch_add(KEY_BLOCK, Ordering::Relaxed);
            end = next + KEY_BLOCK;
        }
        keys.set((next + 1, end));
        next
    })
    // A span opened while this thread's locals are being destroyed.
    .unwrap_or_else(|_| NEXT_KEY_BLOCK.fetch_add(1, Ordering::Relaxed))
}

fn shard_hint() -> usize {
    SHARD_HINT
        .try_with(|hint| match hint.get() {
            Some(hint) => hint,
            None => {
                let fresh = NEXT_SHARD_HINT.fetch_add(1, Ordering::Relaxed);
                hint.set(Some(fresh));
                fresh
            }
        })
        .unwrap_or(0)
}

/// Where an entry is, for its removal.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    shard: u32,
    index: u32,
}

/// The open spans, in shards.
pub(super) struct Table {
    shards: Box<[Shard]>,
}

/// One shard, alone on its cache lines.
#[repr(align(128))]
#[derive(Default)]
struct Shard(Mutex<Entries>);

#[derive(Default)]
struct Entries {
    slots: Vec<Option<Arc<SpanState>>>,
    free: Vec<u32>,
    len: usize,
}

impl Shard {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Table {
    /// A table with four shards per core (at least 8, at most 256), a power
    /// of two.
    pub(super) fn new() -> Table {
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        let shards = (cores * 4).clamp(8, 256).next_power_of_two();
        Table {
            shards: (0..shards).map(|_| Shard::default()).collect(),
        }
    }

    pub(super) fn insert(&self, state: Arc<SpanState>) -> Slot {
        let shard = shard_hint() & (self.shards.len() - 1);
        let mut entries = self.shards[shard].lock();
        entries.len += 1;
        let index = match entries.free.pop() {
            Some(index) => {
                entries.slots[index as usize] = Some(state);
                index
            }
            None => {
                entries.slots.push(Some(state));
                u32::try_from(entries.slots.len() - 1).expect("fewer than 2^32 spans per shard")
            }
        };
        Slot {
            #[allow(clippy::cast_possible_truncation, reason = "at most 256 shards")]
            shard: shard as u32,
            index,
        }
    }

    pub(super) fn remove(&self, slot: Slot) {
        let removed = {
            let mut entries = self.shards[slot.shard as usize].lock();
            let removed = entries.slots[slot.index as usize].take();
            if removed.is_some() {
                entries.len -= 1;
                entries.free.push(slot.index);
            }
            removed
        };
        // The state is freed (when this was the last reference) after the
        // shard is unlocked.
        drop(removed);
    }

    /// Every entry, shard by shard.
    pub(super) fn copy(&self) -> Vec<Arc<SpanState>> {
        let mut all = Vec::new();
        for shard in &*self.shards {
            let entries = shard.lock();
            all.reserve(entries.len);
            all.extend(entries.slots.iter().flatten().cloned());
        }
        all
    }

    /// The number of entries, shard by shard.
    pub(super) fn len(&self) -> usize {
        self.shards.iter().map(|shard| shard.lock().len).sum()
    }
}
