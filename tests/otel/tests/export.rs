//! Spans from `#[instrument]` exported through `tracing-opentelemetry` to
//! `opentelemetry_sdk`'s in-memory exporter: the span trees an OpenTelemetry
//! backend would receive.
//!
//! Two requests run concurrently as spawned tasks, on a multi-thread runtime
//! and on a current-thread one. Each request's handler awaits an
//! instrumented `async fn` (which calls an instrumented sync fn), spawns one
//! with `tokio::spawn` and two with `JoinSet::spawn`, awaits a
//! `fn -> impl Future` with a sync prelude, and calls a function with `err`
//! that fails for the second request. The test asserts, on the exported
//! `SpanData`: one trace id per request, every parent span id, the attributes
//! from recorded fields, the events, the span kind from `otel.kind`, and what
//! `tracing-opentelemetry` makes of the `err` event.
//!
//! Also measured: a handler whose spawned child outlives it, held open by the
//! child, and the end time its exported span gets; the same child with
//! `detached`, which lets the handler end first and links to it; and what a
//! backend gets of `outcome` (an attribute) and of `err(Error)` (the error
//! and its source chain, through `record_error`).

use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

use instrument_runtime::{field, instrument};
use instrument_tests::{poll_once, ChainError};
use instrument_tests_otel::{
    attribute, children_of, is_root, span_named, spans_named, table, Pipeline,
};
use opentelemetry::trace::{SpanKind, Status};
use opentelemetry::{Key, KeyValue, Value};
use opentelemetry_sdk::trace::SpanData;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

#[derive(Debug)]
struct PaymentError {
    code: u16,
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "card declined (code {})", self.code)
    }
}

#[instrument(
    fields(otel.kind = "server", http.request.method = "POST", http.route = %route, user = field::Empty),
    err
)]
async fn handle_request(request_id: u64, route: &str, amount: i64) -> Result<u64, PaymentError> {
    let user = load_user(request_id).await;
    tracing::Span::current().record("user", user.as_str());

    let audit = tokio::spawn(audit(request_id));
    let mut items = JoinSet::new();
    for item in 0..2 {
        items.spawn(fetch_item(request_id, item));
    }
    let mut total = 0;
    while let Some(fetched) = items.join_next().await {
        total += fetched.expect("fetch_item task");
    }
    audit.await.expect("audit task");

    reserve(total).await;
    charge(amount).await?;
    Ok(total)
}

#[instrument]
async fn load_user(request_id: u64) -> String {
    tokio::task::yield_now().await;
    tracing::info!(cache = "miss", "loading user");
    query("users");
    format!("user-{request_id}")
}

#[instrument]
fn query(table: &str) -> usize {
    table.len()
}

#[instrument]
async fn audit(request_id: u64) {
    tokio::task::yield_now().await;
    tracing::info!("audited");
}

#[instrument]
async fn fetch_item(request_id: u64, item: u64) -> u64 {
    tokio::task::yield_now().await;
    item + 1
}

#[instrument]
fn reserve(items: u64) -> impl Future<Output = ()> {
    tracing::info!("reserving"); // the sync prelude: inside `reserve`
    async move {
        tokio::task::yield_now().await;
        tracing::info!(items, "reserved");
    }
}

#[instrument(err)]
async fn charge(amount: i64) -> Result<(), PaymentError> {
    tokio::task::yield_now().await;
    if amount < 0 {
        Err(PaymentError { code: 402 })
    } else {
        Ok(())
    }
}

/// Runs request 1 (succeeds) and request 2 (its charge fails) concurrently,
/// each as a spawned task, and returns the exported spans.
fn two_requests(pipeline: &Pipeline, rt: &tokio::runtime::Runtime) -> Vec<SpanData> {
    let (ok, declined) = pipeline.block_on(rt, async {
        let ok = tokio::spawn(handle_request(1, "/checkout", 10));
        let declined = tokio::spawn(handle_request(2, "/checkout", -5));
        (
            ok.await.expect("request 1"),
            declined.await.expect("request 2"),
        )
    });
    assert_eq!(ok.expect("request 1 succeeds"), 3);
    assert_eq!(
        declined.expect_err("request 2 fails").to_string(),
        "card declined (code 402)"
    );
    pipeline.spans()
}

