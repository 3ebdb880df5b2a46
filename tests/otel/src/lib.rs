//! OpenTelemetry test support: a [`Pipeline`] that sends spans from
//! `#[instrument]` through `tracing-opentelemetry` to `opentelemetry_sdk`'s
//! in-memory exporter, helpers to look at the exported span trees, the
//! two services of the [`propagation`] example, and the README's OTLP
//! pipeline with a receiver for it in [`otlp`].
//!
//! Nothing here is specific to our crates: the pipeline is the one users build
//! for `tracing`'s spans (`Registry` + `OpenTelemetryLayer` over an
//! `SdkTracerProvider`). Our spans reach it through `tracing-core`.
//!
//! ```
//! use instrument_runtime::instrument;
//! use instrument_tests_otel::{Pipeline, span_named};
//!
//! #[instrument]
//! fn work(n: u64) -> u64 {
//!     n + 1
//! }
//!
//! let pipeline = Pipeline::new("doc");
//! tracing::dispatcher::with_default(pipeline.dispatch(), || work(1));
//! let spans = pipeline.spans();
//! assert_eq!(span_named(&spans, "work").name, "work");
//! ```
//!
//! Tests share one process, so they never install a global subscriber or
//! tracer provider: each test builds its own [`Pipeline`] and makes it the
//! default where its code runs ([`Pipeline::multi_thread_runtime`] does it on
//! every worker thread, [`Pipeline::block_on`] on the calling thread,
//! `WithSubscriber::with_subscriber` for one future).

use std::fmt::Write as _;
use std::future::Future;

use opentelemetry::trace::{SpanId, Status, TracerProvider as _};
use opentelemetry::{Key, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracer, SdkTracerProvider, SpanData};
use opentelemetry_sdk::Resource;
use tracing::dispatcher;
use tracing::Dispatch;
use tracing_opentelemetry::OpenTelemetryLayer;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::Registry;

pub mod otlp;
pub mod propagation;

/// The `tracing-opentelemetry` layer as [`Pipeline`] builds it, for
/// [`Pipeline::with_layer`] to configure.
pub type OtelLayer = OpenTelemetryLayer<Registry, SdkTracer>;

/// One service's tracing pipeline: a `Registry` with an `OpenTelemetryLayer`
/// whose tracer exports every finished span, synchronously, to an
/// [`InMemorySpanExporter`].
#[derive(Clone, Debug)]
pub struct Pipeline {
    service: &'static str,
    exporter: InMemorySpanExporter,
    provider: SdkTracerProvider,
    dispatch: Dispatch,
}

impl Pipeline {
    /// A pipeline with `tracing-opentelemetry`'s default layer settings, whose
    /// resource has `service.name = service`.
    pub fn new(service: &'static str) -> Pipeline {
        Pipeline::with_layer(service, |layer| layer)
    }

    /// A pipeline whose layer is adjusted by `configure` (for example
    /// `|layer| layer.with_context_activation(false)`).
    pub fn with_layer(
        service: &'static str,
        configure: impl FnOnce(OtelLayer) -> OtelLayer,
    ) -> Pipeline {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .with_resource(Resource::builder().with_service_name(service).build())
            .build();
        let tracer = provider.tracer("instrument-tests-otel");
        let layer = configure(tracing_opentelemetry::layer().with_tracer(tracer));
        let dispatch = Dispatch::new(tracing_subscriber::registry().with(layer));
        Pipeline {
            service,
            exporter,
            provider,
            dispatch,
        }
    }

    /// The service name this pipeline's spans carry.
    pub fn service(&self) -> &'static str {
        self.service
    }

    /// The subscriber, to make it the default where instrumented code runs.
    pub fn dispatch(&self) -> &Dispatch {
        &self.dispatch
    }

    /// Every span exported so far (spans are exported when they close), in
    /// the order they closed.
    ///
    /// # Panics
    ///
    /// If the provider cannot flush or the exporter cannot be read.
    pub fn spans(&self) -> Vec<SpanData> {
        self.provider
            .force_flush()
            .expect("flushing the tracer provider");
        self.exporter
            .get_finished_spans()
            .expect("reading the in-memory exporter")
    }

    /// A multi-thread tokio runtime (I/O and time enabled) on which this
    /// pipeline is the default subscriber of every worker thread.
    ///
    /// # Panics
    ///
    /// If tokio cannot build the runtime.
    pub fn multi_thread_runtime(&self, workers: usize) -> tokio::runtime::Runtime {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(workers).enable_all();
        instrument_tests::runtime_with_default(&mut builder, &self.dispatch)
    }

    /// A current-thread tokio runtime (I/O and time enabled); drive it with
    /// [`Pipeline::block_on`].
    ///
    /// # Panics
    ///
    /// If tokio cannot build the runtime.
    pub fn current_thread_runtime(&self) -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("building a current-thread runtime")
    }

    /// Runs `fut` to completion on `rt` with this pipeline as the default
    /// subscriber of the calling thread.
    pub fn block_on<F: Future>(&self, rt: &tokio::runtime::Runtime, fut: F) -> F::Output {
        dispatcher::with_default(&self.dispatch, || rt.block_on(fut))
    }
}

/// The one span named `name`.
///
/// # Panics
///
/// If there is none, or more than one.
pub fn span_named<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    match spans_named(spans, name).as_slice() {
        [span] => span,
        found => panic!(
            "expected one span named {name:?}, found {}:\n{}",
            found.len(),
            table(spans.iter().map(|span| ("", span)))
        ),
    }
}

/// Every span named `name`, in export order.
pub fn spans_named<'a>(spans: &'a [SpanData], name: &str) -> Vec<&'a SpanData> {
    spans.iter().filter(|span| span.name == name).collect()
}

/// The spans whose parent is `parent`, in export order.
pub fn children_of<'a>(spans: &'a [SpanData], parent: &SpanData) -> Vec<&'a SpanData> {
    let id = parent.span_context.span_id();
    spans
        .iter()
        .filter(|span| span.parent_span_id == id)
        .collect()
}

/// Whether `span` is the root of its trace in this process: no parent at all
/// (a remote parent counts as a parent).
pub fn is_root(span: &SpanData) -> bool {
    span.parent_span_id == SpanId::INVALID
}

/// The value of the attribute `key` of `span`.
pub fn attribute<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    let key = Key::from(key.to_owned());
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .map(|kv| &kv.value)
}

/// A text table of spans, one line each: the label (a service name, say),
/// name, trace id, span id, parent span id (`-` for none, `remote` after it
/// when the parent came from another process), and status.
pub fn table<'a>(spans: impl IntoIterator<Item = (&'a str, &'a SpanData)>) -> String {
    let mut out = format!(
        "{:<8} {:<16} {:<32} {:<16} {:<23} {}\n",
        "service", "span", "trace id", "span id", "parent id", "status"
    );
    for (label, span) in spans {
        let parent = if is_root(span) {
            "-".to_owned()
        } else if span.parent_span_is_remote {
            format!("{} remote", span.parent_span_id)
        } else {
            span.parent_span_id.to_string()
        };
        let status = match &span.status {
            Status::Unset => "unset".to_owned(),
            Status::Ok => "ok".to_owned(),
            Status::Error { description } => format!("error: {description}"),
        };
        let _ = writeln!(
            out,
            "{:<8} {:<16} {:<32} {:<16} {:<23} {}",
            label,
            span.name,
            span.span_context.trace_id(),
            span.span_context.span_id(),
            parent,
            status,
        );
    }
    out
}
