//! The tree that real async code makes, on a current-thread and on a
//! multi-thread tokio runtime. Tasks say when they reached the point where
//! they wait (`Reached`), and wait on a gate that the test opens after it
//! dumped (`Gate`), so each dump is taken at a known point.

use std::future::Future;
use std::time::Duration;

use instrument_runtime::pending::{self, Dump, PendingTree};
use instrument_runtime::{instrument, Instrument as _};
use instrument_tests::Flavor;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::{assert_times_ordered, nodes, pending_dispatch, shape};

/// Tells the test that a task reached its waiting point.
#[derive(Clone, Debug)]
struct Reached(mpsc::UnboundedSender<&'static str>);

/// What a task waits on until the test opens it.
#[derive(Clone, Debug)]
struct Gate(watch::Receiver<bool>);

impl Gate {
    async fn wait(mut self) {
        self.0
            .wait_for(|open| *open)
            .await
            .expect("the test keeps the gate's sender");
    }
}

/// The test's side: waits for tasks to reach their points, opens the gate.
struct Control {
    reached: mpsc::UnboundedReceiver<&'static str>,
    gate: watch::Sender<bool>,
}

impl Control {
    /// Waits until `n` tasks have reached their waiting points; returns
    /// what they said, sorted.
    async fn reached(&mut self, n: usize) -> Vec<&'static str> {
        let mut all = Vec::new();
        for _ in 0..n {
            all.push(self.reached.recv().await.expect("a task reaches its point"));
        }
        all.sort_unstable();
        all
    }

    fn open(&self) {
        self.gate.send_replace(true);
    }
}

