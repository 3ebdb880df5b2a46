//! `Instrument`/`Instrumented` on real tokio runtimes: the exact span chain of
//! every event, enter on poll and on drop, and every span closing once.

use std::collections::HashSet;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::Poll;
use std::thread::ThreadId;

use instrument_runtime::{info_span, Instrument, Span};
use instrument_tests::{poll_once, EventInfo, LogOnDrop, Recorder};
use tokio::task::{yield_now, JoinSet};

/// A task body that moves between polls: three events, two yields.
async fn steps(i: u64) -> u64 {
    tracing::info!(i, "start");
    yield_now().await;
    tracing::info!(i, "middle");
    yield_now().await;
    tracing::info!(i, "end");
    i
}

/// Checks that each `start`/`middle`/`end` event of task `i` is in the `task`
/// span whose field `i` matches, itself in `work`.
fn assert_task_events(rec: &Recorder, tasks: u64, chain: &[&str]) -> Vec<ThreadId> {
    let events: Vec<EventInfo> = rec
        .events()
        .into_iter()
        .filter(|e| ["start", "middle", "end"].contains(&e.message.as_str()))
        .collect();
    assert_eq!(events.len(), 3 * usize::try_from(tasks).unwrap(), "{rec:?}");
    for event in &events {
        assert_eq!(event.chain, chain, "event {event:?}\n{rec:?}");
        let span = rec.span(event.chain_indices[0]);
        assert_eq!(
            span.fields["i"], event.fields["i"],
            "event in another task's span"
        );
    }
    for i in 0..tasks {
        let i = i.to_string();
        let messages: Vec<&str> = events
            .iter()
            .filter(|e| e.fields["i"] == i)
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(messages, ["start", "middle", "end"]);
    }
    for span in rec.spans_named("task") {
        // One enter per poll: at least three polls, around two yields.
        assert!(span.entered >= 3, "{span:?}");
        assert_eq!(span.entered, span.exited, "{span:?}");
    }
    events.iter().map(|e| e.thread).collect()
}

#[test]
fn spawned_instrumented_tasks_on_a_multi_thread_runtime() {
    const TASKS: u64 = 16;
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(4);
    let main_thread = std::thread::current().id();
    rec.block_on(&rt, async {
        let work = info_span!("work");
        let handles: Vec<_> = work.in_scope(|| {
            (0..TASKS)
                .map(|i| tokio::spawn(steps(i).instrument(info_span!("task", i))))
                .collect()
        });
        for (i, handle) in (0..TASKS).zip(handles) {
            assert_eq!(handle.await.unwrap(), i);
        }
    });
    drop(rt);
    let threads = assert_task_events(&rec, TASKS, &["task", "work"]);
    assert!(
        threads.iter().all(|t| *t != main_thread),
        "spawned tasks run on the workers"
    );
    for span in rec.spans_named("task") {
        assert_eq!(span.parent, Some("work"));
    }
    assert_eq!(rec.spans_named("task").len(), 16);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn a_task_that_moved_between_workers_keeps_its_chain() {
    // Whether a task migrates is up to tokio's scheduler: repeat the scenario
    // until one did, then check every event of that run.
    const TASKS: u64 = 16;
    for _attempt in 0..50 {
        let (_, rec) = Recorder::new();
        let rt = rec.multi_thread_runtime(4);
        rec.block_on(&rt, async {
            let work = info_span!("work");
            let mut set = JoinSet::new();
            work.in_scope(|| {
                for i in 0..TASKS {
                    set.spawn(steps(i).instrument(info_span!("task", i)));
                }
            });
            set.join_all().await;
        });
        drop(rt);
        assert_task_events(&rec, TASKS, &["task", "work"]);
        rec.assert_all_closed_once();
        let events = rec.events();
        let moved = rec.spans_named("task").iter().any(|task| {
            let threads: HashSet<ThreadId> = events
                .iter()
                .filter(|e| e.chain_indices.first() == Some(&task.index))
                .map(|e| e.thread)
                .collect();
            threads.len() > 1
        });
        if moved {
            return;
        }
    }
    panic!("no task moved between worker threads in 50 runs");
}

#[test]
fn join_set_tasks_on_a_multi_thread_runtime() {
    const TASKS: u64 = 8;
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        let mut set = JoinSet::new();
        let work = info_span!("work");
        work.in_scope(|| {
            for i in 0..TASKS {
                set.spawn(steps(i).instrument(info_span!("task", i)));
            }
        });
        let mut done: Vec<u64> = set.join_all().await;
        done.sort_unstable();
        assert_eq!(done, (0..TASKS).collect::<Vec<_>>());
    });
    drop(rt);
    assert_task_events(&rec, TASKS, &["task", "work"]);
    rec.assert_all_closed_once();
}

