//! When the span of an instrumented future opens, who its parent is, and
//! what happens on drop. In both, an `async fn`'s span opens at its first
//! poll, under the span current then. Ours differs on purpose where a
//! future is first polled where no span is current (a spawned task), where
//! statements run before the returned future (a sync prelude), and after
//! completion (nothing left to drop in the span).

use instrument_tests::{poll_once, LevelFilter};

use super::{block_on, compat, same};

/// Not a difference: the span opens at the first poll in both, and its
/// parent is the span current then, not where the future was created.
#[test]
fn an_async_fn_span_opens_at_the_first_poll() {
    same! {
        async_spans = 1;
        #[instrument]
        async fn f() {
            tracing::info!("in f");
        }
        let created = tracing::info_span!("created");
        let polled = tracing::info_span!("polled");
        let fut = created.in_scope(f);
        tracing::info!("before the first poll");
        polled.in_scope(|| block_on(fut));
    }
}

#[test]
fn a_future_never_polled_opens_no_span() {
    same! {
        #[instrument]
        async fn f() {}
        tracing::info_span!("caller").in_scope(|| drop(f()));
    }
}

/// Dropped before completion: the span is entered around the drop in both.
#[test]
fn a_future_dropped_after_one_poll() {
    same! {
        struct LogOnDrop;
        impl Drop for LogOnDrop {
            fn drop(&mut self) {
                tracing::info!("dropped");
            }
        }
        #[instrument]
        async fn f() {
            let _log = LogOnDrop;
            tokio::task::yield_now().await;
        }
        let caller = tracing::info_span!("caller");
        let mut fut = Box::pin(f());
        caller.in_scope(|| poll_once(fut.as_mut()).is_pending())
    }
}

/// With the span's level off, no span opens and the body runs.
#[test]
fn a_disabled_async_fn_runs_its_body() {
    same! {
        max_level = LevelFilter::INFO;
        #[instrument(level = "debug", fields(n = n + 1))]
        async fn f(n: u32) -> u32 {
            tokio::task::yield_now().await;
            tracing::info!("body");
            n
        }
        tracing::info_span!("caller").in_scope(|| block_on(f(1)))
    }
}

/// A deliberate difference: after the body's future completed, `tracing`
/// enters the span once more to drop it; ours has nothing left to drop.
#[test]
fn no_enter_to_drop_after_completion() {
    let pair = compat! {
        #[instrument]
        async fn f() {
            tokio::task::yield_now().await;
        }
        block_on(f());
    };
    let (tracing, ours) = pair.traces();
    let polls = ["new f", "enter f", "exit f", "enter f", "exit f"];
    assert_eq!(
        tracing,
        [&polls[..], &["enter f", "exit f", "close f"]].concat()
    );
    assert_eq!(
        ours,
        [&polls[..], &["close f"]].concat(),
        "ours: nothing is left to drop inside the span after the last poll"
    );
    pair.tracing_enters_to_drop(1).assert_same();
}

/// A deliberate difference, the reason this crate exists: a spawned future
/// is first polled by the runtime, where no span is current. `tracing`'s
/// span is then a root; ours falls back to the span current where the
/// future was created.
#[test]
fn a_spawned_future_keeps_the_span_it_was_created_in() {
    let pair = compat! {
        #[instrument]
        async fn task(n: u32) -> u32 {
            tracing::info!("in the task");
            n
        }
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let work = tracing::info_span!("work");
        let handle = work.in_scope(|| rt.spawn(task(1)));
        rt.block_on(handle).unwrap()
    };
    let (tracing, ours) = (&pair.tracing.rec, &pair.ours.rec);
    assert_eq!(tracing.span_named("task").parent, None);
    assert_eq!(tracing.event_with_message("in the task").chain, ["task"]);
    let reason = "ours: the span current where the future was created is the fallback parent";
    assert_eq!(ours.span_named("task").parent, Some("work"), "{reason}");
    assert_eq!(
        ours.event_with_message("in the task").chain,
        ["task", "work"],
        "{reason}"
    );
    assert_eq!(pair.tracing.out, pair.ours.out);
}

