//! The layer: keeps the table of open spans up to date.

use std::sync::Arc;
use std::time::Instant;

use tracing_core::Subscriber;
use tracing_core::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use super::PendingTree;
use super::fields::FieldText;
use super::table::{SpanState, Table};

/// A [`Layer`] that keeps every open span in a table, for
/// [`PendingTree::dump`] and [`pending::dump`](super::dump()) to show as a
/// tree.
///
/// Put it on a [`Registry`](tracing_subscriber::Registry) (or anything that
/// implements [`LookupSpan`]) beside the fmt, `EnvFilter` and OpenTelemetry
/// layers. Clones share one table. It sees what the layers before it let
/// through: behind a per-layer filter, only the spans the filter enables,
/// each under its nearest enabled ancestor. Two `PendingLayer`s in one
/// subscriber each keep their own table.
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

/// The key of the parent of the new span `id` in `table`: its explicit or
/// contextual parent if the table has it, else (the parent is disabled for
/// this layer by a per-layer filter, or came before the layer) the nearest
/// ancestor that the table has.
fn parent_key<S>(
    attrs: &Attributes<'_>,
    id: &Id,
    ctx: &Context<'_, S>,
    table: &Table,
) -> Option<u64>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    if attrs.is_root() {
        return None;
    }
    let direct = match attrs.parent() {
        Some(parent) => Some(parent.clone()),
        None => ctx.current_span().id().cloned(),
    };
    if let Some(key) = direct.and_then(|parent| table.with(parent.into_u64(), |state| state.key)) {
        return Some(key);
    }
    ctx.span(id)?
        .scope()
        .skip(1)
        .find_map(|ancestor| table.with(ancestor.id().into_u64(), |state| state.key))
}

impl<S> Layer<S> for PendingLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let opened = Instant::now();
        let state = SpanState::new(
            parent_key(attrs, id, &ctx, self.table()),
            attrs.metadata(),
            opened,
            FieldText::new(attrs),
        );
        self.table().insert(id.into_u64(), Arc::new(state));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let fresh = FieldText::recorded(values);
        self.table()
            .with(id.into_u64(), |state| state.details().fields.merge(&fresh));
    }

    fn on_follows_from(&self, id: &Id, follows: &Id, ctx: Context<'_, S>) {
        let Some(cause) = ctx.span(follows).map(|span| span.name()) else {
            return;
        };
        self.table().with(id.into_u64(), |state| {
            state.details().follows_from.push(cause);
        });
    }

    fn on_enter(&self, id: &Id, _ctx: Context<'_, S>) {
        self.table().with(id.into_u64(), |state| {
            state.timing.enter(state.ticks_at(Instant::now()));
        });
    }

    fn on_exit(&self, id: &Id, _ctx: Context<'_, S>) {
        self.table().with(id.into_u64(), |state| {
            state.timing.exit(state.ticks_at(Instant::now()));
        });
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        self.table().remove(id.into_u64());
    }
}