fn string(value: &str) -> Value {
    Value::String(value.to_owned().into())
}

fn event_attribute<'a>(event: &'a opentelemetry::trace::Event, key: &str) -> Option<&'a Value> {
    let key = Key::from(key.to_owned());
    event
        .attributes
        .iter()
        .find(|kv: &&KeyValue| kv.key == key)
        .map(|kv| &kv.value)
}

fn event_names(span: &SpanData) -> Vec<&str> {
    span.events
        .iter()
        .map(|event| event.name.as_ref())
        .collect()
}

fn sorted_names<'a>(spans: impl IntoIterator<Item = &'a SpanData>) -> Vec<&'a str> {
    let mut names: Vec<_> = spans.into_iter().map(|span| span.name.as_ref()).collect();
    names.sort_unstable();
    names
}

/// The request span with `request_id`, and every span of its trace.
fn request<'a>(spans: &'a [SpanData], request_id: &str) -> (&'a SpanData, Vec<&'a SpanData>) {
    let root = spans_named(spans, "handle_request")
        .into_iter()
        .find(|span| attribute(span, "request_id") == Some(&string(request_id)))
        .unwrap_or_else(|| {
            panic!(
                "no handle_request with request_id {request_id}:\n{}",
                dump(spans)
            )
        });
    let trace_id = root.span_context.trace_id();
    let trace = spans
        .iter()
        .filter(|span| span.span_context.trace_id() == trace_id)
        .collect();
    (root, trace)
}

fn dump(spans: &[SpanData]) -> String {
    table(spans.iter().map(|span| ("", span)))
}

/// Everything the two requests must have exported.
fn assert_request_trees(spans: &[SpanData]) {
    let context = dump(spans);
    // 2 requests x 8 spans, nothing else.
    assert_eq!(spans.len(), 16, "{context}");

    let (ok, ok_trace) = request(spans, "1");
    let (declined, declined_trace) = request(spans, "2");

    // One trace per request; the request span is its root.
    assert_ne!(
        ok.span_context.trace_id(),
        declined.span_context.trace_id(),
        "{context}"
    );
    for (root, trace) in [(ok, &ok_trace), (declined, &declined_trace)] {
        assert_tree(spans, root, trace, &context);
        assert_events(trace, &context);
    }
    assert_attributes(ok, declined, &context);
    assert_errors(&ok_trace, &declined_trace, &context);
}

/// The parent of every span of one request's trace.
fn assert_tree(spans: &[SpanData], root: &SpanData, trace: &[&SpanData], context: &str) {
    assert!(is_root(root), "{context}");
    assert!(!root.parent_span_is_remote, "{context}");
    assert_eq!(
        sorted_names(trace.iter().copied()),
        [
            "audit",
            "charge",
            "fetch_item",
            "fetch_item",
            "handle_request",
            "load_user",
            "query",
            "reserve"
        ],
        "{context}"
    );
    // Awaited, spawned with tokio::spawn, spawned on a JoinSet, returned
    // by a fn with a sync prelude: all children of the request span.
    let children: Vec<_> = children_of(spans, root);
    assert_eq!(
        sorted_names(children.iter().copied()),
        [
            "audit",
            "charge",
            "fetch_item",
            "fetch_item",
            "load_user",
            "reserve"
        ],
        "{context}"
    );
    // A sync fn called inside an async fn: one level deeper.
    let load_user = children
        .iter()
        .find(|span| span.name == "load_user")
        .unwrap();
    let grandchildren = children_of(spans, load_user);
    assert_eq!(
        sorted_names(grandchildren.iter().copied()),
        ["query"],
        "{context}"
    );
    assert_eq!(
        grandchildren[0].span_context.trace_id(),
        root.span_context.trace_id()
    );
    // Children are local, sampled, and carry the fields as attributes.
    for child in &children {
        assert!(!child.parent_span_is_remote, "{context}");
        assert!(child.span_context.is_sampled(), "{context}");
        assert_eq!(child.span_kind, SpanKind::Internal, "{context}");
    }
    let mut items: Vec<_> = children
        .iter()
        .filter(|span| span.name == "fetch_item")
        .map(|span| {
            assert_eq!(attribute(span, "request_id"), attribute(root, "request_id"));
            attribute(span, "item").cloned()
        })
        .collect();
    items.sort_by_key(|item| format!("{item:?}"));
    assert_eq!(items, [Some(string("0")), Some(string("1"))], "{context}");
    assert_eq!(
        attribute(load_user, "request_id"),
        attribute(root, "request_id")
    );
    assert_eq!(attribute(grandchildren[0], "table"), Some(&string("users")));
}

