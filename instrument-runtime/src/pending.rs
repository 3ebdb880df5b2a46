//! What is pending right now: a live tree of the open spans.
//!
//! *Available with the `pending` feature.*
//!
//! Because the spans of [`#[instrument]`](macro@crate::instrument) have the
//! right parents across `tokio::spawn` and `JoinSet`, the spans open in a
//! process form the tree of its pending async work: a request's span, the
//! call it is awaiting under it, the task that call spawned under that. This
//! module turns that tree into an answer on demand, for when a service hangs
//! or a request is slow: *what is every request waiting on, right now?*
//!
//! ```text
//! request{id=1 path="/orders/7"} open 2.01s, waiting 2.00s, busy 210µs  <- waiting over 1.00s
//!   load_order{order=7} open 2.01s, waiting 2.00s, busy 150µs  <- waiting over 1.00s
//!     lock_account{account=7} open 2.00s, waiting 2.00s, busy 12.0µs  <- waiting over 1.00s
//! request{id=2} open 3.10ms, running 40.0µs, busy 1.20ms
//!   fetch_prices{id=2} open 1.50ms, waiting 1.10ms, busy 300µs
//! ```
//!
//! # Installing the layer
//!
//! [`PendingLayer`] is a `tracing-subscriber` [`Layer`]: put it on a
//! [`Registry`](tracing_subscriber::Registry) beside the fmt layer, an
//! `EnvFilter` or an OpenTelemetry layer. It sees every span that reaches
//! it: ours, those of `tracing`'s own macros and attribute, and those of
//! libraries.
//!
//! ```
//! use instrument_runtime::pending::{self, PendingLayer};
//! use instrument_runtime::instrument;
//! use tracing_subscriber::layer::SubscriberExt as _;
//!
//! #[instrument]
//! async fn handle(user: u64) -> String {
//!     // A handler anywhere in the process can dump, without being handed
//!     // the layer: `pending::dump()` finds it in the current dispatcher.
//!     pending::dump().expect("the layer is installed").to_string()
//! }
//!
//! let subscriber = tracing_subscriber::registry().with(PendingLayer::new());
//! // A service calls `tracing::subscriber::set_global_default(subscriber)`.
//! tracing::subscriber::with_default(subscriber, || {
//!     let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//!     let text = runtime.block_on(handle(7));
//!     assert!(text.starts_with("handle{user=7} open "));
//!     assert!(text.contains(", running "));
//! });
//! ```
//!
//! Keep a [`PendingTree`] ([`PendingLayer::tree`]) to dump from a place where
//! the dispatcher is not current (another thread, a signal handler thread,
//! a timer outside the subscriber).
//!
//! # What a dump shows
//!
//! A [`Dump`] is a forest of [`Node`]s: one per open span, under its parent
//! (the subscriber's parent of the span), children in the order they opened.
//! A span leaves the tree when it closes: completion, cancellation (its
//! future dropped), a panic, a runtime shut down with the task pending.
//! A span opened with no parent, an `#[instrument(detached)]` span for
//! instance, is a root, and its line names the spans it follows from.
//!
//! - **Running**: entered on some thread right now (more enters than exits,
//!   counted across threads): its future is being polled, or its sync code
//!   runs. With it, the time since it was entered.
//! - **Waiting**: open and entered on no thread: its future is waiting to be
//!   woken, or its handle is kept for later. With it, the time since it was
//!   last exited (or opened, if never entered).
//! - **Busy**: the time it was entered, in total.
//!
//! [`Dump::longer_than`] keeps only the branches that hold a span open longer
//! than a duration; the text marks spans waiting longer than 1 second (see
//! [`Dump::mark_waiting_longer_than`]). The text is meant for people; read
//! the [`Node`]s for anything else.
//!
//! # Consistency
//!
//! The layer keeps the open spans in a table of shards; a dump copies one
//! shard at a time while spans keep opening and closing, so a dump is not
//! one instant of the whole process. What it guarantees:
//!
//! - **A consistent forest.** Every node's parent is in the dump, unless the
//!   node is a root: a span is in the dump only with all its ancestors.
//! - **Nothing lost.** Every span that was open during the whole dump is in
//!   it, under its parent.
//! - **Nothing stale.** Every span in the dump was open when its shard was
//!   copied. A span that opened or closed during the dump may be in it or
//!   not.
//! - Each node's times are read at a moment of its own, during the dump,
//!   and computed against one instant taken at its end.
//!
//! Why the forest holds: with `tracing-subscriber`'s registry, a child keeps
//! its parent open, so a span is in the table from before its children are
//! created until after they all closed. If a node's parent is missing from
//! the copy, the parent was not in the table when its shard was copied,
//! while the node was in its own: so either the parent (and then the node)
//! opened after the parent's shard was copied, or the node closed before the
//! parent did, and the parent closed before its shard was copied, after the
//! node's was. Either way the node opened or closed during the dump, and the
//! dump leaves it out, with its subtree. A span open throughout the dump has
//! ancestors open throughout, so it is never left out.
//!
//! # Cost
//!
//! The span hot path takes no lock over the whole table. The table is split
//! in shards by span id: opening and closing a span lock one shard. Entering
//! and exiting find the span's state in a small cache of the thread's (else
//! in its shard) and change it with one compare-and-swap, after reading the
//! clock. A dump locks each shard only to copy its entries' handles. Each
//! thread's cache has 16 entries, by span id, for the states it used last; a
//! span's state is freed when it closed and no cache holds it any more (the
//! thread that closes a span drops it from its own cache, other entries are
//! overwritten). The table's maps keep the capacity of the most spans open at
//! once. The figures are in `BENCHMARKS.md`, section "The pending tree".
//!
//! # Compared with `await-tree`
//!
//! `await-tree` keeps a tree of annotated awaits instead of spans. The
//! repository's example service (`cargo run -p instrument-runtime --example
//! pending --features pending`: request 1 stuck on a payment gateway while
//! holding account 7's lock, request 2 waiting for that lock, requests that
//! fan out to two price services in a `JoinSet` and spawn a `detached`
//! audit) is also written with `await-tree`, annotated as its users do: an
//! `instrument_await` on each await, every spawned task registered as a root
//! of its own (`bench-pending/benches/await_tree_stuck.rs`, run with `cargo
//! bench -p instrument-bench-pending --bench await_tree_stuck`). What its
//! registry holds at the moment the example dumps, a real output:
//!
//! ```text
//! == every registered tree (10 roots)
//! audit request=37 [60.000ms]
//!   sleep [60.000ms]
//! audit request=38 [12.000ms]
//!   sleep [12.000ms]
//! price service=eu request=39 [48.000ms]
//!   sleep [48.000ms]
//! price service=us request=39 [48.000ms]
//!   sleep [48.000ms]
//! price service=eu request=40 [12.000ms]
//!   sleep [12.000ms]
//! price service=us request=40 [12.000ms]
//!   sleep [12.000ms]
//! handle_request id=1 account=7 [1.456s]
//!   place_order account=7 total=20 [1.424s]
//!     charge account=7 amount=20 [1.424s]
//!       payment_gateway account=7 host=payments.internal [1.424s]
//!         pending [1.424s]
//! handle_request id=2 account=7 [1.352s]
//!   place_order account=7 total=40 [1.312s]
//!     lock_account account=7 [1.312s]
//! handle_request id=39 account=14 [48.000ms]
//!   fetch_prices request=39 [48.000ms]
//!     join_all [48.000ms]
//! handle_request id=40 account=12 [12.000ms]
//!   fetch_prices request=40 [12.000ms]
//!     join_all [12.000ms]
//! ```
//!
//! It finds the same stuck branch. The differences: every spawned task is a
//! tree of its own, so the `price` tasks are not under their request (it
//! shows `join_all`) and the audits do not say where they come from; each
//! await needs its own annotation and each task its registration, beside the
//! spans that the traces need; it shows no fields but the text formatted
//! into each label, no busy time and no time since the last poll (only a
//! node being polled at the moment of the dump is marked, `<== current`),
//! and its times come from a coarse clock (hence `12.000ms`).
//!
//! When to use which:
//!
//! - **`pending`**, when the code already has spans (`#[instrument]`,
//!   `tracing`'s macros, instrumented libraries such as `tower-http`): one
//!   annotation gives the traces and the dump, spawned work is in its place,
//!   and the dump carries the spans' fields. It costs what a
//!   `tracing-subscriber` layer costs, on every span the layer sees, whether
//!   you ever dump or not.
//! - **`await-tree`**, when you want a tree of awaits without spans or their
//!   subscriber, at a fraction of the cost per await (no registry lookup, no
//!   precise clock), and are ready to annotate each await and register each
//!   task.
//!
//! # What the tree cannot show
//!
//! Only spans. A future with no span (a plain `async` block, the internals
//! of a library that is not instrumented) is invisible: its time shows in
//! the nearest span around it, as waiting or running, with no detail. This is
//! the same for `await-tree`, which sees only the futures given an
//! `instrument_await`. A spawned plain `async` block polled where no span is
//! current is in no span at all: give it the current span with
//! [`.in_current_span()`](crate::Instrument::in_current_span). Spans that a
//! filter disables are not created, so not shown; behind a per-layer filter,
//! a span shows under its nearest enabled ancestor.
//!
//! [`Layer`]: tracing_subscriber::Layer

