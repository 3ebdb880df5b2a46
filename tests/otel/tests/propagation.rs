//! W3C trace context across two services (`src/propagation.rs`, also the
//! `propagation` example): one trace id on both sides, and the server's root
//! span's parent is the client's span.
//!
//! Also pinned here: how a remote parent can reach the span of an
//! `#[instrument]`ed handler. Polling it under the extracted context
//! (`FutureExt::with_context`) works with `tracing-opentelemetry`'s defaults;
//! `tracing::Span::current().set_parent(cx)` inside the handler's body comes
//! too late with them (the span was started when it was entered) and works
//! only with context activation turned off. And one subtlety of our
//! caller-span fallback: a future created inside a span and spawned under
//! `with_context(remote)` gets the local caller, not the remote span, as its
//! parent; created inside the spawned task, it gets the remote one.

use std::collections::HashMap;

use instrument_runtime::instrument;
use instrument_tests_otel::propagation::{self, KNOWN_ORDERS};
use instrument_tests_otel::{
    attribute, children_of, is_root, span_named, spans_named, table, Pipeline,
};
use opentelemetry::context::FutureExt as _;
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::{SpanId, SpanKind, Status, TraceContextExt as _, TraceId};
use opentelemetry::{Context, Value};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SpanData;
use tracing_opentelemetry::{OpenTelemetrySpanExt as _, SetParentError};

fn dump(client: &[SpanData], server: &[SpanData]) -> String {
    table(
        client
            .iter()
            .map(|span| ("client", span))
            .chain(server.iter().map(|span| ("server", span))),
    )
}

fn string(value: &str) -> Value {
    Value::String(value.to_owned().into())
}

/// Runs a checkout of orders 7 (found) and 13 (not found) and checks both
/// sides' exported spans.
fn one_trace_across_client_and_server(rt: &tokio::runtime::Runtime) {
    assert!(KNOWN_ORDERS.contains(&7) && !KNOWN_ORDERS.contains(&13));
    let client = Pipeline::new("client");
    let server = Pipeline::new("server");
    let responses = rt
        .block_on(propagation::run(&client, &server, vec![7, 13]))
        .expect("the checkout runs");
    assert_eq!(
        responses,
        ["200 order 7: 3 items", "404 order 13 not found"]
    );

    let client_spans = client.spans();
    let server_spans = server.spans();
    let context = dump(&client_spans, &server_spans);

    // The client: checkout -> fetch_order x2, a trace of its own making.
    assert_eq!(client_spans.len(), 3, "{context}");
    let checkout = span_named(&client_spans, "checkout");
    assert!(is_root(checkout), "{context}");
    let trace_id = checkout.span_context.trace_id();
    let fetches = spans_named(&client_spans, "fetch_order");
    assert_eq!(fetches.len(), 2, "{context}");
    for fetch in &fetches {
        assert_eq!(
            fetch.parent_span_id,
            checkout.span_context.span_id(),
            "{context}"
        );
        assert_eq!(fetch.span_kind, SpanKind::Client, "{context}");
    }

    // The server: handle_request -> load_order, per request.
    assert_eq!(server_spans.len(), 4, "{context}");
    // One trace id across both sides.
    for span in client_spans.iter().chain(&server_spans) {
        assert_eq!(
            span.span_context.trace_id(),
            trace_id,
            "{}: {context}",
            span.name
        );
    }
    let handlers = spans_named(&server_spans, "handle_request");
    assert_eq!(handlers.len(), 2, "{context}");
    for (order, status) in [("7", "200"), ("13", "404")] {
        let fetch = fetches
            .iter()
            .find(|span| attribute(span, "order_id") == Some(&string(order)))
            .unwrap_or_else(|| panic!("no fetch_order of order {order}: {context}"));
        let handler = handlers
            .iter()
            .find(|span| attribute(span, "url.path") == Some(&string(&format!("/orders/{order}"))))
            .unwrap_or_else(|| panic!("no handle_request of order {order}: {context}"));
        // The server's root span's parent is the client's span, remote.
        assert_eq!(
            handler.parent_span_id,
            fetch.span_context.span_id(),
            "{context}"
        );
        assert!(handler.parent_span_is_remote, "{context}");
        assert_eq!(handler.span_kind, SpanKind::Server, "{context}");
        assert_eq!(
            attribute(handler, "http.request.method"),
            Some(&string("GET"))
        );
        assert_eq!(
            attribute(handler, "http.response.status_code"),
            Some(&Value::I64(status.parse().unwrap())),
            "{context}"
        );
        assert_eq!(
            attribute(fetch, "http.response.status_code"),
            Some(&Value::I64(status.parse().unwrap())),
            "{context}"
        );
        // Below it, the server's own spans are local children.
        let loads = children_of(&server_spans, handler);
        assert_eq!(loads.len(), 1, "{context}");
        assert_eq!(loads[0].name, "load_order");
        assert!(!loads[0].parent_span_is_remote, "{context}");
    }
    let failed = spans_named(&server_spans, "load_order")
        .into_iter()
        .find(|span| attribute(span, "order_id") == Some(&string("13")))
        .expect("load_order of order 13");
    assert_eq!(
        failed.status,
        Status::error("order 13 not found"),
        "{context}"
    );
}

