//! The README's collector snippet, run: spans from `#[instrument]` exported
//! by `opentelemetry-otlp` over HTTP/protobuf ([`otlp_pipeline`]) to a
//! [`Collector`] on loopback, and asserted on the decoded
//! `ExportTraceServiceRequest`s, as an OTLP backend receives them.
//!
//! Two orders are placed, one after the other: the first is charged, the
//! second's charge is declined (`err` on a sync fn and on the `async fn` that
//! returns its error with `?`). Each order is a trace of its own:
//! `place_order` -> `load_cart` (an `async fn`) and `charge` (a sync fn).

use std::fmt::Write as _;
use std::time::Duration;

use instrument_runtime::instrument;
use instrument_tests::ChainError;
use instrument_tests_otel::otlp::{otlp_pipeline, Collector};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use opentelemetry_proto::tonic::trace::v1::status::StatusCode;
use opentelemetry_proto::tonic::trace::v1::Span;

#[instrument(
    fields(otel.kind = "server", http.route = "/orders", discount = 0.5),
    err
)]
async fn place_order(user: u64, amount: i64, express: bool) -> Result<i64, String> {
    let items = load_cart(user).await;
    let total = charge(items, amount)?;
    Ok(total)
}

#[instrument]
async fn load_cart(user: u64) -> i64 {
    tokio::task::yield_now().await;
    tracing::info!(source = "cache", "cart loaded");
    3
}

#[instrument(err)]
fn charge(items: i64, amount: i64) -> Result<i64, String> {
    if amount < 0 {
        Err(DECLINED.to_owned())
    } else {
        Ok(items * amount)
    }
}

const DECLINED: &str = "card declined (code 402)";

/// The README shows the code this file runs.
#[test]
fn readme_shows_the_otlp_pipeline_that_is_tested() {
    let source = include_str!("../src/otlp.rs");
    let readme = include_str!("../../../README.md");
    let (begin, end) = ("// README begin\n", "// README end\n");
    let start = source.find(begin).expect("the begin marker") + begin.len();
    let stop = source.find(end).expect("the end marker");
    let block = format!("```rust\n{}```\n", &source[start..stop]);
    assert!(
        readme.contains(&block),
        "README.md must show the lines between the markers in \
         tests/otel/src/otlp.rs, byte for byte, as this block:\n{block}"
    );
}

#[test]
fn readme_pipeline_exports_over_otlp_http_to_a_collector() {
    let collector = Collector::start().expect("starting the collector");
    let (dispatch, provider) =
        otlp_pipeline(&collector.traces_endpoint(), "orders").expect("building the exporter");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("building a runtime");
    let (placed, declined) = tracing::dispatcher::with_default(&dispatch, || {
        (
            rt.block_on(place_order(7, 10, true)),
            rt.block_on(place_order(8, -5, false)),
        )
    });
    assert_eq!(placed.expect("order 7 is charged"), 30);
    assert_eq!(declined.expect_err("order 8 is declined"), DECLINED);

    // Exports the batch and waits for the collector's answers: the requests
    // are all received once it returns.
    provider.shutdown().expect("exporting to the collector");
    let requests = collector
        .requests(Duration::from_secs(10))
        .expect("the collector's requests");

    let spans = assert_resource_and_scope(&requests);
    let context = dump(&spans);
    assert_eq!(spans.len(), 6, "{context}");
    for (user, amount, express) in [("7", 10, true), ("8", -5, false)] {
        let (root, trace) = order(&spans, user, &context);
        assert_tree(root, &trace, &context);
        assert_attributes(root, &trace, user, amount, express, &context);
        let cart = named(&trace, "load_cart");
        assert_eq!(event_names(cart), ["cart loaded"], "{context}");
        assert_eq!(
            value(&cart.events[0].attributes, "source"),
            Some(&string("cache"))
        );
        if amount < 0 {
            assert_declined(&trace, &context);
        } else {
            for span in &trace {
                assert_eq!(status(span), (StatusCode::Unset, ""), "{context}");
                assert!(!event_names(span).contains(&"exception"), "{context}");
            }
        }
    }
}

/// `err(Error)` on an error with sources; `outcome` on functions that
/// panic or are cancelled; plain `err` beside them, to compare.
#[instrument(err(Error))]
async fn save_order(order: u64) -> Result<(), ChainError> {
    tokio::task::yield_now().await;
    Err(ChainError::new([
        "could not save order 7",
        "disk full",
        "quota exceeded",
    ]))
}

#[instrument(err)]
async fn save_order_display(order: u64) -> Result<(), ChainError> {
    save_order(order).await
}

