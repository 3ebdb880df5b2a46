//! A snapshot of the open spans as a forest, and its text.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::table::{RawTiming, SpanState, from_ticks};

/// A snapshot of every span that was open, as a forest by parent.
///
/// Made by [`PendingTree::dump`](super::PendingTree::dump) or
/// [`pending::dump`](super::dump()). Its [`Display`](fmt::Display) prints one
/// line per span, children indented under their parent, in the order they
/// opened:
///
/// ```text
/// request{id=1 path="/orders/7"} open 2.01s, waiting 2.00s, busy 210µs  <- waiting over 1.00s
///   load_order{order=7} open 2.01s, waiting 2.00s, busy 150µs  <- waiting over 1.00s
///     lock_account{account=7} open 2.00s, waiting 2.00s, busy 12.0µs  <- waiting over 1.00s
/// request{id=2} open 3.10ms, running 40.0µs, busy 1.20ms
/// audit{id=1} open 10.0ms, waiting 9.80ms, busy 30.0µs, follows from request
/// ```
///
/// Each line: the span's name and fields (as the fmt layer prints them, at
/// most a few hundred bytes, a cut marked `…`), how long it has been open,
/// whether it is running (entered on some thread) or waiting and for how
/// long, the time it spent entered in total, and the spans it follows from.
/// A span waiting longer than a threshold (1 second unless changed with
/// [`Dump::mark_waiting_longer_than`]) ends with `<- waiting over 1.00s`. An
/// empty dump prints nothing.
///
/// ```
/// use instrument_runtime::info_span;
/// use instrument_runtime::pending::PendingLayer;
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// let layer = PendingLayer::new();
/// let tree = layer.tree();
/// let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
/// tracing_core::dispatcher::with_default(&dispatch, || {
///     let request = info_span!("request", id = 1_u64);
///     let _entered = request.enter();
///     let _query = info_span!("query", table = "orders");
///
///     let dump = tree.dump();
///     assert_eq!(dump.len(), 2);
///     let text = dump.to_string();
///     let lines: Vec<&str> = text.lines().collect();
///     assert!(lines[0].starts_with("request{id=1} open "));
///     assert!(lines[0].contains(", running "));
///     assert!(lines[1].starts_with("  query{table=\"orders\"} open "));
///     assert!(lines[1].contains(", waiting "));
/// });
/// ```
#[derive(Clone)]
pub struct Dump {
    roots: Vec<Node>,
    len: usize,
    long_wait: Duration,
}

/// The default threshold of [`Dump::mark_waiting_longer_than`].
const DEFAULT_LONG_WAIT: Duration = Duration::from_secs(1);

/// One span of a [`Dump`], with the spans opened under it.
///
/// ```
/// use instrument_runtime::info_span;
/// use instrument_runtime::pending::PendingLayer;
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// let layer = PendingLayer::new();
/// let tree = layer.tree();
/// let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
/// tracing_core::dispatcher::with_default(&dispatch, || {
///     let outer = info_span!("outer", user = 7_u64);
///     let inner = outer.in_scope(|| info_span!("inner"));
///     let dump = tree.dump();
///     let outer = &dump.roots()[0];
///     assert_eq!((outer.name(), outer.fields()), ("outer", "user=7"));
///     assert!(outer.is_waiting() && outer.elapsed() >= outer.busy());
///     assert_eq!(outer.children()[0].name(), "inner");
///     # drop(inner);
/// });
/// ```
pub struct Node {
    name: &'static str,
    fields: String,
    elapsed: Duration,
    busy: Duration,
    running: bool,
    in_state: Duration,
    follows_from: Vec<&'static str>,
    children: Vec<Node>,
}

impl Dump {
    /// The spans that had no parent (or whose parent this layer does not
    /// see), in the order they opened.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let a = instrument_runtime::info_span!("a");
    ///     let b = instrument_runtime::info_span!("b");
    ///     let dump = tree.dump();
    ///     let names: Vec<&str> = dump.roots().iter().map(|root| root.name()).collect();
    ///     assert_eq!(names, ["a", "b"]);
    ///     # drop((a, b));
    /// });
    /// ```
    pub fn roots(&self) -> &[Node] {
        &self.roots
    }

