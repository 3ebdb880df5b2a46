//! Two services, one trace: a client and a server talking HTTP/1.1 (written
//! by hand, one request per connection) over loopback TCP, each with its own
//! tracing pipeline, joined only by the W3C `traceparent` header.
//!
//! - The client's `#[instrument]`ed [`fetch_order`] takes the OpenTelemetry
//!   context of its own span (`tracing::Span::current().context()`, through
//!   `tracing_opentelemetry::OpenTelemetrySpanExt`) and injects it into the
//!   request headers with [`TraceContextPropagator`].
//! - The server extracts it from the headers and polls its `#[instrument]`ed
//!   handler under it with [`FutureExt::with_context`]. Our handler's span
//!   opens at its first poll, where that context is current, so
//!   `tracing-opentelemetry` gives it the client's span as parent and the
//!   client's trace id.
//!
//! [`FutureExt::with_context`]: opentelemetry::context::FutureExt::with_context
//!
//! # Why not `Span::current().set_parent(cx)` in the handler?
//!
//! Because with `tracing-opentelemetry`'s defaults (context activation on),
//! entering a span starts its OpenTelemetry span, and the parent of a started
//! span cannot change: inside the handler's body, where our span is already
//! entered, `set_parent` returns `Err(SetParentError::AlreadyStarted)` and
//! the server's span stays the root of a trace of its own. This is the same
//! for `tracing::instrument`'s spans. It works inside the body only on a
//! layer built `with_context_activation(false)`.
//!
//! # Create the handler's future where no span is current
//!
//! Here it is created and awaited in the connection's code, under no span.
//! A handler future created *inside* a span (an accept loop's, say) and then
//! spawned with `.with_context(parent)` would not get the remote parent: its
//! span opens on a worker where nothing is current, so the span current at
//! the call is made current again while it opens (our rule for spawned
//! tasks), and its OpenTelemetry context wins over the remote one. Create the
//! future inside the spawned task instead:
//! `tokio::spawn(async move { handle(req).with_context(parent).await })`.
//!
//! The tests in `tests/propagation.rs` pin all of these behaviours.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io;
use std::net::SocketAddr;

use instrument_runtime::{field, instrument, WithSubscriber as _};
use opentelemetry::context::FutureExt as _;
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

use crate::Pipeline;

/// The orders the server knows; any other id is answered `404`.
pub const KNOWN_ORDERS: [u64; 2] = [7, 42];

/// Runs one checkout: the server on one task, under `server`'s pipeline, the
/// client's [`checkout`] of `order_ids` on another, under `client`'s, each
/// order fetched on its own connection. Returns the response lines the client
/// got, `"<status> <body>"`, once both sides are done.
///
/// # Errors
///
/// An I/O error of either side, or a task that panicked.
pub async fn run(
    client: &Pipeline,
    server: &Pipeline,
    order_ids: Vec<u64>,
) -> io::Result<Vec<String>> {
    let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let connections = order_ids.len();
    let server =
        tokio::spawn(serve(listener, connections).with_subscriber(server.dispatch().clone()));
    let responses =
        tokio::spawn(checkout(addr, order_ids).with_subscriber(client.dispatch().clone()));
    let responses = responses.await??;
    server.await??;
    Ok(responses)
}

// ---------------------------------------------------------------- client

/// The client's entry point: fetches each order in turn.
///
/// # Errors
///
/// The first I/O error.
#[instrument(skip(addr))]
pub async fn checkout(addr: SocketAddr, order_ids: Vec<u64>) -> io::Result<Vec<String>> {
    let mut responses = Vec::with_capacity(order_ids.len());
    for order_id in order_ids {
        responses.push(fetch_order(addr, order_id).await?);
    }
    Ok(responses)
}

/// `GET /orders/{order_id}` on a new connection, with this span's trace
/// context in a `traceparent` header.
///
/// # Errors
///
/// An I/O error, or a response that is not HTTP.
#[instrument(fields(
    otel.kind = "client",
    http.request.method = "GET",
    server.address = %addr,
    http.response.status_code = field::Empty,
))]
pub async fn fetch_order(addr: SocketAddr, order_id: u64) -> io::Result<String> {
    // Our span is current here: `tracing::Span::current()` is a handle to it.
    let cx = tracing::Span::current().context();
    let mut headers = HashMap::new();
    TraceContextPropagator::new().inject_context(&cx, &mut headers);

    let mut request =
        format!("GET /orders/{order_id} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in &headers {
        let _ = write!(request, "{name}: {value}\r\n");
    }
    request.push_str("\r\n");

    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;

    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or_else(|| invalid("response without a blank line"))?;
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.split(' ').next())
        .ok_or_else(|| invalid("response without a status line"))?;
    // An `i64`: tracing-opentelemetry turns unsigned integers into strings.
    let code: i64 = status.parse().map_err(|_| invalid("bad status code"))?;
    tracing::Span::current().record("http.response.status_code", code);
    Ok(format!("{status} {body}"))
}

// ---------------------------------------------------------------- server

/// Accepts `connections` connections, one after the other, and answers the
/// one request on each.
///
/// # Errors
///
/// An I/O error.
pub async fn serve(listener: TcpListener, connections: usize) -> io::Result<()> {
    for _ in 0..connections {
        let (stream, _) = listener.accept().await?;
        serve_connection(stream).await?;
    }
    Ok(())
}

/// Reads one request, extracts the caller's trace context from its headers
/// and runs [`handle_request`] under it.
async fn serve_connection(stream: TcpStream) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let request_line = lines
        .next_line()
        .await?
        .ok_or_else(|| invalid("connection closed before the request"))?;
    let mut headers = HashMap::new();
    while let Some(line) = lines.next_line().await? {
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return Err(invalid("bad request line"));
    };

    // The client's span, as a remote parent.
    let parent = TraceContextPropagator::new().extract(&headers);
    let (status, body) = handle_request(method.to_owned(), path.to_owned())
        .with_context(parent)
        .await;

    let reason = if status == 200 { "OK" } else { "Not Found" };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    write.write_all(response.as_bytes()).await?;
    write.shutdown().await
}

/// The server's handler: the first span of the server's part of the trace.
#[instrument(skip_all, fields(
    otel.kind = "server",
    http.request.method = %method,
    url.path = %path,
    http.response.status_code = field::Empty,
))]
pub async fn handle_request(method: String, path: String) -> (u16, String) {
    let order = match (method.as_str(), path.strip_prefix("/orders/")) {
        ("GET", Some(id)) => match id.parse() {
            Ok(id) => load_order(id).await.map_err(|err| err.to_string()),
            Err(_) => Err(format!("bad order id {id:?}")),
        },
        _ => Err(format!("no route for {method} {path}")),
    };
    let (status, body) = match order {
        Ok(order) => (200, order),
        Err(message) => (404, message),
    };
    tracing::Span::current().record("http.response.status_code", i64::from(status));
    (status, body)
}

/// An order that does not exist.
#[derive(Debug)]
pub struct NotFound(pub u64);

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "order {} not found", self.0)
    }
}

impl std::error::Error for NotFound {}

/// Looks an order up; unknown ids fail, recorded with `err`.
///
/// # Errors
///
/// [`NotFound`] for an id outside [`KNOWN_ORDERS`].
#[instrument(err)]
pub async fn load_order(order_id: u64) -> Result<String, NotFound> {
    tokio::task::yield_now().await;
    if KNOWN_ORDERS.contains(&order_id) {
        tracing::info!("order found");
        Ok(format!("order {order_id}: 3 items"))
    } else {
        Err(NotFound(order_id))
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}
