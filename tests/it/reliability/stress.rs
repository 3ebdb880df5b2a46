//! Stress: 10,000 instrumented tasks of every shape (`async fn`, `fn -> impl
//! Future` with a sync prelude, boxed `dyn Future` returners, a nested
//! `async fn`, and manual `.instrument(span)`), spawned from several parent
//! spans on a multi-thread runtime and yielding so that they move between
//! workers. Every event's span chain must be exactly the expected one, and
//! every span must open and close exactly once.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::thread::ThreadId;

use instrument_runtime::{info_span, instrument, Instrument, Metadata, Span};
use instrument_tests::{Action, Recorder, SpanInfo};
use tokio::task::{yield_now, JoinSet};

/// The number of task shapes below; task `i` has shape `i % SHAPES`.
const SHAPES: u64 = 6;

/// The shared body: events around two yields, so the task is polled at least
/// three times and may resume on another worker.
async fn steps(i: u64) -> u64 {
    tracing::info!(i, "start");
    yield_now().await;
    tracing::info!(i, "middle");
    yield_now().await;
    tracing::info!(i, "end");
    i
}

#[instrument]
async fn stress_async(i: u64) -> u64 {
    steps(i).await
}

#[instrument]
fn stress_prelude(i: u64) -> impl Future<Output = u64> {
    tracing::info!(i, "prelude");
    async move { steps(i).await }
}

#[instrument]
fn stress_boxed(i: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move { steps(i).await })
}

#[instrument]
fn stress_boxed_prelude(i: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    tracing::info!(i, "prelude");
    Box::pin(steps(i))
}

#[instrument]
async fn stress_inner(i: u64) -> u64 {
    steps(i).await
}

#[instrument]
async fn stress_outer(i: u64) -> u64 {
    yield_now().await;
    stress_inner(i).await
}

/// Task `i`'s future, created where the spawner's `parent` span is current.
fn task(i: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    match i % SHAPES {
        0 => Box::pin(stress_async(i)),
        1 => Box::pin(stress_prelude(i)),
        2 => stress_boxed(i),
        3 => stress_boxed_prelude(i),
        4 => Box::pin(steps(i).instrument(info_span!("stress_manual", i))),
        _ => Box::pin(stress_outer(i)),
    }
}

/// The chain every event of task `i` must have, innermost first.
fn expected_chain(i: u64) -> &'static [&'static str] {
    match i % SHAPES {
        0 => &["stress_async", "parent"],
        1 => &["stress_prelude", "parent"],
        2 => &["stress_boxed", "parent"],
        3 => &["stress_boxed_prelude", "parent"],
        4 => &["stress_manual", "parent"],
        _ => &["stress_inner", "stress_outer", "parent"],
    }
}

/// The messages task `i` emits, in order.
fn expected_messages(i: u64) -> &'static [&'static str] {
    match i % SHAPES {
        1 | 3 => &["prelude", "start", "middle", "end"],
        _ => &["start", "middle", "end"],
    }
}

/// Spawns `tasks` tasks from `parents` spawner tasks, each inside its own
/// `parent` span, and checks every event, span and close. Returns the number
/// of spans opened, closed, and tasks that ran on more than one thread.
fn run(rec: &Recorder, rt: &tokio::runtime::Runtime, parents: u64, tasks: u64) -> Figures {
    let per_parent = tasks / parents;
    rec.block_on(rt, async {
        let mut spawners = JoinSet::new();
        for p in 0..parents {
            spawners.spawn(
                async move {
                    let mut set = JoinSet::new();
                    for i in p * per_parent..(p + 1) * per_parent {
                        set.spawn(task(i));
                    }
                    let mut done = set.join_all().await;
                    done.sort_unstable();
                    assert_eq!(
                        done,
                        (p * per_parent..(p + 1) * per_parent).collect::<Vec<_>>()
                    );
                    assert_eq!(
                        Span::current().metadata().map(Metadata::name),
                        Some("parent")
                    );
                }
                .instrument(info_span!("parent", p)),
            );
        }
        spawners.join_all().await;
        assert!(Span::current().is_none());
    });
    check(rec, parents, per_parent * parents)
}