/// A deliberate difference: statements before the returned future (a sync
/// prelude) run at the call. `tracing` runs them outside the span, which
/// opens at the first poll; ours opens the span at the call and runs them
/// inside it, so what they log is in the function's span. A future built in
/// the body and returned (`let fut = async {..}; Box::pin(fut)`) is a
/// prelude too: `tracing` enters the span only for the call and polls the
/// future outside it; ours polls it inside the span.
#[test]
fn a_sync_prelude_runs_inside_the_span() {
    let pair = compat! {
        use std::future::Future;
        use std::pin::Pin;
        #[instrument]
        fn prelude(n: u32) -> impl Future<Output = u32> {
            tracing::info!("prelude");
            async move {
                tracing::info!("after the prelude");
                n
            }
        }
        #[instrument]
        fn returned(n: u32) -> Pin<Box<dyn Future<Output = u32>>> {
            let fut = async move {
                tracing::info!("returned");
                n
            };
            Box::pin(fut)
        }
        let futs = tracing::info_span!("caller").in_scope(|| (prelude(1), returned(2)));
        tracing::info_span!("polled").in_scope(|| (block_on(futs.0), block_on(futs.1)))
    };
    let (tracing, ours) = (&pair.tracing.rec, &pair.ours.rec);
    let chain = |rec: &instrument_tests::Recorder, message| rec.event_with_message(message).chain;
    assert_eq!(tracing.span_named("prelude").parent, Some("polled"));
    assert_eq!(chain(tracing, "prelude"), ["caller"]);
    assert_eq!(chain(tracing, "after the prelude"), ["prelude", "polled"]);
    assert_eq!(tracing.span_named("returned").parent, Some("caller"));
    assert_eq!(chain(tracing, "returned"), ["polled"]);
    let reason =
        "ours: the span opens at the call; the prelude runs and the future is polled in it";
    for (span, messages) in [
        ("prelude", ["prelude", "after the prelude"].as_slice()),
        ("returned", ["returned"].as_slice()),
    ] {
        assert_eq!(ours.span_named(span).parent, Some("caller"), "{reason}");
        for message in messages {
            assert_eq!(chain(ours, message), [span, "caller"], "{reason}");
        }
    }
    assert_eq!(pair.tracing.out, pair.ours.out);
}

/// The same deliberate difference, seen from the span's expressions: at a
/// first poll where no span is current, ours enters the span current at the
/// call (the fallback parent) while the span opens, so `Span::current()` in
/// `follows_from` or `fields` is that span; in `tracing` nothing is current.
/// Ours keeps that span open until the first poll.
#[test]
fn span_expressions_at_a_first_poll_with_no_span_current() {
    let pair = compat! {
        #[instrument(follows_from = [&tracing::Span::current()], fields(current = ?tracing::Span::current().metadata().map(tracing::Metadata::name)))]
        async fn f() {}
        let fut = tracing::info_span!("created").in_scope(f);
        tracing::info!("before the first poll");
        block_on(fut);
    };
    let (tracing, ours) = pair.traces();
    assert_eq!(
        tracing,
        [
            "new created",
            "enter created",
            "exit created",
            "close created",
            "event before the first poll",
            "new f",
            "enter f",
            "exit f",
            "enter f",
            "exit f",
            "close f",
        ]
    );
    assert_eq!(pair.tracing.fields("f"), ["current: Debug None"]);
    assert_eq!(
        ours,
        [
            "new created",
            "enter created",
            "exit created",
            "event before the first poll",
            "enter created",
            "new f",
            "follows f <- created",
            "exit created",
            "enter f",
            "exit f",
            "close f",
            "close created",
        ],
        "ours: the span current at the call is kept, and entered while the span opens"
    );
    assert_eq!(pair.ours.fields("f"), ["current: Debug Some(\"created\")"]);
}