/// The attributes of the request spans.
fn assert_attributes(ok: &SpanData, declined: &SpanData, context: &str) {
    // The request span: parameters, `fields(..)`, a field recorded later, and
    // `otel.kind` as the span kind (not as an attribute). tracing-opentelemetry
    // has no `record_u64`: a `u64` goes through `Debug` and becomes a string
    // attribute (an `i64` stays an integer).
    assert_eq!(ok.span_kind, SpanKind::Server, "{context}");
    assert_eq!(attribute(ok, "request_id"), Some(&string("1")));
    assert_eq!(attribute(ok, "route"), Some(&string("/checkout")));
    assert_eq!(attribute(ok, "amount"), Some(&Value::I64(10)));
    assert_eq!(attribute(ok, "http.request.method"), Some(&string("POST")));
    assert_eq!(attribute(ok, "http.route"), Some(&string("/checkout")));
    assert_eq!(attribute(ok, "user"), Some(&string("user-1")));
    assert_eq!(attribute(declined, "user"), Some(&string("user-2")));
    assert_eq!(attribute(declined, "amount"), Some(&Value::I64(-5)));
    assert_eq!(attribute(ok, "otel.kind"), None);
}

/// Events land in the span they were emitted in, with their fields; the sync
/// prelude's event is inside `reserve`.
fn assert_events(trace: &[&SpanData], context: &str) {
    let load_user = trace.iter().find(|span| span.name == "load_user").unwrap();
    assert_eq!(event_names(load_user), ["loading user"], "{context}");
    assert_eq!(
        event_attribute(&load_user.events[0], "cache"),
        Some(&string("miss"))
    );
    assert_eq!(
        event_attribute(&load_user.events[0], "level"),
        Some(&string("INFO"))
    );
    let audit = trace.iter().find(|span| span.name == "audit").unwrap();
    assert_eq!(event_names(audit), ["audited"], "{context}");
    let reserve = trace.iter().find(|span| span.name == "reserve").unwrap();
    assert_eq!(event_names(reserve), ["reserving", "reserved"], "{context}");
    assert_eq!(
        event_attribute(&reserve.events[1], "items"),
        Some(&string("3"))
    );
}