#[test]
fn spawned_instrumented_tasks_on_a_current_thread_runtime() {
    const TASKS: u64 = 4;
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let work = info_span!("work");
        let in_work = work.enter();
        // Guard held only while spawning, never across an await.
        let handles: Vec<_> = (0..TASKS)
            .map(|i| tokio::spawn(steps(i).instrument(info_span!("task", i))))
            .collect();
        drop(in_work);
        for handle in handles {
            handle.await.unwrap();
        }
    });
    drop(rt);
    assert_task_events(&rec, TASKS, &["task", "work"]);
    rec.assert_all_closed_once();
}

#[test]
fn awaited_instrumented_futures_nest() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        tokio::spawn(
            async {
                tracing::info!("in outer");
                // Created at the outer future's first poll, inside `outer`.
                let inner = async {
                    tracing::info!("in inner");
                    yield_now().await;
                    assert_eq!(Span::current().metadata().unwrap().name(), "inner");
                    tracing::info!("in inner after yield");
                }
                .instrument(info_span!("inner"));
                inner.await;
                yield_now().await;
                tracing::info!("back in outer");
            }
            .instrument(info_span!("outer")),
        )
        .await
        .unwrap();
    });
    drop(rt);
    assert_eq!(rec.event_with_message("in outer").chain, ["outer"]);
    assert_eq!(rec.event_with_message("in inner").chain, ["inner", "outer"]);
    assert_eq!(
        rec.event_with_message("in inner after yield").chain,
        ["inner", "outer"]
    );
    assert_eq!(rec.event_with_message("back in outer").chain, ["outer"]);
    assert_eq!(rec.span_named("inner").parent, Some("outer"));
    assert_eq!(rec.span_named("outer").parent, None);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn in_current_span_carries_the_span_across_spawn() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        let work = info_span!("work", k = 1);
        let (carried, plain) = work.in_scope(|| {
            let carried = tokio::spawn(
                async {
                    tracing::info!("carried");
                    yield_now().await;
                    tracing::info!("carried after yield");
                    Span::current()
                }
                .in_current_span(),
            );
            let plain = tokio::spawn(async {
                tracing::info!("plain");
                Span::current()
            });
            (carried, plain)
        });
        let carried = carried.await.unwrap();
        assert_eq!(carried.metadata().unwrap().name(), "work");
        assert!(plain.await.unwrap().is_none());
    });
    drop(rt);
    assert_eq!(rec.event_with_message("carried").chain, ["work"]);
    assert_eq!(
        rec.event_with_message("carried after yield").chain,
        ["work"]
    );
    // Without it, a spawned task runs outside any span.
    assert!(rec.event_with_message("plain").chain.is_empty());
    assert_eq!(rec.spans().len(), 1);
    rec.assert_all_closed_once();
}

#[test]
fn in_current_span_outside_any_span_is_a_no_op() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    let out = rec.block_on(&rt, async {
        async {
            tracing::info!("nowhere");
            5
        }
        .in_current_span()
        .await
    });
    assert_eq!(out, 5);
    assert!(rec.event_with_message("nowhere").chain.is_empty());
    assert!(rec.spans().is_empty());
}

#[test]
fn unfinished_instrumented_future_is_dropped_inside_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let outer = info_span!("outer");
        let mut fut = Box::pin(
            async {
                let _guard = LogOnDrop("local");
                tracing::info!("polled");
                std::future::pending::<()>().await;
            }
            .instrument(info_span!("pending_span")),
        );
        assert!(poll_once(fut.as_mut()).is_pending());
        // Dropped inside another span: the drop still happens in the future's.
        outer.in_scope(|| drop(fut));
    });
    assert_eq!(rec.event_with_message("polled").chain, ["pending_span"]);
    let dropped = rec.event_with_message("dropped");
    assert_eq!(dropped.fields["what"], "local");
    // The chain follows parents, not the stack: `pending_span` is a root.
    assert_eq!(dropped.chain, ["pending_span"]);
    let span = rec.span_named("pending_span");
    // One enter for the poll, one for the drop.
    assert_eq!((span.entered, span.exited, span.closed), (2, 2, 1));
    assert_eq!(
        rec.trace(),
        [
            "new outer",
            "new pending_span",
            "enter pending_span",
            "event polled",
            "exit pending_span",
            "enter outer",
            "enter pending_span",
            "event dropped",
            "exit pending_span",
            "close pending_span",
            "exit outer",
            "close outer",
        ]
    );
}