/// A dump taken once every span is waiting: a task on a worker thread may
/// still be inside its poll for a moment after it said it reached its point.
async fn settled(tree: &PendingTree) -> Dump {
    for _ in 0..10_000 {
        let dump = tree.dump();
        if nodes(&dump).iter().all(|node| node.is_waiting()) {
            return dump;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("spans still running:\n{}", tree.dump());
}

fn control() -> (Control, Reached, Gate) {
    let (reached_tx, reached) = mpsc::unbounded_channel();
    let (gate, gate_rx) = watch::channel(false);
    (
        Control { reached, gate },
        Reached(reached_tx),
        Gate(gate_rx),
    )
}

/// Runs `test` on a fresh runtime of `flavor` whose every thread has a
/// `PendingLayer` as default; `test` gets the layer's tree. At the end,
/// after the runtime is gone, the tree must be empty.
fn on_runtime<F>(flavor: Flavor, test: impl FnOnce(PendingTree) -> F) -> F::Output
where
    F: Future,
{
    let (dispatch, tree) = pending_dispatch();
    let rt = flavor.runtime(&dispatch);
    let out = tracing::dispatcher::with_default(&dispatch, || rt.block_on(test(tree.clone())));
    drop(rt);
    assert!(tree.is_empty(), "{flavor:?}: left open:\n{}", tree.dump());
    out
}

// --- a pending call chain is one branch -------------------------------------

#[instrument(skip(reached, gate))]
async fn request(id: u64, reached: Reached, gate: Gate) {
    load_order(id, reached, gate).await;
}

#[instrument(skip(reached, gate))]
async fn load_order(order: u64, reached: Reached, gate: Gate) {
    lock_account(order, reached, gate).await;
}

#[instrument(skip(reached, gate))]
async fn lock_account(account: u64, reached: Reached, gate: Gate) {
    reached.0.send("lock_account").expect("the test listens");
    gate.wait().await;
}

#[test]
fn a_pending_call_chain_is_one_branch() {
    for flavor in Flavor::ALL {
        on_runtime(flavor, |tree| async move {
            let (mut control, reached, gate) = control();
            let task = tokio::spawn(request(7, reached, gate));
            control.reached(1).await;

            let dump = settled(&tree).await;
            assert_eq!(
                shape(&dump),
                [
                    "request{id=7} waiting",
                    "  load_order{order=7} waiting",
                    "    lock_account{account=7} waiting",
                ],
                "{flavor:?}\n{dump}"
            );
            assert_times_ordered(&dump);

            control.open();
            task.await.expect("the request completes");
            assert!(tree.dump().is_empty(), "{flavor:?}\n{}", tree.dump());
        });
    }
}

// --- spawned work under the span that spawned it ----------------------------

#[instrument(skip(reached, gate))]
async fn fan_out(id: u64, reached: Reached, gate: Gate) {
    let mut set = JoinSet::new();
    set.spawn(part(1, reached.clone(), gate.clone()));
    set.spawn(part(2, reached.clone(), gate.clone()));
    let spawned = tokio::spawn(part(3, reached, gate));
    set.join_all().await;
    spawned.await.expect("part 3");
}

#[instrument(skip(reached, gate))]
async fn part(n: u64, reached: Reached, gate: Gate) {
    reached.0.send("part").expect("the test listens");
    gate.wait().await;
}

#[test]
fn spawned_work_is_under_the_span_that_spawned_it() {
    for flavor in Flavor::ALL {
        on_runtime(flavor, |tree| async move {
            let (mut control, reached, gate) = control();
            let task = tokio::spawn(fan_out(1, reached, gate));
            control.reached(3).await;

            let dump = settled(&tree).await;
            assert_eq!(dump.roots().len(), 1, "{flavor:?}\n{dump}");
            let root = &dump.roots()[0];
            assert_eq!((root.name(), root.fields()), ("fan_out", "id=1"));
            // Workers poll the parts in any order; each is a child.
            let mut parts: Vec<(&str, &str)> = root
                .children()
                .iter()
                .map(|child| (child.name(), child.fields()))
                .collect();
            parts.sort_unstable();
            assert_eq!(
                parts,
                [("part", "n=1"), ("part", "n=2"), ("part", "n=3")],
                "{flavor:?}\n{dump}"
            );
            assert!(root
                .children()
                .iter()
                .all(|part| part.children().is_empty()));
            assert_times_ordered(&dump);

            control.open();
            task.await.expect("fan_out completes");
        });
    }
}

// --- finished and cancelled work is gone ------------------------------------

#[instrument]
async fn quick(n: u64) -> u64 {
    tokio::task::yield_now().await;
    n
}

#[instrument]
async fn never(what: &'static str) {
    std::future::pending::<()>().await;
}

#[instrument(skip(reached, gate))]
async fn stuck(reached: Reached, gate: Gate) {
    reached.0.send("stuck").expect("the test listens");
    gate.wait().await;
}

#[instrument(skip(reached, gate))]
async fn mixed(reached: Reached, gate: Gate) {
    // Finished: awaited to the end, spawned and joined.
    assert_eq!(quick(1).await, 1);
    assert_eq!(tokio::spawn(quick(2)).await.expect("quick"), 2);
    // Cancelled: aborted, timed out, and the losing branch of a select.
    let aborted = tokio::spawn(never("aborted"));
    tokio::task::yield_now().await;
    aborted.abort();
    assert!(aborted.await.expect_err("aborted").is_cancelled());
    let timed_out = tokio::time::timeout(Duration::from_millis(1), never("timed out")).await;
    assert!(timed_out.is_err());
    tokio::select! {
        biased;
        n = quick(3) => assert_eq!(n, 3),
        () = never("lost the select") => unreachable!(),
    }
    // Still pending: only this one.
    stuck(reached, gate).await;
}

#[test]
fn finished_and_cancelled_work_is_gone() {
    for flavor in Flavor::ALL {
        on_runtime(flavor, |tree| async move {
            let (mut control, reached, gate) = control();
            let task = tokio::spawn(mixed(reached, gate));
            control.reached(1).await;

            let dump = settled(&tree).await;
            assert_eq!(
                shape(&dump),
                ["mixed waiting", "  stuck waiting"],
                "{flavor:?}\n{dump}"
            );

            control.open();
            task.await.expect("mixed completes");
        });
    }
}

// --- the running branch is marked -------------------------------------------

#[instrument(skip(reached, gate))]
async fn busy_handler(reached: Reached, gate: Gate) -> String {
    let idle = tokio::spawn(stuck(reached, gate));
    let dump = inspect().await;
    idle.abort();
    dump
}

/// Dumps from inside a running span, as a handler of a debug endpoint does.
#[instrument]
async fn inspect() -> String {
    tokio::task::yield_now().await;
    dump_here()
}

#[instrument]
fn dump_here() -> String {
    let dump = pending::dump().expect("the layer is in the current dispatcher");
    assert_times_ordered(&dump);
    let mut lines = shape(&dump);
    // The idle task is either not polled yet or waiting at its gate.
    lines.retain(|line| !line.contains("stuck"));
    format!("{}\n---\n{dump}", lines.join("\n"))
}

#[test]
fn the_running_branch_is_marked() {
    for flavor in Flavor::ALL {
        let text = on_runtime(flavor, |_| async move {
            let (_control, reached, gate) = control();
            tokio::spawn(busy_handler(reached, gate))
                .await
                .expect("the handler completes")
        });
        let (shape, display) = text.split_once("\n---\n").expect("shape, then text");
        assert_eq!(
            shape.lines().collect::<Vec<_>>(),
            [
                "busy_handler running",
                "  inspect running",
                "    dump_here running",
            ],
            "{flavor:?}\n{display}"
        );
        // The text says so on the same lines.
        for line in display.lines().filter(|line| !line.contains("stuck")) {
            assert!(line.contains(", running "), "{flavor:?}: {line}");
        }
    }
}

#[test]
fn a_span_is_running_while_entered_and_waiting_after() {
    let (dispatch, tree) = pending_dispatch();
    tracing::dispatcher::with_default(&dispatch, || {
        let span = instrument_runtime::info_span!("work");
        assert_eq!(shape(&tree.dump()), ["work waiting"]);
        span.in_scope(|| {
            assert_eq!(shape(&tree.dump()), ["work running"]);
            // Entered again on another thread: still running after one exit.
            let other = span.clone();
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    tracing::dispatcher::with_default(&dispatch, || {
                        other.in_scope(|| assert_eq!(shape(&tree.dump()), ["work running"]));
                    });
                });
            });
            assert_eq!(shape(&tree.dump()), ["work running"]);
        });
        let dump = tree.dump();
        assert_eq!(shape(&dump), ["work waiting"]);
        let work = &dump.roots()[0];
        assert!(work.waiting().expect("waiting") <= work.elapsed().saturating_sub(work.busy()));
    });
}