/// What `err` turns into.
fn assert_errors(ok_trace: &[&SpanData], declined_trace: &[&SpanData], context: &str) {
    // The successful request: no error anywhere.
    for span in ok_trace {
        assert_eq!(span.status, Status::Unset, "{}: {context}", span.name);
        assert!(!event_names(span).contains(&"exception"), "{context}");
    }

    // The declined request: `err` emits an ERROR event with one field,
    // `error`, in `charge` and again in `handle_request` (which returns the
    // error with `?`). tracing-opentelemetry turns such an event (no message,
    // an `error` field) into an `exception` event with `exception.message`
    // and sets the span's status to an error with that description.
    for name in ["charge", "handle_request"] {
        let span = declined_trace
            .iter()
            .find(|span| span.name == name)
            .unwrap();
        assert_eq!(
            span.status,
            Status::error("card declined (code 402)"),
            "{name}: {context}"
        );
        let exceptions: Vec<_> = span
            .events
            .iter()
            .filter(|event| event.name == "exception")
            .collect();
        assert_eq!(exceptions.len(), 1, "{name}: {context}");
        assert_eq!(
            event_attribute(exceptions[0], "exception.message"),
            Some(&string("card declined (code 402)"))
        );
        assert_eq!(
            event_attribute(exceptions[0], "level"),
            Some(&string("ERROR"))
        );
        assert_eq!(event_attribute(exceptions[0], "error"), None);
    }
    for span in declined_trace {
        if !["charge", "handle_request"].contains(&span.name.as_ref()) {
            assert_eq!(span.status, Status::Unset, "{}: {context}", span.name);
        }
    }
}

#[test]
fn request_trees_on_a_multi_thread_runtime() {
    let pipeline = Pipeline::new("export");
    let rt = pipeline.multi_thread_runtime(2);
    let spans = two_requests(&pipeline, &rt);
    drop(rt);
    assert_request_trees(&spans);
}

#[test]
fn request_trees_on_a_current_thread_runtime() {
    let pipeline = Pipeline::new("export");
    let rt = pipeline.current_thread_runtime();
    let spans = two_requests(&pipeline, &rt);
    drop(rt);
    assert_request_trees(&spans);
}

#[tracing::instrument]
async fn tracing_child() {
    tokio::task::yield_now().await;
}

#[instrument]
async fn our_child() {
    tokio::task::yield_now().await;
}

#[instrument]
async fn work() {
    tokio::spawn(tracing_child())
        .await
        .expect("tracing_child task");
    tokio::spawn(our_child()).await.expect("our_child task");
}

/// The same spawned task with `tracing::instrument` and with ours, as a
/// backend sees it: `tracing`'s is the root of a trace of its own.
#[test]
fn spawned_task_stays_in_the_trace_unlike_tracing_instrument() {
    let pipeline = Pipeline::new("export");
    let rt = pipeline.multi_thread_runtime(2);
    pipeline
        .block_on(&rt, async { tokio::spawn(work()).await })
        .expect("work task");
    drop(rt);
    let spans = pipeline.spans();
    let context = dump(&spans);

    let work = span_named(&spans, "work");
    let ours = span_named(&spans, "our_child");
    let theirs = span_named(&spans, "tracing_child");
    assert_eq!(
        ours.parent_span_id,
        work.span_context.span_id(),
        "{context}"
    );
    assert_eq!(
        ours.span_context.trace_id(),
        work.span_context.trace_id(),
        "{context}"
    );
    assert!(is_root(theirs), "{context}");
    assert_ne!(
        theirs.span_context.trace_id(),
        work.span_context.trace_id(),
        "{context}"
    );
}

/// Fire-and-forget work that outlives its caller: `handler` spawns the audit
/// that `audit` makes and returns (after 4 ms, as in the issue), and the
/// audit runs 50 ms more. The audit waits until the handler has returned
/// before it starts its 50 ms, so that it outlives the handler however the
/// threads are scheduled.
// Returns the audit's handle, which the handler itself never awaits, for the
// test to wait on: an `async fn` that yields a future, on purpose.
#[allow(clippy::async_yields_async)]
#[instrument(skip_all)]
async fn handler<F>(
    audit: fn(oneshot::Receiver<()>) -> F,
    handler_returned: oneshot::Receiver<()>,
) -> tokio::task::JoinHandle<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let audit = tokio::spawn(audit(handler_returned));
    tokio::time::sleep(Duration::from_millis(4)).await;
    audit
}

#[instrument(name = "audit", skip(handler_returned))]
async fn background_audit(handler_returned: oneshot::Receiver<()>) {
    handler_returned.await.expect("the test signals the return");
    tokio::time::sleep(AUDIT).await;
}