#[test]
fn one_trace_across_client_and_server_on_a_multi_thread_runtime() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    one_trace_across_client_and_server(&rt);
}

#[test]
fn one_trace_across_client_and_server_on_a_current_thread_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    one_trace_across_client_and_server(&rt);
}

// ------------------------------------------- how the handler gets its parent

/// The example `traceparent` of the W3C Trace Context specification.
const TRACEPARENT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const REMOTE_TRACE: TraceId =
    TraceId::from_bytes(0x0af7_6519_16cd_43dd_8448_eb21_1c80_319c_u128.to_be_bytes());
const REMOTE_SPAN: SpanId = SpanId::from_bytes(0xb7ad_6b71_6920_3331_u64.to_be_bytes());

fn remote_context() -> Context {
    let headers = HashMap::from([("traceparent".to_owned(), TRACEPARENT.to_owned())]);
    let cx = TraceContextPropagator::new().extract(&headers);
    let remote = cx.span().span_context().clone();
    assert!(remote.is_remote() && remote.is_sampled());
    assert_eq!(
        (remote.trace_id(), remote.span_id()),
        (REMOTE_TRACE, REMOTE_SPAN)
    );
    cx
}

#[instrument(skip_all)]
async fn adopting_handler(parent: Context) -> Result<(), SetParentError> {
    tokio::task::yield_now().await;
    tracing::Span::current().set_parent(parent)
}

/// The same with `tracing::instrument`.
#[tracing::instrument(skip_all)]
async fn tracing_adopting_handler(parent: Context) -> Result<(), SetParentError> {
    tokio::task::yield_now().await;
    tracing::Span::current().set_parent(parent)
}

#[instrument]
async fn handler(how: &'static str) {
    tokio::task::yield_now().await;
}

/// The `handler` span recorded with `how`.
fn handler_span<'a>(spans: &'a [SpanData], how: &str) -> &'a SpanData {
    spans
        .iter()
        .find(|span| span.name == "handler" && attribute(span, "how") == Some(&string(how)))
        .unwrap_or_else(|| panic!("no handler {how:?}:\n{}", dump_one(spans)))
}

fn dump_one(spans: &[SpanData]) -> String {
    table(spans.iter().map(|span| ("", span)))
}

fn assert_child_of_remote(span: &SpanData, context: &str) {
    assert_eq!(span.span_context.trace_id(), REMOTE_TRACE, "{context}");
    assert_eq!(span.parent_span_id, REMOTE_SPAN, "{context}");
    assert!(span.parent_span_is_remote, "{context}");
}

