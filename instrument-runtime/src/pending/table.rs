//! The table of open spans, and each span's state.
//!
//! The span hot path never takes a lock over the whole table:
//!
//! - The table is split in shards by span id, each a small hash map behind
//!   its own lock. `new_span` and `close` lock one shard: threads meet only
//!   when their spans' ids fall in the same shard at the same moment.
//! - `enter` and `exit` find the span's state in a small cache of the
//!   thread's (no lock; a span is usually entered again on the thread that
//!   created or last entered it), else in its shard, and change it with one
//!   compare-and-swap on one word ([`Timing`]), plus one atomic add when the
//!   span stops running.
//! - `record` and `follows_from` (rare) lock the span's own details.
//!
//! A dump locks one shard at a time, long enough to clone the `Arc`s of its
//! entries, and reads each span's state after unlocking.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tracing_core::Metadata;

use super::fields::FieldText;

/// One open span, as the table and the threads' caches share it.
pub(super) struct SpanState {
    /// Unique among the spans of the process (ids of the registry are
    /// reused); the parent link and the order of siblings use it.
    pub(super) key: u64,
    /// The key of the nearest ancestor this layer sees, if any.
    pub(super) parent: Option<u64>,
    pub(super) metadata: &'static Metadata<'static>,
    pub(super) opened: Instant,
    pub(super) timing: Timing,
    /// Set as the span closes, before the registry can reuse its id: a
    /// cached state that says so is stale.
    closed: AtomicBool,
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
            closed: AtomicBool::new(false),
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
}

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

/// Hashes a span id, which the registry packs from a slot index, a page and
/// a generation: one multiplication spreads it (Fibonacci hashing).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used (keys are `u64`); anything else folds in.
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = (self.0 ^ id).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Entries = HashMap<u64, Arc<SpanState>, BuildHasherDefault<IdHasher>>;

/// The open spans, in shards by id.
pub(super) struct Table {
    /// This table's identity in the thread caches: unique in the process.
    id: usize,
    shards: Box<[Shard]>,
    /// `64 - log2(shards.len())`: high bits of a hash pick the shard.
    shift: u32,
}

/// One shard, alone on its cache lines.
#[repr(align(128))]
#[derive(Default)]
struct Shard(Mutex<Entries>);

impl Shard {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Table {
    /// A table with four shards per core (at least 8, at most 256), a power
    /// of two.
    pub(super) fn new() -> Table {
        static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        let shards = (cores * 4).clamp(8, 256).next_power_of_two();
        Table {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            shards: (0..shards).map(|_| Shard::default()).collect(),
            shift: 64 - shards.trailing_zeros(),
        }
    }

    fn shard(&self, id: u64) -> &Shard {
        let mut hasher = IdHasher::default();
        hasher.write_u64(id);
        // The bits below the top 7, which the shard's map uses to tag its
        // entries (so that they still tell the entries of a shard apart).
        // The shift leaves fewer bits than there are shards: in range.
        #[allow(clippy::cast_possible_truncation, reason = "at most 8 bits")]
        let index = (hasher.finish().rotate_left(7) >> self.shift) as usize;
        &self.shards[index]
    }

    /// Adds the state of span `id`, and caches it for this thread.
    pub(super) fn insert(&self, id: u64, state: Arc<SpanState>) {
        cache_put(self, id, &state);
        self.shard(id).lock().insert(id, state);
    }

    /// Runs `f` on the state of span `id`, found in this thread's cache, or
    /// else in its shard (and then cached); `None` if the table does not
    /// have it.
    pub(super) fn with<R>(&self, id: u64, f: impl FnOnce(&SpanState) -> R) -> Option<R> {
        let mut f = Some(f);
        let hit = CACHE
            .try_with(|cache| {
                let cache = cache.try_borrow().ok()?;
                match &cache[cache_slot(id)] {
                    Some((owner, cached, state))
                        if *owner == self.id
                            && *cached == id
                            && !state.closed.load(Ordering::Acquire) =>
                    {
                        f.take().map(|f| f(state))
                    }
                    _ => None,
                }
            })
            .ok()
            .flatten();
        if hit.is_some() {
            return hit;
        }
        let state = Arc::clone(self.shard(id).lock().get(&id)?);
        cache_put(self, id, &state);
        f.map(|f| f(&state))
    }

    /// Removes span `id` as it closes.
    pub(super) fn remove(&self, id: u64) {
        let removed = self.shard(id).lock().remove(&id);
        if let Some(state) = &removed {
            state.closed.store(true, Ordering::Release);
        }
        cache_forget(self, id);
        // The state is freed (when this was the last reference) after the
        // shard is unlocked.
        drop(removed);
    }

    /// Every entry, shard by shard.
    pub(super) fn copy(&self) -> Vec<Arc<SpanState>> {
        let mut all = Vec::new();
        for shard in &*self.shards {
            let entries = shard.lock();
            all.reserve(entries.len());
            all.extend(entries.values().cloned());
        }
        all
    }

    /// The number of entries, shard by shard.
    pub(super) fn len(&self) -> usize {
        self.shards.iter().map(|shard| shard.lock().len()).sum()
    }
}

/// Entries in each thread's cache of span states: a few, as a thread has
/// few spans entered at a time (a task's chain, while it is polled).
const CACHE_SLOTS: usize = 16;

/// One entry of a thread's cache: the table, the span id, its state.
type Cached = Option<(usize, u64, Arc<SpanState>)>;

thread_local! {
    /// The states of the spans this thread created or entered last, by id.
    /// An entry whose span closed is stale (its id may have been reused)
    /// and skipped; the thread that closes a span forgets its own entry, and
    /// others are overwritten, so a cache holds at most a few closed
    /// states, never more.
    static CACHE: RefCell<[Cached; CACHE_SLOTS]> = const { RefCell::new([const { None }; CACHE_SLOTS]) };
}

/// The cache slot of span `id`.
fn cache_slot(id: u64) -> usize {
    let mut hasher = IdHasher::default();
    hasher.write_u64(id);
    // `CACHE_SLOTS` is 16: the top 4 bits.
    #[allow(clippy::cast_possible_truncation, reason = "4 bits")]
    let slot = (hasher.finish() >> 60) as usize;
    slot % CACHE_SLOTS
}

fn cache_put(table: &Table, id: u64, state: &Arc<SpanState>) {
    let _ = CACHE.try_with(|cache| {
        if let Ok(mut cache) = cache.try_borrow_mut() {
            // The state it replaces is dropped after the borrow ends.
            let old = cache[cache_slot(id)].replace((table.id, id, Arc::clone(state)));
            drop(cache);
            drop(old);
        }
    });
}

fn cache_forget(table: &Table, id: u64) {
    let _ = CACHE.try_with(|cache| {
        if let Ok(mut cache) = cache.try_borrow_mut() {
            let slot = &mut cache[cache_slot(id)];
            if matches!(slot, Some((owner, cached, _)) if *owner == table.id && *cached == id) {
                let old = slot.take();
                drop(cache);
                drop(old);
            }
        }
    });
}