#[instrument(name = "audit", detached, skip(handler_returned))]
async fn detached_audit(handler_returned: oneshot::Receiver<()>) {
    handler_returned.await.expect("the test signals the return");
    tokio::time::sleep(AUDIT).await;
}

const AUDIT: Duration = Duration::from_millis(50);

/// Runs `handler` with the audit that `audit` makes, on a multi-thread
/// runtime; returns the exported spans, when the handler returned, and a
/// line of figures (ms from the handler's start) for `--nocapture`.
fn handler_and_audit<F>(audit: fn(oneshot::Receiver<()>) -> F) -> (Vec<SpanData>, String)
where
    F: Future<Output = ()> + Send + 'static,
{
    let pipeline = Pipeline::new("export");
    let rt = pipeline.multi_thread_runtime(2);
    let returned = pipeline.block_on(&rt, async {
        let (signal, handler_returned) = oneshot::channel();
        // The handler's future is dropped before its task's handle is ready.
        let audit = tokio::spawn(handler(audit, handler_returned))
            .await
            .expect("handler task");
        let returned = SystemTime::now();
        signal.send(()).expect("audit waits for the signal");
        audit.await.expect("audit task");
        returned
    });
    drop(rt);
    let spans = pipeline.spans();
    let handler = span_named(&spans, "handler");
    let audit = span_named(&spans, "audit");
    let ms = |time: SystemTime| match time.duration_since(handler.start_time) {
        Ok(after) => format!("{:.1} ms", after.as_secs_f64() * 1e3),
        Err(before) => format!("-{:.1} ms", before.duration().as_secs_f64() * 1e3),
    };
    let figures = format!(
        "from the handler's start: handler returned {}, handler end {}, audit start {}, audit end {}; exported: {}",
        ms(returned),
        ms(handler.end_time),
        ms(audit.start_time),
        ms(audit.end_time),
        export_order(&spans).join(", "),
    );
    (spans, figures)
}

/// The names of `spans` in the order they were exported: the order they
/// closed.
fn export_order(spans: &[SpanData]) -> Vec<&str> {
    spans.iter().map(|span| span.name.as_ref()).collect()
}

/// What OpenTelemetry gets of a handler whose spawned child outlives it.
///
/// The child's span keeps its parent open in `tracing-subscriber`'s registry,
/// so the handler's span closes only when `audit` ends: it is exported after
/// `audit`, and `FmtSpan::CLOSE` times it up to then. Its exported *end
/// time* does not include the background work, though: `tracing-opentelemetry`
/// ends a span at its last exit (the handler's last poll, or the opening of
/// the child, which enters the caller's span), not at its close.
///
/// `detached` is the way out of the close-time part (the next test).
#[test]
fn spawned_child_holds_the_handler_open_but_its_end_time_is_its_last_exit() {
    let (spans, figures) = handler_and_audit(background_audit);
    let context = dump(&spans);

    let handler = span_named(&spans, "handler");
    let audit = span_named(&spans, "audit");
    assert_eq!(
        sorted_names(children_of(&spans, handler)),
        ["audit"],
        "{context}"
    );
    // Spans are exported as they close: the handler after its child.
    assert_eq!(export_order(&spans), ["audit", "handler"], "{context}");
    // But its end time is at least the audit's 50 ms before the audit's end
    // (half of it asserted, to leave room for wall-clock adjustments).
    let gap = audit
        .end_time
        .duration_since(handler.end_time)
        .unwrap_or_else(|_| panic!("the handler ends after its audit:\n{context}"));
    assert!(gap >= AUDIT / 2, "{gap:?} between the ends:\n{context}");
    println!("{figures}");
}