    /// The number of spans in the dump, at every depth.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let outer = instrument_runtime::info_span!("outer");
    ///     let inner = outer.in_scope(|| instrument_runtime::info_span!("inner"));
    ///     assert_eq!(tree.dump().len(), 2);
    ///     drop((outer, inner));
    ///     assert_eq!(tree.dump().len(), 0);
    /// });
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the dump has no span.
    ///
    /// ```
    /// let layer = instrument_runtime::pending::PendingLayer::new();
    /// assert!(layer.tree().dump().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The branches that hold a span open longer than `threshold`: the spans
    /// open longer than it, with their ancestors. What a big service's dump
    /// is cut down to, to see only what has been pending for a while.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let old = instrument_runtime::info_span!("old");
    ///     std::thread::sleep(Duration::from_millis(20));
    ///     let new = old.in_scope(|| instrument_runtime::info_span!("new"));
    ///
    ///     let dump = tree.dump();
    ///     let long = dump.longer_than(dump.roots()[0].children()[0].elapsed());
    ///     assert_eq!(long.len(), 1);
    ///     assert_eq!(long.roots()[0].name(), "old");
    ///     assert!(long.roots()[0].children().is_empty());
    ///     # drop((old, new));
    /// });
    /// ```
    #[must_use]
    pub fn longer_than(&self, threshold: Duration) -> Dump {
        let mut len = 0;
        let roots = rebuild(&self.roots, |node, children| {
            if children.is_empty() && node.elapsed <= threshold {
                return None;
            }
            len += 1;
            Some(node.with_children(children))
        });
        Dump {
            roots,
            len,
            long_wait: self.long_wait,
        }
    }

    /// The same dump, whose text marks the spans waiting longer than
    /// `threshold` (instead of 1 second) with `<- waiting over ..`.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let idle = instrument_runtime::info_span!("idle");
    ///     std::thread::sleep(Duration::from_millis(2));
    ///     let dump = tree.dump();
    ///     assert!(!dump.to_string().contains("<- waiting over"));
    ///     let marked = dump.mark_waiting_longer_than(Duration::from_millis(1));
    ///     assert!(marked.to_string().ends_with("<- waiting over 1.00ms\n"));
    ///     # drop(idle);
    /// });
    /// ```
    #[must_use]
    pub fn mark_waiting_longer_than(mut self, threshold: Duration) -> Dump {
        self.long_wait = threshold;
        self
    }
}

impl Node {
    /// The span's name.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let _span = instrument_runtime::info_span!("checkout");
    ///     assert_eq!(tree.dump().roots()[0].name(), "checkout");
    /// });
    /// ```
    pub fn name(&self) -> &str {
        self.name
    }

    /// The span's fields as the fmt layer prints them (`user=7
    /// name="ferris"`), with the values recorded since it opened; at most
    /// a few hundred bytes, a cut marked with `…`.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!(
    ///         "login",
    ///         user = 7_u64,
    ///         name = "ferris",
    ///         step = instrument_runtime::field::Empty,
    ///     );
    ///     span.record("step", "password");
    ///     let dump = tree.dump();
    ///     assert_eq!(dump.roots()[0].fields(), r#"user=7 name="ferris" step="password""#);
    /// });
    /// ```
    pub fn fields(&self) -> &str {
        &self.fields
    }