#[test]
fn unpolled_instrumented_future_drops_its_captures_inside_its_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let guard = LogOnDrop("captured");
        let fut = async move {
            let _guard = guard;
        }
        .instrument(info_span!("never_polled"));
        drop(fut);
    });
    assert_eq!(rec.event_with_message("dropped").chain, ["never_polled"]);
    rec.assert_all_closed_once();
}

#[test]
fn aborted_task_is_dropped_inside_its_span_on_a_worker() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let work = info_span!("work");
        let handle = work.in_scope(|| {
            tokio::spawn(
                async move {
                    let _guard = LogOnDrop("aborted");
                    started_tx.send(()).unwrap();
                    std::future::pending::<()>().await;
                }
                .instrument(info_span!("task")),
            )
        });
        started_rx.await.unwrap();
        handle.abort();
        assert!(handle.await.unwrap_err().is_cancelled());
    });
    drop(rt);
    assert_eq!(rec.event_with_message("dropped").chain, ["task", "work"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn pending_tasks_dropped_at_runtime_shutdown_close_their_spans() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        tokio::spawn(
            async move {
                let _guard = LogOnDrop("at shutdown");
                started_tx.send(()).unwrap();
                std::future::pending::<()>().await;
            }
            .instrument(info_span!("forever")),
        );
        started_rx.await.unwrap();
    });
    assert_eq!(rec.span_named("forever").closed, 0);
    rec.with_default(|| drop(rt));
    assert_eq!(rec.event_with_message("dropped").chain, ["forever"]);
    rec.assert_all_closed_once();
}

#[test]
fn panicking_task_exits_and_closes_its_span() {
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(2);
    rec.block_on(&rt, async {
        let handle = tokio::spawn(
            async {
                let _guard = LogOnDrop("unwound");
                yield_now().await;
                panic!("task failed");
            }
            .instrument(info_span!("doomed")),
        );
        assert!(handle.await.unwrap_err().is_panic());
    });
    drop(rt);
    // The guard is dropped while unwinding out of `poll`, inside the span.
    assert_eq!(rec.event_with_message("dropped").chain, ["doomed"]);
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

#[test]
fn completed_future_leaves_no_span_entered() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let value = async { 7 }.instrument(info_span!("quick")).await;
        assert_eq!(value, 7);
        assert!(Span::current().is_none());
        tracing::info!("after");
    });
    assert!(rec.event_with_message("after").chain.is_empty());
    let span = rec.span_named("quick");
    // Entered for the poll, and again (as `tracing` does) to drop the
    // completed inner future.
    assert_eq!((span.entered, span.exited, span.closed), (2, 2, 1));
}

#[test]
fn instrumented_accessors() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let mut fut = async {
            tracing::info!("body");
            1
        }
        .instrument(info_span!("first"));
        assert_eq!(fut.span().metadata().unwrap().name(), "first");
        // `span_mut` replaces the span before the first poll.
        *fut.span_mut() = info_span!("second");
        let _: &dyn Future<Output = i32> = fut.inner();
        let _: &mut dyn Future<Output = i32> = fut.inner_mut();
        let mut fut = pin!(fut);
        assert!(std::ptr::eq(
            fut.as_ref().inner_pin_ref().get_ref(),
            fut.inner()
        ));
        assert_eq!(poll_once(fut.as_mut()), Poll::Ready(1));

        // `inner_pin_mut` polls the inner future without the span.
        let mut bare = pin!(async {
            tracing::info!("bare");
        }
        .instrument(info_span!("skipped")));
        assert_eq!(poll_once(bare.as_mut().inner_pin_mut()), Poll::Ready(()));

        // Non-futures can be instrumented and unwrapped too.
        let mut value = vec![1, 2].instrument(info_span!("value"));
        value.inner_mut().push(3);
        assert_eq!(value.inner(), &[1, 2, 3]);
        assert_eq!(value.into_inner(), [1, 2, 3]);
    });
    assert_eq!(rec.event_with_message("body").chain, ["second"]);
    assert!(rec.event_with_message("bare").chain.is_empty());
    assert_eq!(rec.span_named("first").entered, 0);
    assert_eq!(rec.span_named("second").entered, 2, "one poll, one drop");
    assert_eq!(rec.span_named("skipped").entered, 1, "entered only to drop");
    rec.assert_all_closed_once();
}