/// What a run opened, closed and moved.
struct Figures {
    opened: usize,
    closed: usize,
    migrated: usize,
    threads: usize,
}

fn check(rec: &Recorder, parents: u64, tasks: u64) -> Figures {
    let per_parent = tasks / parents;
    let spans = rec.spans();
    let events = rec.events();
    let field = |span: &SpanInfo, name: &str| -> u64 {
        span.fields[name]
            .parse()
            .unwrap_or_else(|_| panic!("field {name} of {span:?}"))
    };

    // Every event: its task's chain, in its task's own span, under the
    // parent span that spawned it.
    let mut messages: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    let mut threads: BTreeMap<u64, HashSet<ThreadId>> = BTreeMap::new();
    for event in &events {
        let i: u64 = event.fields["i"].parse().expect("every event has `i`");
        assert_eq!(event.chain, expected_chain(i), "event {event:?}");
        let innermost = &spans[event.chain_indices[0]];
        assert_eq!(
            field(innermost, "i"),
            i,
            "event in another task's span: {event:?}"
        );
        let root = &spans[*event.chain_indices.last().expect("in a span")];
        assert_eq!(
            field(root, "p"),
            i / per_parent,
            "under another parent: {event:?}"
        );
        messages.entry(i).or_default().push(event.message.as_str());
        threads.entry(i).or_default().insert(event.thread);
    }
    assert_eq!(
        messages.len(),
        usize::try_from(tasks).unwrap(),
        "every task ran"
    );
    for (i, got) in &messages {
        assert_eq!(got, expected_messages(*i), "task {i}");
    }

    // Every span: the right parent and count.
    let nested = (0..tasks).filter(|i| i % SHAPES == SHAPES - 1).count();
    let expected_spans = usize::try_from(parents + tasks).unwrap() + nested;
    assert_eq!(spans.len(), expected_spans);
    for span in &spans {
        let expected_parent = match span.name {
            "parent" => None,
            "stress_inner" => Some("stress_outer"),
            _ => Some("parent"),
        };
        assert_eq!(span.parent, expected_parent, "{span:?}");
    }

    // Opened and closed exactly once, counted from the callbacks themselves.
    let actions = rec.actions();
    let opened = actions
        .iter()
        .filter(|a| matches!(a, Action::NewSpan { .. }))
        .count();
    let closed = actions
        .iter()
        .filter(|a| matches!(a, Action::Close { .. }))
        .count();
    assert_eq!(opened, expected_spans);
    assert_eq!(closed, opened, "every span opened must close");
    let mut closed_spans = HashSet::new();
    for action in &actions {
        if let Action::Close { span } = action {
            assert!(closed_spans.insert(*span), "span #{span} closed twice");
        }
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();

    let all_threads: HashSet<ThreadId> = threads.values().flatten().copied().collect();
    Figures {
        opened,
        closed,
        migrated: threads.values().filter(|t| t.len() > 1).count(),
        threads: all_threads.len(),
    }
}

#[test]
fn ten_thousand_tasks_on_a_multi_thread_runtime() {
    const PARENTS: u64 = 4;
    const TASKS: u64 = 10_000;
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(4);
    let figures = run(&rec, &rt, PARENTS, TASKS);
    drop(rt);
    println!(
        "stress: {TASKS} tasks from {PARENTS} parents; {} spans opened, {} closed; \
         {} tasks resumed on another worker; {} worker threads ran tasks",
        figures.opened, figures.closed, figures.migrated, figures.threads
    );
    assert_eq!(figures.opened, figures.closed);
    assert!(figures.threads > 1, "the tasks ran on one worker only");
}

#[test]
fn two_thousand_tasks_on_a_current_thread_runtime() {
    const PARENTS: u64 = 2;
    const TASKS: u64 = 2_000;
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let figures = run(&rec, &rt, PARENTS, TASKS);
    drop(rt);
    assert_eq!(figures.opened, figures.closed);
    assert_eq!(figures.threads, 1);
}