    /// The time since the span opened.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let _span = instrument_runtime::info_span!("slow");
    ///     std::thread::sleep(Duration::from_millis(5));
    ///     assert!(tree.dump().roots()[0].elapsed() >= Duration::from_millis(5));
    /// });
    /// ```
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The time the span was entered, in total (on any thread, counted once
    /// when entered on several at the same time), up to the dump.
    ///
    /// A span is also entered for a moment when work it spawned first runs
    /// on another thread: an `#[instrument]` function spawned from it makes
    /// it current there while its own span opens, as its parent. So a span
    /// that spawns may be busier than its parent.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("work");
    ///     span.in_scope(|| std::thread::sleep(Duration::from_millis(5)));
    ///     let dump = tree.dump();
    ///     let work = &dump.roots()[0];
    ///     // Entered for at least the sleep (times are kept in 64 ns ticks).
    ///     assert!(work.busy() >= Duration::from_millis(4));
    ///     assert!(work.busy() <= work.elapsed());
    /// });
    /// ```
    pub fn busy(&self) -> Duration {
        self.busy
    }

    /// Whether the span was entered on some thread at the time of the dump.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("work");
    ///     assert!(!tree.dump().roots()[0].is_running());
    ///     span.in_scope(|| assert!(tree.dump().roots()[0].is_running()));
    /// });
    /// ```
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Whether the span was open and not entered on any thread at the time
    /// of the dump: the opposite of [`Node::is_running`].
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("idle");
    ///     assert!(tree.dump().roots()[0].is_waiting());
    ///     span.in_scope(|| assert!(!tree.dump().roots()[0].is_waiting()));
    /// });
    /// ```
    pub fn is_waiting(&self) -> bool {
        !self.running
    }

    /// How long the span has been running, if it is: the time since it was
    /// entered (on the first of the threads it is entered on).
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("work");
    ///     span.in_scope(|| {
    ///         let dump = tree.dump();
    ///         let node = &dump.roots()[0];
    ///         assert!(node.running().unwrap() <= node.busy());
    ///         assert_eq!(node.waiting(), None);
    ///     });
    /// });
    /// ```
    pub fn running(&self) -> Option<Duration> {
        self.running.then_some(self.in_state)
    }

    /// How long the span has been waiting, if it is: the time since it was
    /// last exited, or since it opened if it was never entered.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let span = instrument_runtime::info_span!("idle");
    ///     let dump = tree.dump();
    ///     let node = &dump.roots()[0];
    ///     assert!(node.waiting().unwrap() <= node.elapsed());
    ///     assert_eq!(node.running(), None);
    /// });
    /// ```
    pub fn waiting(&self) -> Option<Duration> {
        (!self.running).then_some(self.in_state)
    }

    /// The names of the spans this one follows from (`follows_from`), as a
    /// [`#[instrument(detached)]`](macro@crate::instrument) span follows from
    /// the span it would have had as parent.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let cause = instrument_runtime::info_span!("cause");
    ///     let effect = instrument_runtime::info_span!(parent: None, "effect");
    ///     effect.follows_from(&cause);
    ///     let dump = tree.dump();
    ///     assert_eq!(dump.roots()[1].follows_from(), ["cause"]);
    ///     assert!(dump.to_string().contains("follows from cause"));
    /// });
    /// ```
    pub fn follows_from(&self) -> &[&'static str] {
        &self.follows_from
    }

    /// The spans opened under this one and still open, in the order they
    /// opened.
    ///
    /// ```
    /// # use instrument_runtime::pending::PendingLayer;
    /// # use tracing_subscriber::layer::SubscriberExt as _;
    /// # let layer = PendingLayer::new();
    /// # let tree = layer.tree();
    /// # let dispatch = tracing_core::Dispatch::new(tracing_subscriber::registry().with(layer));
    /// tracing_core::dispatcher::with_default(&dispatch, || {
    ///     let request = instrument_runtime::info_span!("request");
    ///     let first = request.in_scope(|| instrument_runtime::info_span!("first"));
    ///     let second = request.in_scope(|| instrument_runtime::info_span!("second"));
    ///     let dump = tree.dump();
    ///     let names: Vec<&str> = dump.roots()[0].children().iter().map(|c| c.name()).collect();
    ///     assert_eq!(names, ["first", "second"]);
    ///     # drop((first, second));
    /// });
    /// ```
    pub fn children(&self) -> &[Node] {
        &self.children
    }

    /// This node without its children, and `children` in their place.
    fn with_children(&self, children: Vec<Node>) -> Node {
        Node {
            name: self.name,
            fields: self.fields.clone(),
            elapsed: self.elapsed,
            busy: self.busy,
            running: self.running,
            in_state: self.in_state,
            follows_from: self.follows_from.clone(),
            children,
        }
    }
}

/// Rebuilds a forest bottom-up without recursion (a chain of spans can be
/// as deep as a recursion): `map` gets each node with its children already
/// rebuilt, and returns its replacement, or `None` to leave it out.
fn rebuild(roots: &[Node], mut map: impl FnMut(&Node, Vec<Node>) -> Option<Node>) -> Vec<Node> {
    // Each frame: a node, and its children rebuilt so far.
    let mut stack: Vec<(&Node, Vec<Node>, usize)> = Vec::new();
    let mut out = Vec::new();
    for root in roots {
        stack.push((root, Vec::new(), 0));
        while let Some((node, built, next)) = stack.last_mut() {
            if let Some(child) = node.children.get(*next) {
                *next += 1;
                stack.push((child, Vec::new(), 0));
                continue;
            }
            let built = std::mem::take(built);
            let node = *node;
            stack.pop();
            let rebuilt = map(node, built);
            match (stack.last_mut(), rebuilt) {
                (Some((_, siblings, _)), Some(rebuilt)) => siblings.push(rebuilt),
                (None, Some(rebuilt)) => out.push(rebuilt),
                (_, None) => {}
            }
        }
    }
    out
}

impl Clone for Node {
    fn clone(&self) -> Node {
        let mut clone = rebuild(std::slice::from_ref(self), |node, children| {
            Some(node.with_children(children))
        });
        clone.pop().expect("a clone of every node")
    }
}

impl Drop for Node {
    /// Drops the subtree without recursion.
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut node) = pending.pop() {
            pending.append(&mut node.children);
        }
    }
}