#[test]
fn into_inner_then_polling_runs_outside_the_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let fut = async {
            tracing::info!("unwrapped");
        }
        .instrument(info_span!("unwrapped_span"));
        let inner = fut.into_inner();
        assert_eq!(rec.span_named("unwrapped_span").closed, 1);
        let mut inner = pin!(inner);
        assert_eq!(poll_once(inner.as_mut()), Poll::Ready(()));
    });
    assert!(rec.event_with_message("unwrapped").chain.is_empty());
    rec.assert_all_closed_once();
}

#[test]
fn into_inner_does_not_enter_the_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let fut = async {}.instrument(info_span!("unwrapped_span"));
        drop(fut.into_inner());
        let value = 3.instrument(info_span!("value_span"));
        assert_eq!(value.into_inner(), 3);
    });
    assert_eq!(
        rec.trace(),
        [
            "new unwrapped_span",
            "close unwrapped_span",
            "new value_span",
            "close value_span",
        ]
    );
}

#[test]
fn cloned_instrumented_values_share_the_span() {
    let (_, rec) = Recorder::new();
    rec.with_default(|| {
        let a = 1.instrument(info_span!("cloned"));
        let b = a.clone();
        assert_eq!(a.span(), b.span());
        drop(a);
        assert_eq!(rec.span_named("cloned").closed, 0);
        drop(b);
    });
    rec.assert_all_closed_once();
}

#[test]
fn instrumented_with_a_disabled_span_runs_plainly() {
    let (_, rec) = Recorder::new();
    let rt = rec.current_thread_runtime();
    rec.block_on(&rt, async {
        let outer = info_span!("outer");
        let fut = async {
            tracing::info!("in none");
            Span::current()
        }
        .instrument(Span::none());
        let current = fut.instrument(outer.clone()).await;
        assert_eq!(current, outer);
    });
    assert_eq!(rec.event_with_message("in none").chain, ["outer"]);
    rec.assert_all_closed_once();
}

#[test]
fn many_tasks_every_span_closed_once() {
    const TASKS: u64 = 64;
    let (_, rec) = Recorder::new();
    let rt = rec.multi_thread_runtime(4);
    rec.block_on(&rt, async {
        let mut set = JoinSet::new();
        for i in 0..TASKS {
            let span = info_span!("outer_task", i);
            set.spawn(
                async move {
                    let inner = info_span!("inner_sync");
                    inner.in_scope(|| tracing::info!("sync part"));
                    yield_now().await;
                    async {
                        yield_now().await;
                        tracing::info!("nested part");
                    }
                    .instrument(info_span!("nested_async"))
                    .await;
                    // Abandoned halfway.
                    let mut abandoned = Box::pin(
                        async {
                            yield_now().await;
                            tracing::info!("never");
                        }
                        .instrument(info_span!("abandoned")),
                    );
                    let _ = futures_poll(abandoned.as_mut()).await;
                }
                .instrument(span),
            );
        }
        set.join_all().await;
    });
    drop(rt);
    assert_eq!(rec.spans().len(), 4 * usize::try_from(TASKS).unwrap());
    assert!(rec.events_with_message("never").is_empty());
    for event in rec.events_with_message("sync part") {
        assert_eq!(event.chain, ["inner_sync", "outer_task"]);
    }
    for event in rec.events_with_message("nested part") {
        assert_eq!(event.chain, ["nested_async", "outer_task"]);
    }
    for span in rec.spans_named("abandoned") {
        assert_eq!(span.parent, Some("outer_task"));
        assert_eq!((span.entered, span.exited), (2, 2), "one poll, one drop");
    }
    rec.assert_all_closed_once();
    rec.assert_enters_balanced();
}

/// Polls `fut` once from inside a task and returns whether it completed.
async fn futures_poll<F: Future>(fut: Pin<&mut F>) -> bool {
    let mut fut = Some(fut);
    std::future::poll_fn(move |cx| {
        let ready = fut.take().unwrap().poll(cx).is_ready();
        Poll::Ready(ready)
    })
    .await
}