// --- detached work is a root --------------------------------------------------

#[instrument(skip(reached, gate))]
async fn handler(id: u64, reached: Reached, gate: Gate) {
    tokio::spawn(audit(id, reached.clone(), gate.clone()));
    stuck(reached, gate).await;
}

#[instrument(detached, skip(reached, gate))]
async fn audit(id: u64, reached: Reached, gate: Gate) {
    reached.0.send("audit").expect("the test listens");
    gate.wait().await;
}

#[test]
fn detached_work_is_a_root_that_shows_what_it_follows_from() {
    for flavor in Flavor::ALL {
        on_runtime(flavor, |tree| async move {
            let (mut control, reached, gate) = control();
            let task = tokio::spawn(handler(3, reached, gate));
            assert_eq!(control.reached(2).await, ["audit", "stuck"]);

            let dump = settled(&tree).await;
            let mut shape = shape(&dump);
            shape.sort_unstable();
            assert_eq!(
                shape,
                [
                    "  stuck waiting",
                    "audit{id=3} waiting",
                    "handler{id=3} waiting"
                ],
                "{flavor:?}\n{dump}"
            );
            let audit = nodes(&dump)
                .into_iter()
                .find(|node| node.name() == "audit")
                .expect("audit");
            assert_eq!(audit.follows_from(), ["handler"]);
            let text = dump.to_string();
            let line = text
                .lines()
                .find(|line| line.starts_with("audit{id=3}"))
                .expect("a root line for audit");
            assert!(line.contains(", follows from handler"), "{line}");

            control.open();
            task.await.expect("the handler completes");
        });
    }
}

// --- spans of `tracing`'s own macros and attribute ----------------------------

#[tracing::instrument(skip(reached, gate))]
async fn legacy_query(table: &'static str, reached: Reached, gate: Gate) {
    reached.0.send("legacy").expect("the test listens");
    gate.wait().await;
}

#[instrument(skip(reached, gate))]
async fn mixed_spans(id: u64, reached: Reached, gate: Gate) {
    let span = tracing::info_span!("tracing_span", step = "fetch");
    tracing::Instrument::instrument(legacy_query("orders", reached, gate), span).await;
}

#[test]
fn spans_of_tracing_macros_are_in_the_tree() {
    for flavor in Flavor::ALL {
        on_runtime(flavor, |tree| async move {
            let (mut control, reached, gate) = control();
            let task = tokio::spawn(mixed_spans(5, reached, gate));
            control.reached(1).await;
            let dump = settled(&tree).await;
            assert_eq!(
                shape(&dump),
                [
                    "mixed_spans{id=5} waiting",
                    "  tracing_span{step=\"fetch\"} waiting",
                    "    legacy_query{table=\"orders\"} waiting",
                ],
                "{flavor:?}\n{dump}"
            );
            control.open();
            task.await.expect("completes");
        });
    }
}

/// A plain `async` block spawned from a span is in no span unless given one:
/// the tree shows it only with `.in_current_span()`.
#[test]
fn a_plain_spawned_block_shows_only_through_in_current_span() {
    on_runtime(Flavor::MultiThread, |tree| async move {
        let (mut control, reached, gate) = control();
        let outer = instrument_runtime::info_span!("outer");
        let (plain, given) = outer.in_scope(|| {
            let plain = tokio::spawn({
                let (reached, gate) = (reached.clone(), gate.clone());
                async move { stuck(reached, gate).await }
            });
            let given = tokio::spawn(
                {
                    let (reached, gate) = (reached.clone(), gate.clone());
                    async move { stuck(reached, gate).await }
                }
                .in_current_span(),
            );
            (plain, given)
        });
        control.reached(2).await;
        let mut shape = shape(&settled(&tree).await);
        shape.sort_unstable();
        // `stuck` is an instrumented fn: the plain block's call of it falls
        // back to no parent (nothing current where its future was created,
        // inside the block); the other is inside `outer`.
        assert_eq!(shape, ["  stuck waiting", "outer waiting", "stuck waiting"]);
        control.open();
        plain.await.expect("plain");
        given.await.expect("given");
        drop(outer);
    });
}