#[allow(
    clippy::missing_fields_in_debug,
    reason = "`in_state` is shown as `running` or `waiting`"
)]
impl fmt::Debug for Node {
    /// The node's own values, and the number of its children (print the
    /// [`Dump`] to see the tree).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("name", &self.name)
            .field("fields", &self.fields)
            .field("elapsed", &self.elapsed)
            .field("busy", &self.busy)
            .field("running", &self.running())
            .field("waiting", &self.waiting())
            .field("follows_from", &self.follows_from)
            .field("children", &self.children.len())
            .finish()
    }
}

impl fmt::Debug for Dump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dump")
            .field("len", &self.len)
            .field("roots", &self.roots)
            .field("long_wait", &self.long_wait)
            .finish()
    }
}

impl fmt::Display for Dump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut stack: Vec<(&Node, usize)> =
            self.roots.iter().rev().map(|root| (root, 0)).collect();
        while let Some((node, depth)) = stack.pop() {
            write!(f, "{:indent$}{}", "", node.name, indent = depth * 2)?;
            if !node.fields.is_empty() {
                write!(f, "{{{}}}", node.fields)?;
            }
            write!(f, " open {}", Human(node.elapsed))?;
            if node.running {
                write!(f, ", running {}", Human(node.in_state))?;
            } else {
                write!(f, ", waiting {}", Human(node.in_state))?;
            }
            write!(f, ", busy {}", Human(node.busy))?;
            for (i, cause) in node.follows_from.iter().enumerate() {
                let sep = if i == 0 { ", follows from " } else { ", " };
                write!(f, "{sep}{cause}")?;
            }
            if !node.running && node.in_state > self.long_wait {
                write!(f, "  <- waiting over {}", Human(self.long_wait))?;
            }
            writeln!(f)?;
            stack.extend(node.children.iter().rev().map(|child| (child, depth + 1)));
        }
        Ok(())
    }
}

/// A duration for people: three significant digits below a minute (`850ns`,
/// `12.3µs`, `4.56ms`, `2.01s`), then two units (`2m05s`, `3h07m`, `4d02h`).
struct Human(Duration);

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.0.as_nanos();
        let secs = self.0.as_secs();
        if nanos < 1_000 {
            return write!(f, "{nanos}ns");
        }
        if secs >= 60 {
            let (days, hours, minutes) = (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60);
            return if days > 0 {
                write!(f, "{days}d{hours:02}h")
            } else if hours > 0 {
                write!(f, "{hours}h{minutes:02}m")
            } else {
                write!(f, "{minutes}m{:02}s", secs % 60)
            };
        }
        // Three significant digits of the value in the largest unit where it
        // is at least 1, rounded; a value that rounds up to 1000 moves on to
        // the next unit.
        let units = [(1_000_u128, "µs"), (1_000_000, "ms"), (1_000_000_000, "s")];
        let mut unit = units
            .iter()
            .rposition(|(size, _)| nanos >= *size)
            .unwrap_or(0);
        loop {
            let (size, suffix) = units[unit];
            // The value in hundredths of the unit, rounded once, to
            // `step` hundredths: three significant digits.
            let round = |step: u128| (nanos * 100 + size * step / 2) / (size * step) * step;
            let mut step = match nanos * 100 / size {
                0..1_000 => 1,
                1_000..10_000 => 10,
                _ => 100,
            };
            let mut rounded = round(step);
            // Rounding up may add a digit (9.996 to 10.00): one step coarser.
            if (step == 1 && rounded >= 1_000) || (step == 10 && rounded >= 10_000) {
                step *= 10;
                rounded = round(step);
            }
            if rounded >= 100_000 && unit + 1 < units.len() {
                unit += 1;
                continue;
            }
            let (whole, frac) = (rounded / 100, rounded % 100);
            return match step {
                1 => write!(f, "{whole}.{frac:02}{suffix}"),
                10 => write!(f, "{whole}.{}{suffix}", frac / 10),
                _ => write!(f, "{whole}{suffix}"),
            };
        }
    }
}