#[instrument(outcome)]
fn compute(n: u64) -> u64 {
    assert!(n < 10, "n is {n}, too large");
    n * 2
}

#[instrument(outcome)]
async fn wait_for_reply(order: u64) -> u64 {
    std::future::pending::<()>().await;
    order
}

/// As a backend receives them: `err(Error)` is at least as informative as
/// `err` (status ERROR with the error's message, an `exception` event with
/// the message, and the sources chain), a panic is an error with its
/// message (`outcome=panicked`), a cancellation is not an error
/// (`outcome=cancelled`, status unset).
#[test]
fn errors_and_panics_look_like_errors_in_the_backend() {
    let collector = Collector::start().expect("starting the collector");
    let (dispatch, provider) =
        otlp_pipeline(&collector.traces_endpoint(), "orders").expect("building the exporter");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("building a runtime");
    tracing::dispatcher::with_default(&dispatch, || {
        assert!(rt.block_on(save_order_display(7)).is_err());
        assert!(std::panic::catch_unwind(|| compute(12)).is_err());
        let timeout = rt.block_on(async {
            tokio::time::timeout(Duration::from_millis(1), wait_for_reply(7)).await
        });
        assert!(timeout.is_err());
    });
    provider.shutdown().expect("exporting to the collector");
    let requests = collector
        .requests(Duration::from_secs(10))
        .expect("the collector's requests");
    let spans = assert_resource_and_scope(&requests);
    let context = dump(&spans);
    assert_eq!(spans.len(), 4, "{context}");
    let message = "could not save order 7";

    // `err(Error)` and, around it, `err`: the same status and exception
    // message; `err(Error)` adds the chain.
    for name in ["save_order", "save_order_display"] {
        let span = named(&spans, name);
        assert_eq!(
            status(span),
            (StatusCode::Error, message),
            "{name}: {context}"
        );
        assert_eq!(event_names(span), ["exception"], "{name}: {context}");
        let attributes = &span.events[0].attributes;
        assert_eq!(
            value(attributes, "exception.message"),
            Some(&string(message)),
            "{name}"
        );
        let sources = value(attributes, "error.sources");
        if name == "save_order" {
            assert_eq!(sources, Some(&string("[disk full, quota exceeded]")));
        } else {
            assert_eq!(sources, None);
        }
    }

    // A panic: an error, with the panic's message.
    let compute = named(&spans, "compute");
    let panicked = "panicked: n is 12, too large";
    assert_eq!(status(compute), (StatusCode::Error, panicked), "{context}");
    assert_eq!(event_names(compute), ["exception"], "{context}");
    assert_eq!(
        value(&compute.events[0].attributes, "exception.message"),
        Some(&string(panicked))
    );
    assert_eq!(
        value(&compute.attributes, "outcome"),
        Some(&string("panicked"))
    );

    // A cancellation (a timeout) is not an error.
    let waited = named(&spans, "wait_for_reply");
    assert_eq!(status(waited), (StatusCode::Unset, ""), "{context}");
    assert!(waited.events.is_empty(), "{context}");
    assert_eq!(
        value(&waited.attributes, "outcome"),
        Some(&string("cancelled"))
    );
}

/// Every span, after checking that each batch names the service (from the
/// provider's `Resource`) and the tracer (the instrumentation scope).
fn assert_resource_and_scope(requests: &[ExportTraceServiceRequest]) -> Vec<&Span> {
    let mut spans = Vec::new();
    for resource_spans in requests.iter().flat_map(|request| &request.resource_spans) {
        let resource = resource_spans.resource.as_ref().expect("a resource");
        assert_eq!(
            value(&resource.attributes, "service.name"),
            Some(&string("orders"))
        );
        for scope_spans in &resource_spans.scope_spans {
            let scope = scope_spans.scope.as_ref().expect("a scope");
            assert_eq!(scope.name, "orders");
            spans.extend(&scope_spans.spans);
        }
    }
    spans
}

/// The `place_order` span of `user`, and every span of its trace.
fn order<'a>(spans: &[&'a Span], user: &str, context: &str) -> (&'a Span, Vec<&'a Span>) {
    let root = spans
        .iter()
        .copied()
        .find(|span| {
            span.name == "place_order" && value(&span.attributes, "user") == Some(&string(user))
        })
        .unwrap_or_else(|| panic!("no place_order of user {user}:\n{context}"));
    let trace = spans
        .iter()
        .copied()
        .filter(|span| span.trace_id == root.trace_id)
        .collect();
    (root, trace)
}

