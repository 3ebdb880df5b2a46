//! The layer: keeps the table of open spans up to date.

use std::sync::Arc;
use std::time::Instant;

use tracing_core::Subscriber;
use tracing_core::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::{LookupSpan, SpanRef};

use super::PendingTree;
use super::fields::FieldText;
use super::table::{Slot, SpanState, Table};

/// A [`Layer`] that keeps every open span in a table, for
/// [`PendingTree::dump`] and [`pending::dump`](super::dump()) to show as a
/// tree.
///
/// Put it on a [`Registry`](tracing_subscriber::Registry) (or anything that
/// implements [`LookupSpan`]) beside the fmt, `EnvFilter` and OpenTelemetry
/// layers. Clones share one table. It sees what the layers before it let
/// through: behind a per-layer filter, only the spans the filter enables,
/// each under its nearest enabled ancestor.
///
/// ```
/// use instrument_runtime::pending::PendingLayer;
/// use tracing_subscriber::layer::SubscriberExt as _;
///
/// let layer = PendingLayer::new();
/// let tree = layer.tree(); // to dump from anywhere, or use `pending::dump()`
/// let subscriber = tracing_subscriber::registry().with(layer);
/// tracing_core::dispatcher::with_default(&tracing_core::Dispatch::new(subscriber), || {
///     let _span = instrument_runtime::info_span!("open");
///     assert_eq!(tree.dump().roots()[0].name(), "open");
/// });
/// assert!(tree.dump().is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct PendingLayer {
    tree: PendingTree,
}

/// What the layer keeps in each span's extensions: the shared state, where
/// it is in the table, and which table (a second `PendingLayer` in the same
/// subscriber finds the first one's entry, and leaves the span alone).
struct Entry {
    state: Arc<SpanState>,
    slot: Slot,
    table: usize,
}

impl PendingLayer {
    /// A layer with an empty table.
    ///
    /// ```
    /// let layer = instrument_runtime::pending::PendingLayer::new();
    /// assert!(layer.tree().is_empty());
    /// ```
    pub fn new() -> PendingLayer {
        PendingLayer {
            tree: PendingTree {
                table: Arc::new(Table::new()),
            },
        }
    }

    /// A handle on this layer's table, to dump it from anywhere.
    ///
    /// ```
    /// use instrument_runtime::pending::{PendingLayer, PendingTree};
    ///
    /// let layer = PendingLayer::new();
    /// let tree: PendingTree = layer.tree();
    /// std::thread::spawn(move || tree.dump()).join().unwrap();
    /// ```
    pub fn tree(&self) -> PendingTree {
        self.tree.clone()
    }

    fn table(&self) -> &Table {
        &self.tree.table
    }

    /// This layer's table, as an identity to compare (never dereferenced).
    fn table_id(&self) -> usize {
        Arc::as_ptr(&self.tree.table) as usize
    }

    /// Runs `f` on this layer's entry of span `id`, if it has one.
    fn with_entry<S>(&self, id: &Id, ctx: &Context<'_, S>, f: impl FnOnce(&Entry))
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let Some(span) = ctx.span(id) else {
            return;
        };
        let extensions = span.extensions();
        if let Some(entry) = extensions.get::<Entry>() {
            if entry.table == self.table_id() {
                f(entry);
            }
        }
    }
}

impl Default for PendingLayer {
    /// [`PendingLayer::new`].
    ///
    /// ```
    /// let layer = instrument_runtime::pending::PendingLayer::default();
    /// assert!(layer.tree().dump().is_empty());
    /// ```
    fn default() -> PendingLayer {
        PendingLayer::new()
    }
}

/// The key of the nearest ancestor of `span` in `table`.
fn parent_key<S>(span: &SpanRef<'_, S>, table: usize) -> Option<u64>
where
    S: Subscriber + for<'l> LookupSpan<'l>,
{
    span.scope().skip(1).find_map(|ancestor| {
        let extensions = ancestor.extensions();
        let entry = extensions.get::<Entry>()?;
        (entry.table == table).then_some(entry.state.key)
    })
}

impl<S> Layer<S> for PendingLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let opened = Instant::now();
        let Some(span) = ctx.span(id) else {
            return;
        };
        if span.extensions().get::<Entry>().is_some() {
            // Another `PendingLayer` in this subscriber has it.
            return;
        }
        let table = self.table_id();
        let state = Arc::new(SpanState::new(
            parent_key(&span, table),
            attrs.metadata(),
            opened,
            FieldText::new(attrs),
        ));
        let slot = self.table().insert(Arc::clone(&state));
        span.extensions_mut().insert(Entry { state, slot, table });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        self.with_entry(id, &ctx, |entry| {
            entry.state.details().fields.record(values);
        });
    }

    fn on_follows_from(&self, id: &Id, follows: &Id, ctx: Context<'_, S>) {
        let Some(cause) = ctx.span(follows).map(|span| span.name()) else {
            return;
        };
        self.with_entry(id, &ctx, |entry| {
            entry.state.details().follows_from.push(cause);
        });
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        self.with_entry(id, &ctx, |entry| {
            let now = entry.state.ticks_at(Instant::now());
            entry.state.timing.enter(now);
        });
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        self.with_entry(id, &ctx, |entry| {
            let now = entry.state.ticks_at(Instant::now());
            entry.state.timing.exit(now);
        });
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        self.with_entry(&id, &ctx, |entry| self.table().remove(entry.slot));
    }
}