/// One span as read from its state.
struct Read {
    key: u64,
    parent: Option<u64>,
    opened: Instant,
    name: &'static str,
    fields: String,
    follows_from: Vec<&'static str>,
    timing: RawTiming,
}

/// Builds the dump of the spans copied from the table, shard by shard.
///
/// A span whose parent is not in the copy is left out, with its subtree:
/// see the module's "Consistency" for why that parent opened or closed
/// during the dump, and why the result is a consistent forest.
pub(super) fn build(states: Vec<Arc<SpanState>>) -> Dump {
    let reads: Vec<Read> = states
        .iter()
        .map(|state| {
            let details = state.details();
            Read {
                key: state.key,
                parent: state.parent,
                opened: state.opened,
                name: state.metadata.name(),
                fields: details.fields.to_text(),
                follows_from: details.follows_from.clone(),
                timing: state.timing.read(),
            }
        })
        .collect();
    drop(states);
    // After every load: no transition that was read is later than `now`.
    let now = Instant::now();

    let index: HashMap<u64, usize> = reads
        .iter()
        .enumerate()
        .map(|(i, read)| (read.key, i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); reads.len()];
    let mut roots = Vec::new();
    for (i, read) in reads.iter().enumerate() {
        match read.parent {
            None => roots.push(i),
            Some(parent) => {
                if let Some(&parent) = index.get(&parent) {
                    children[parent].push(i);
                }
            }
        }
    }
    let order = |a: &usize, b: &usize| {
        (reads[*a].opened, reads[*a].key).cmp(&(reads[*b].opened, reads[*b].key))
    };
    roots.sort_unstable_by(order);
    for siblings in &mut children {
        siblings.sort_unstable_by(order);
    }

    // Bottom-up, without recursion: each frame is a span and the position
    // of its next child.
    let mut reads: Vec<Option<Read>> = reads.into_iter().map(Some).collect();
    let mut built: Vec<Option<Node>> = std::iter::repeat_with(|| None).take(reads.len()).collect();
    let mut len = 0;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for &root in &roots {
        stack.push((root, 0));
        while let Some((i, next)) = stack.last_mut() {
            if let Some(&child) = children[*i].get(*next) {
                *next += 1;
                stack.push((child, 0));
                continue;
            }
            let i = *i;
            stack.pop();
            let read = reads[i].take().expect("each span is built once");
            let kids = children[i]
                .iter()
                .filter_map(|&child| built[child].take())
                .collect();
            built[i] = Some(node(read, kids, now));
            len += 1;
        }
    }
    Dump {
        roots: roots
            .iter()
            .filter_map(|&root| built[root].take())
            .collect(),
        len,
        long_wait: DEFAULT_LONG_WAIT,
    }
}

/// The node of one span read at `now`.
fn node(read: Read, children: Vec<Node>, now: Instant) -> Node {
    let elapsed = now.saturating_duration_since(read.opened);
    let elapsed_ticks = super::table::to_ticks(elapsed);
    let timing = read.timing.at(elapsed_ticks);
    // Ticks are 64 ns: never more in a state, or busy, than open.
    let in_state = from_ticks(timing.in_state).min(elapsed);
    let busy = from_ticks(timing.busy).min(elapsed);
    Node {
        name: read.name,
        fields: read.fields,
        elapsed,
        busy,
        running: timing.running,
        in_state,
        follows_from: read.follows_from,
        children,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Human;

    #[test]
    fn durations_read_with_three_digits_then_two_units() {
        let cases = [
            (Duration::ZERO, "0ns"),
            (Duration::from_nanos(999), "999ns"),
            (Duration::from_micros(1), "1.00µs"),
            (Duration::from_nanos(12_345), "12.3µs"),
            (Duration::from_nanos(9_996), "10.0µs"),
            (Duration::from_nanos(123_456), "123µs"),
            (Duration::from_nanos(999_600), "1.00ms"),
            (Duration::from_micros(4_560), "4.56ms"),
            (Duration::from_millis(2_010), "2.01s"),
            (Duration::from_millis(59_400), "59.4s"),
            (Duration::from_secs(125), "2m05s"),
            (Duration::from_secs(3 * 3_600 + 7 * 60 + 59), "3h07m"),
            (Duration::from_secs(4 * 86_400 + 2 * 3_600), "4d02h"),
        ];
        for (duration, text) in cases {
            assert_eq!(Human(duration).to_string(), text, "{duration:?}");
        }
    }
}