mod dump;
mod fields;
mod layer;
mod table;

use std::sync::Arc;

pub use dump::{Dump, Node};
pub use layer::PendingLayer;

use table::Table;

/// A handle on a [`PendingLayer`]'s table of open spans: dumps it from any
/// thread. Cheap to clone.
///
/// ```
/// use instrument_runtime::pending::PendingLayer;
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// let layer = PendingLayer::new();
/// let tree = layer.tree();
/// let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
/// let _default = tracing_core::dispatcher::set_default(&dispatch);
///
/// let span = instrument_runtime::info_span!("open");
/// let dumper = std::thread::spawn(move || tree.dump().to_string());
/// assert!(dumper.join().unwrap().starts_with("open open "));
/// # drop(span);
/// ```
#[derive(Clone)]
pub struct PendingTree {
    table: Arc<Table>,
}

impl PendingTree {
    /// A snapshot of every span open at this moment, as a forest by parent.
    /// See the [module documentation](self) for what it guarantees while
    /// spans open and close during it.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let _request = instrument_runtime::info_span!("request").entered();
    ///     let _query = instrument_runtime::info_span!("query").entered();
    ///     let dump = tree.dump();
    ///     assert_eq!(dump.roots()[0].children()[0].name(), "query");
    ///     println!("{dump}");
    /// });
    /// ```
    pub fn dump(&self) -> Dump {
        dump::build(self.table.copy())
    }