/// The same handler with `#[instrument(detached)]` on the audit: the audit's
/// span is the root of a trace of its own, linked to the handler's span
/// (`tracing-opentelemetry` turns `follows_from` into a `Link` to the cause's
/// span context, without attributes), and the handler's span closes, so is
/// exported, when the handler ends, before the audit.
#[test]
fn detached_child_lets_the_handler_end_and_export_first_and_links_to_it() {
    let (spans, figures) = handler_and_audit(detached_audit);
    let context = dump(&spans);

    let handler = span_named(&spans, "handler");
    let audit = span_named(&spans, "audit");
    assert!(children_of(&spans, handler).is_empty(), "{context}");
    assert!(is_root(audit), "{context}");
    assert_ne!(
        audit.span_context.trace_id(),
        handler.span_context.trace_id(),
        "{context}"
    );
    let links: Vec<_> = audit
        .links
        .iter()
        .map(|link| (link.span_context.clone(), link.attributes.len()))
        .collect();
    assert_eq!(links, [(handler.span_context.clone(), 0)], "{context}");
    assert!(handler.links.is_empty(), "{context}");
    // Exported as they close: the handler first, when it ends.
    assert_eq!(export_order(&spans), ["handler", "audit"], "{context}");
    // The audit's end comes after the test saw the handler return, which
    // comes after the handler's last exit (its end time).
    assert!(handler.end_time < audit.end_time, "{context}");
    println!("{figures}");
}

#[instrument(outcome, err)]
async fn attempt(fail: bool) -> Result<(), PaymentError> {
    tokio::task::yield_now().await;
    if fail {
        Err(PaymentError { code: 409 })
    } else {
        Ok(())
    }
}

/// `outcome` is a span field like any other: an attribute of the exported
/// span, as a string.
#[test]
fn outcome_is_exported_as_an_attribute() {
    let pipeline = Pipeline::new("export");
    let rt = pipeline.current_thread_runtime();
    pipeline.block_on(&rt, async {
        assert!(attempt(false).await.is_ok());
        assert!(attempt(true).await.is_err());
        // Cancelled: dropped after its first poll.
        let mut cancelled = Box::pin(attempt(false));
        assert!(poll_once(cancelled.as_mut()).is_pending());
    });
    drop(rt);
    let spans = pipeline.spans();
    let outcomes: Vec<Option<&Value>> = spans
        .iter()
        .map(|span| attribute(span, "outcome"))
        .collect();
    assert_eq!(
        outcomes,
        [
            Some(&string("ok")),
            Some(&string("err")),
            Some(&string("cancelled"))
        ],
        "{}",
        dump(&spans)
    );
}

#[instrument(err(Error))]
fn save(fail: bool) -> Result<(), ChainError> {
    if fail {
        return Err(ChainError::new([
            "could not save",
            "disk full",
            "quota exceeded",
        ]));
    }
    Ok(())
}

/// What `tracing-opentelemetry` 0.34 makes of `err(Error)`'s event: as of
/// `err`'s (its `error` field is the error's `Display`), an `exception`
/// event whose `exception.message` is the message, and the span's error
/// status with that description; the sources chain rides along in
/// `error.sources`.
#[test]
fn err_error_exports_the_message_and_the_source_chain() {
    let pipeline = Pipeline::new("export");
    tracing::dispatcher::with_default(pipeline.dispatch(), || {
        assert!(save(false).is_ok());
        assert!(save(true).is_err());
    });
    let spans = pipeline.spans();
    let context = dump(&spans);
    let saves = spans_named(&spans, "save");
    assert_eq!(saves.len(), 2, "{context}");
    assert!(saves[0].events.is_empty(), "{context}");
    assert_eq!(saves[0].status, Status::Unset, "{context}");
    let failed = saves[1];

    assert_eq!(event_names(failed), ["exception"], "{context}");
    let event = &failed.events[0];
    assert_eq!(
        event_attribute(event, "exception.message"),
        Some(&string("could not save"))
    );
    assert_eq!(
        event_attribute(event, "error.sources"),
        Some(&string("[disk full, quota exceeded]"))
    );
    assert_eq!(event_attribute(event, "level"), Some(&string("ERROR")));
    assert_eq!(failed.status, Status::error("could not save"), "{context}");
}
