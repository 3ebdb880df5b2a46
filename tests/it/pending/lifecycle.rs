//! Every way a span ends leaves the tree, and dumps stay consistent while
//! spans open and close on many threads.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Barrier;

use instrument_runtime::pending::{Dump, Node};
use instrument_runtime::{info_span, instrument, Span};
use instrument_tests::Flavor;
use tokio::task::JoinSet;

use super::{assert_times_ordered, pending_dispatch};

#[instrument]
async fn explode(after_yield: bool) {
    if after_yield {
        tokio::task::yield_now().await;
    }
    panic!("exploded");
}

#[instrument]
fn explode_sync(n: u64) -> u64 {
    if n > 0 {
        return explode_sync(n - 1);
    }
    panic!("exploded");
}

#[test]
fn spans_that_panic_leave_the_tree() {
    for flavor in Flavor::ALL {
        let (dispatch, tree) = pending_dispatch();
        let rt = flavor.runtime(&dispatch);
        tracing::dispatcher::with_default(&dispatch, || {
            rt.block_on(async {
                for after_yield in [false, true] {
                    let joined = tokio::spawn(explode(after_yield)).await;
                    assert!(joined.expect_err("it panics").is_panic());
                }
            });
            let caught = std::panic::catch_unwind(AssertUnwindSafe(|| explode_sync(3)));
            assert!(caught.is_err());
            assert!(tree.is_empty(), "{flavor:?}\n{}", tree.dump());
        });
    }
}

#[instrument]
async fn wait_forever(task: u64) {
    wait_deeper(task).await;
}

#[instrument]
async fn wait_deeper(task: u64) {
    tokio::task::yield_now().await;
    std::future::pending::<()>().await;
}

#[test]
fn a_runtime_shut_down_with_pending_tasks_leaves_nothing() {
    for flavor in Flavor::ALL {
        let (dispatch, tree) = pending_dispatch();
        let rt = flavor.runtime(&dispatch);
        tracing::dispatcher::with_default(&dispatch, || {
            rt.block_on(async {
                for task in 0..50 {
                    tokio::spawn(wait_forever(task));
                }
                // Until every task has opened both its spans.
                while tree.len() < 100 {
                    tokio::task::yield_now().await;
                }
            });
            let dump = tree.dump();
            assert_eq!(dump.len(), 100);
            assert_eq!(dump.roots().len(), 50);
            assert!(
                dump.roots()
                    .iter()
                    .all(|root| root.children().len() == 1
                        && root.children()[0].name() == "wait_deeper"),
                "{dump}"
            );
            drop(rt);
            assert!(tree.is_empty(), "{flavor:?}\n{}", tree.dump());
            assert!(tree.dump().is_empty());
        });
    }
}

#[instrument]
async fn leaf(i: u64) -> u64 {
    if i % 3 == 0 {
        tokio::task::yield_now().await;
    }
    i
}

#[instrument]
async fn batch(first: u64, count: u64) -> u64 {
    let mut sum = 0;
    for i in first..first + count {
        sum += leaf(i).await;
    }
    sum
}

#[test]
fn a_hundred_thousand_spans_opened_and_closed_leave_nothing() {
    const TASKS: u64 = 100;
    const PER_TASK: u64 = 999; // and the task's own span: 100,000 in all
    let (dispatch, tree) = pending_dispatch();
    let rt = Flavor::MultiThread.runtime(&dispatch);
    let opened = tracing::dispatcher::with_default(&dispatch, || {
        rt.block_on(async {
            let mut set = JoinSet::new();
            for task in 0..TASKS {
                set.spawn(batch(task * PER_TASK, PER_TASK));
            }
            let sums: u64 = set.join_all().await.into_iter().sum();
            let n = TASKS * PER_TASK;
            assert_eq!(sums, n * (n - 1) / 2);
        });
        TASKS * (PER_TASK + 1)
    });
    assert_eq!(opened, 100_000);
    assert_eq!(tree.len(), 0);
    let dump = tree.dump();
    assert!(dump.is_empty(), "{dump}");
    assert!(dump.roots().is_empty());
    assert_eq!(dump.to_string(), "");
}

/// The ids the churn threads give their spans.
static NEXT_UID: AtomicU64 = AtomicU64::new(1);

