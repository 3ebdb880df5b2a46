//! The `pending` feature: `PendingLayer` keeps the open spans, and a dump
//! shows them as a tree by parent.
//!
//! - `shapes`: the tree that real async code makes, on both kinds of tokio
//!   runtime: a pending call chain is one branch, spawned work sits under
//!   the span that spawned it, finished and cancelled work is gone, the
//!   running branch is marked, `detached` work is a root, and spans of
//!   `tracing`'s own macros and attribute are in the tree.
//! - `lifecycle`: every way a span ends leaves the tree (panic, runtime shut
//!   down with tasks pending, 100,000 spans), and dumps taken from several
//!   threads while 8 threads open and close spans are consistent forests.
//! - `text`: fields as the fmt layer prints them, values recorded later,
//!   a huge value cut, the text of a dump.
//! - `compose`: the layer among fmt and filter layers, and
//!   `pending::dump()` finding it (or not).
//!
//! No test asserts a duration beyond orderings that always hold (a span is
//! never busy longer than open, a child never open longer than its parent).

use instrument_runtime::pending::{Dump, Node, PendingLayer, PendingTree};
use tracing_core::Dispatch;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::Registry;

mod compose;
mod lifecycle;
mod shapes;
mod text;

/// A `Registry` with a `PendingLayer`, and the layer's tree.
fn pending_dispatch() -> (Dispatch, PendingTree) {
    let layer = PendingLayer::new();
    let tree = layer.tree();
    (Dispatch::new(Registry::default().with(layer)), tree)
}

/// The dump's shape: a line per node, indented two spaces per level, with
/// its name, its fields in braces (if any) and `running` or `waiting`. The
/// times are left out, so that shapes can be compared.
fn shape(dump: &Dump) -> Vec<String> {
    let mut lines = Vec::new();
    let mut stack: Vec<(&Node, usize)> = dump.roots().iter().rev().map(|n| (n, 0)).collect();
    while let Some((node, depth)) = stack.pop() {
        let fields = if node.fields().is_empty() {
            String::new()
        } else {
            format!("{{{}}}", node.fields())
        };
        let state = if node.is_running() {
            "running"
        } else {
            "waiting"
        };
        lines.push(format!(
            "{:indent$}{}{fields} {state}",
            "",
            node.name(),
            indent = depth * 2
        ));
        stack.extend(node.children().iter().rev().map(|child| (child, depth + 1)));
    }
    lines
}

/// Every node of the dump, parents before children.
fn nodes(dump: &Dump) -> Vec<&Node> {
    let mut all = Vec::new();
    let mut stack: Vec<&Node> = dump.roots().iter().rev().collect();
    while let Some(node) = stack.pop() {
        all.push(node);
        stack.extend(node.children().iter().rev());
    }
    all
}

/// The facts about times that hold for every node of every dump: never busy
/// longer than open, running or waiting no longer than open, exactly one of
/// running and waiting, and never open longer than the parent.
#[track_caller]
fn assert_times_ordered(dump: &Dump) {
    for node in nodes(dump) {
        assert!(node.busy() <= node.elapsed(), "{node:?}");
        assert_ne!(node.is_running(), node.is_waiting(), "{node:?}");
        match (node.running(), node.waiting()) {
            (Some(running), None) => {
                assert!(node.is_running());
                assert!(running <= node.busy(), "{node:?}");
            }
            (None, Some(waiting)) => assert!(waiting <= node.elapsed(), "{node:?}"),
            other => panic!("running and waiting: {other:?}"),
        }
        for child in node.children() {
            assert!(
                child.elapsed() <= node.elapsed(),
                "{child:?} under {node:?}"
            );
        }
    }
    assert_eq!(nodes(dump).len(), dump.len());
}