#[test]
fn with_context_makes_the_remote_span_the_parent() {
    let pipeline = Pipeline::new("server");
    let rt = pipeline.multi_thread_runtime(2);
    pipeline.block_on(&rt, async {
        tokio::spawn(handler("spawned").with_context(remote_context()))
            .await
            .unwrap();
    });
    drop(rt);
    let spans = pipeline.spans();
    assert_child_of_remote(handler_span(&spans, "spawned"), &dump_one(&spans));
}

#[test]
fn set_parent_inside_the_handler_is_too_late_with_context_activation() {
    let pipeline = Pipeline::new("server");
    let rt = pipeline.multi_thread_runtime(2);
    let (ours, theirs) = pipeline.block_on(&rt, async {
        let ours = tokio::spawn(adopting_handler(remote_context()));
        let theirs = tokio::spawn(tracing_adopting_handler(remote_context()));
        (ours.await.unwrap(), theirs.await.unwrap())
    });
    drop(rt);
    // Entering the span started its OpenTelemetry span; its parent is fixed.
    // The same for `tracing::instrument`'s span.
    for result in [ours, theirs] {
        assert!(
            matches!(result, Err(SetParentError::AlreadyStarted)),
            "{result:?}"
        );
    }
    let spans = pipeline.spans();
    for name in ["adopting_handler", "tracing_adopting_handler"] {
        let handler = span_named(&spans, name);
        assert!(is_root(handler), "{}", dump_one(&spans));
        assert_ne!(handler.span_context.trace_id(), REMOTE_TRACE);
    }
}

#[test]
fn set_parent_inside_the_handler_works_without_context_activation() {
    let pipeline = Pipeline::with_layer("server", |layer| layer.with_context_activation(false));
    let rt = pipeline.multi_thread_runtime(2);
    let result = pipeline.block_on(&rt, async {
        tokio::spawn(adopting_handler(remote_context()))
            .await
            .unwrap()
    });
    drop(rt);
    result.expect("set_parent before the span is started");
    let spans = pipeline.spans();
    assert_child_of_remote(span_named(&spans, "adopting_handler"), &dump_one(&spans));
}

#[instrument(skip_all)]
async fn accept(parent: Context) {
    handler("awaited").with_context(parent.clone()).await;
    tokio::spawn(handler("created here, spawned").with_context(parent.clone()))
        .await
        .unwrap();
    tokio::spawn(async move { handler("created in the task").with_context(parent).await })
        .await
        .unwrap();
}

/// `with_context` around an instrumented future that is created inside a
/// span (`accept`) and spawned: the span opens on a worker where no span is
/// current, so by our rule the span current at the call (`accept`) is made
/// current again while it opens, and `tracing-opentelemetry` (context
/// activation) attaches `accept`'s context over the remote one. The local
/// caller wins over the remote parent. (`tracing::instrument`'s span would
/// take the remote parent here: it has no caller fallback.) Awaited in place,
/// or created inside the spawned task, the handler gets the remote parent.
#[test]
fn with_context_around_a_future_spawned_inside_a_span_yields_to_the_caller() {
    let pipeline = Pipeline::new("server");
    let rt = pipeline.multi_thread_runtime(2);
    pipeline.block_on(&rt, async {
        tokio::spawn(accept(remote_context())).await.unwrap();
    });
    drop(rt);
    let spans = pipeline.spans();
    let context = dump_one(&spans);
    let accept = span_named(&spans, "accept");
    assert!(is_root(accept), "{context}");

    assert_child_of_remote(handler_span(&spans, "awaited"), &context);
    assert_child_of_remote(handler_span(&spans, "created in the task"), &context);

    let spawned = handler_span(&spans, "created here, spawned");
    assert_eq!(
        spawned.parent_span_id,
        accept.span_context.span_id(),
        "{context}"
    );
    assert_eq!(
        spawned.span_context.trace_id(),
        accept.span_context.trace_id(),
        "{context}"
    );
    assert_ne!(spawned.span_context.trace_id(), REMOTE_TRACE, "{context}");
}