/// One trace: `place_order` is its root, the parent of `load_cart` and
/// `charge`, and its time span covers theirs.
fn assert_tree(root: &Span, trace: &[&Span], context: &str) {
    assert_eq!(root.trace_id.len(), 16, "{context}");
    assert_eq!(root.span_id.len(), 8, "{context}");
    assert!(root.parent_span_id.is_empty(), "{context}");
    let mut names: Vec<_> = trace.iter().map(|span| span.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["charge", "load_cart", "place_order"], "{context}");
    for child in trace.iter().filter(|span| span.name != "place_order") {
        assert_eq!(child.parent_span_id, root.span_id, "{context}");
        assert_ne!(child.span_id, root.span_id, "{context}");
        assert!(
            root.start_time_unix_nano <= child.start_time_unix_nano
                && child.start_time_unix_nano <= child.end_time_unix_nano
                && child.end_time_unix_nano <= root.end_time_unix_nano,
            "{}: {context}",
            child.name
        );
    }
}

/// Parameters and `fields(..)` as typed attributes; `otel.kind` as the kind.
fn assert_attributes(
    root: &Span,
    trace: &[&Span],
    user: &str,
    amount: i64,
    express: bool,
    context: &str,
) {
    assert_eq!(root.kind(), SpanKind::Server, "{context}");
    // tracing-opentelemetry records a `u64` with `Debug`: a string.
    assert_eq!(value(&root.attributes, "user"), Some(&string(user)));
    assert_eq!(
        value(&root.attributes, "amount"),
        Some(&Value::IntValue(amount))
    );
    assert_eq!(
        value(&root.attributes, "express"),
        Some(&Value::BoolValue(express))
    );
    assert_eq!(
        value(&root.attributes, "discount"),
        Some(&Value::DoubleValue(0.5))
    );
    assert_eq!(
        value(&root.attributes, "http.route"),
        Some(&string("/orders"))
    );
    assert_eq!(value(&root.attributes, "otel.kind"), None);

    let cart = named(trace, "load_cart");
    assert_eq!(cart.kind(), SpanKind::Internal, "{context}");
    assert_eq!(value(&cart.attributes, "user"), Some(&string(user)));
    let charge = named(trace, "charge");
    assert_eq!(charge.kind(), SpanKind::Internal, "{context}");
    assert_eq!(
        value(&charge.attributes, "items"),
        Some(&Value::IntValue(3))
    );
    assert_eq!(
        value(&charge.attributes, "amount"),
        Some(&Value::IntValue(amount))
    );
}

/// `err` on `charge`, and on `place_order` which returns its error: an
/// `exception` event with the message, and an error status, on both.
fn assert_declined(trace: &[&Span], context: &str) {
    for name in ["charge", "place_order"] {
        let span = named(trace, name);
        assert_eq!(
            status(span),
            (StatusCode::Error, DECLINED),
            "{name}: {context}"
        );
        // One `exception` event, with the message.
        let messages: Vec<_> = span
            .events
            .iter()
            .filter(|event| event.name == "exception")
            .map(|event| value(&event.attributes, "exception.message"))
            .collect();
        assert_eq!(messages, [Some(&string(DECLINED))], "{name}: {context}");
    }
    let cart = named(trace, "load_cart");
    assert_eq!(status(cart), (StatusCode::Unset, ""), "{context}");
}

fn named<'a>(trace: &[&'a Span], name: &str) -> &'a Span {
    trace
        .iter()
        .copied()
        .find(|span| span.name == name)
        .unwrap_or_else(|| panic!("no span named {name:?}"))
}

fn value<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a Value> {
    attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|value| value.value.as_ref())
}

fn string(value: &str) -> Value {
    Value::StringValue(value.to_owned())
}

fn status(span: &Span) -> (StatusCode, &str) {
    span.status
        .as_ref()
        .map_or((StatusCode::Unset, ""), |status| {
            (status.code(), status.message.as_str())
        })
}

fn event_names(span: &Span) -> Vec<&str> {
    span.events
        .iter()
        .map(|event| event.name.as_str())
        .collect()
}

/// The spans as a table (name, trace id, span id, parent span id, status), for
/// failure messages.
fn dump(spans: &[&Span]) -> String {
    let hex = |bytes: &[u8]| {
        bytes.iter().fold(String::new(), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
    };
    let mut out = String::new();
    for span in spans {
        let _ = writeln!(
            out,
            "{:<12} {:<32} {:<16} {:<16} {:?}",
            span.name,
            hex(&span.trace_id),
            hex(&span.span_id),
            hex(&span.parent_span_id),
            status(span),
        );
    }
    out
}