    /// The number of spans open now, without building a dump.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("open");
    ///     assert_eq!(tree.len(), 1);
    ///     drop(span);
    ///     assert_eq!(tree.len(), 0);
    /// });
    /// ```
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no span is open.
    ///
    /// ```
    /// let tree = instrument_runtime::pending::PendingLayer::new().tree();
    /// assert!(tree.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for PendingTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingTree")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

/// A dump of the [`PendingLayer`] in the current dispatcher, or `None` if it
/// has none: any code can dump without being handed the layer.
///
/// The layer is found as `tracing-error` finds its own: through
/// [`Dispatch::downcast_ref`](tracing_core::Dispatch::downcast_ref), which
/// sees through `Layered` stacks and per-layer filters.
///
/// ```
/// use instrument_runtime::pending::{self, PendingLayer};
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// assert!(pending::dump().is_none()); // no layer here
///
/// let subscriber = tracing_subscriber::registry().with(PendingLayer::new());
/// tracing::subscriber::with_default(subscriber, || {
///     let _span = instrument_runtime::info_span!("open").entered();
///     let dump = pending::dump().expect("the layer is installed");
///     assert_eq!(dump.len(), 1);
/// });
/// ```
pub fn dump() -> Option<Dump> {
    let tree = tracing_core::dispatcher::get_default(|dispatch| {
        dispatch
            .downcast_ref::<PendingLayer>()
            .map(PendingLayer::tree)
    })?;
    Some(tree.dump())
}