/// Opens a chain of `depth` spans, each with a field `uid` and (but for the
/// first, a root) `up`, the uid of its parent; the parents are entered or
/// given explicitly, and some handles are dropped before their children
/// (the registry keeps a parent open for its children).
fn churn_once(round: u64) {
    let uid = || NEXT_UID.fetch_add(1, Ordering::Relaxed);
    let root_uid = uid();
    let root = info_span!(parent: None, "root", uid = root_uid);
    let depth = 1 + round % 4;
    let mut chain: Vec<(Span, u64)> = vec![(root, root_uid)];
    for level in 1..depth {
        let child_uid = uid();
        let (parent, parent_uid) = chain.last().expect("the root at least");
        let child = if level % 2 == 0 {
            info_span!(parent: parent, "child", uid = child_uid, up = *parent_uid)
        } else {
            parent.in_scope(|| info_span!("child", uid = child_uid, up = *parent_uid))
        };
        chain.push((child, child_uid));
    }
    // Some runs enter the whole chain, as a poll does.
    let guards: Vec<_> = if round % 3 == 0 {
        chain.iter().map(|(span, _)| span.enter()).collect()
    } else {
        Vec::new()
    };
    drop(guards);
    if round % 2 == 0 {
        chain.reverse(); // children first
    }
    for (span, _) in chain {
        drop(span);
    }
}

/// Checks that the dump is a consistent forest: every node's `up` field is
/// its parent's `uid`, and only spans opened as roots are roots.
#[track_caller]
fn assert_consistent(dump: &Dump) {
    fn field<'a>(node: &'a Node, name: &str) -> Option<&'a str> {
        node.fields()
            .split(' ')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }
    let mut stack: Vec<(&Node, Option<&str>)> =
        dump.roots().iter().map(|root| (root, None)).collect();
    while let Some((node, parent_uid)) = stack.pop() {
        assert_eq!(
            field(node, "up"),
            parent_uid,
            "{} at the wrong place in\n{dump}",
            node.fields()
        );
        let uid = field(node, "uid").expect("every span has a uid");
        stack.extend(node.children().iter().map(|child| (child, Some(uid))));
    }
    assert_times_ordered(dump);
}

#[test]
fn dumps_from_several_threads_while_8_threads_open_and_close_spans_are_consistent() {
    const WORKERS: usize = 8;
    const DUMPERS: usize = 3;
    const ROUNDS: u64 = 2_000;
    let (dispatch, tree) = pending_dispatch();
    let done = AtomicBool::new(false);
    let start = Barrier::new(WORKERS + DUMPERS);
    // The workers' long-lived spans: how many are open, and how many have
    // begun to close. A dump that starts after `open` reached n and ends
    // before any began to close must hold all n ("nothing lost").
    let (open, closing) = (AtomicU64::new(0), AtomicU64::new(0));
    let dumps: Vec<(usize, usize)> = std::thread::scope(|scope| {
        let dumpers: Vec<_> = (0..DUMPERS)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    let (mut dumps, mut most) = (0, 0);
                    // At least a few dumps, however fast the workers are.
                    while !done.load(Ordering::Relaxed) || dumps < 5 {
                        let open_before = open.load(Ordering::SeqCst);
                        let dump = tree.dump();
                        if closing.load(Ordering::SeqCst) == 0 {
                            let workers = dump
                                .roots()
                                .iter()
                                .filter(|root| root.fields().contains(" worker="))
                                .count();
                            assert!(workers as u64 >= open_before, "{open_before} open:\n{dump}");
                        }
                        assert_consistent(&dump);
                        most = most.max(dump.len());
                        dumps += 1;
                    }
                    (dumps, most)
                })
            })
            .collect();
        let workers: Vec<_> = (0..WORKERS)
            .map(|worker| {
                let (dispatch, start, open, closing) = (&dispatch, &start, &open, &closing);
                scope.spawn(move || {
                    tracing::dispatcher::with_default(dispatch, || {
                        start.wait();
                        // A long-lived span per worker, open through every dump.
                        let uid = NEXT_UID.fetch_add(1, Ordering::Relaxed);
                        let long_lived = info_span!(parent: None, "root", uid, worker).entered();
                        open.fetch_add(1, Ordering::SeqCst);
                        for round in 0..ROUNDS {
                            churn_once(round + worker as u64);
                        }
                        closing.fetch_add(1, Ordering::SeqCst);
                        drop(long_lived);
                    });
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("a worker");
        }
        done.store(true, Ordering::Relaxed);
        dumpers
            .into_iter()
            .map(|dumper| dumper.join().expect("a dumper"))
            .collect()
    });
    assert!(dumps.iter().all(|&(count, _)| count >= 5), "{dumps:?}");
    assert!(dumps.iter().any(|&(_, most)| most > 0), "{dumps:?}");
    assert!(tree.is_empty(), "{}", tree.dump());
}
