//! Export over OTLP/HTTP: [`otlp_pipeline`], the collector snippet of the
//! README, and [`Collector`], an OTLP receiver on loopback that decodes what
//! the exporter sends.
//!
//! The README's "OpenTelemetry" section shows the lines between the `README
//! begin` and `README end` markers below, byte for byte;
//! `tests/otlp.rs` runs them against a [`Collector`] and checks that the
//! README still shows them.

// README begin
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{ExporterBuildError, Protocol, SpanExporter, WithExportConfig as _};
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use tracing::Dispatch;
use tracing_subscriber::layer::SubscriberExt as _;

/// A subscriber whose spans go to the OTLP/HTTP `endpoint` (the full URL:
/// `http://collector:4318/v1/traces`), and its provider: shut it down before
/// exit, to flush.
///
/// # Errors
///
/// An invalid endpoint, or an `OTEL_EXPORTER_OTLP_*` variable it cannot honour.
pub fn otlp_pipeline(
    endpoint: &str,
    service: &'static str,
) -> Result<(Dispatch, SdkTracerProvider), ExporterBuildError> {
    let exporter = SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(endpoint)
        .build()?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(Resource::builder().with_service_name(service).build())
        .build();
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer(service));
    let subscriber = tracing_subscriber::registry().with(layer);
    Ok((Dispatch::new(subscriber), provider))
}
// README end

use std::io::{self, BufRead, BufReader, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use prost::Message as _;

/// How long a connection may stall in the middle of a request, or sit idle
/// between requests, before the [`Collector`] drops it.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What the [`Collector`] hands over per request: the decoded export, or why
/// the request was refused.
type Received = Result<ExportTraceServiceRequest, String>;

/// An OTLP/HTTP trace receiver on `127.0.0.1`, one thread per connection.
///
/// It answers each `POST /v1/traces` whose body is a protobuf
/// `ExportTraceServiceRequest` with `200 OK` and an empty
/// `ExportTraceServiceResponse`, after handing the decoded request to
/// [`Collector::requests`]. It answers anything else with `400` and hands
/// over why, so a test reports what went wrong instead of waiting.
#[derive(Debug)]
pub struct Collector {
    addr: SocketAddr,
    received: Receiver<Received>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Collector {
    /// Listens on a free port of `127.0.0.1`.
    ///
    /// # Errors
    ///
    /// If it cannot bind.
    pub fn start() -> io::Result<Collector> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let (sender, received) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let stop = Arc::clone(&stop);
            thread::Builder::new()
                .name("otlp-collector".to_owned())
                .spawn(move || accept(&listener, &sender, &stop))?
        };
        Ok(Collector {
            addr,
            received,
            stop,
            accept: Some(accept),
        })
    }

    /// The URL to export traces to.
    pub fn traces_endpoint(&self) -> String {
        format!("http://{}/v1/traces", self.addr)
    }

    /// Waits up to `timeout` for a first request, then takes it and every
    /// other request received so far, in arrival order.
    ///
    /// The collector hands a request over before it answers it, so once an
    /// export has returned successfully, its requests are all here.
    ///
    /// # Errors
    ///
    /// No request within `timeout`, or a request the collector refused.
    pub fn requests(&self, timeout: Duration) -> Result<Vec<ExportTraceServiceRequest>, String> {
        let first = match self.received.recv_timeout(timeout) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => {
                return Err(format!("no export request within {timeout:?}"))
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err("the collector has stopped".to_owned())
            }
        };
        std::iter::once(first)
            .chain(self.received.try_iter())
            .collect()
    }
}

impl Drop for Collector {
    /// Stops accepting: sets the flag, then wakes the accept loop with a
    /// connection of its own. Connection threads end with their connections.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if TcpStream::connect_timeout(&self.addr, IO_TIMEOUT).is_ok() {
            if let Some(accept) = self.accept.take() {
                let _ = accept.join();
            }
        }
    }
}

fn accept(listener: &TcpListener, sender: &Sender<Received>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let connection = sender.clone();
        let spawned = thread::Builder::new()
            .name("otlp-connection".to_owned())
            .spawn(move || {
                if let Err(error) = stream.and_then(|stream| serve(stream, &connection)) {
                    let _ = connection.send(Err(format!("connection failed: {error}")));
                }
            });
        if let Err(error) = spawned {
            let _ = sender.send(Err(format!("cannot spawn a connection thread: {error}")));
        }
    }
}

/// Answers the requests of one connection, one after the other (the client
/// keeps it alive), until the client closes it or leaves it idle.
fn serve(stream: TcpStream, sender: &Sender<Received>) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader)? {
        let (status, body) = match request.decode() {
            Ok(export) => {
                let _ = sender.send(Ok(export));
                let response = ExportTraceServiceResponse::default().encode_to_vec();
                ("200 OK", response)
            }
            Err(refused) => {
                let _ = sender.send(Err(refused.clone()));
                ("400 Bad Request", refused.into_bytes())
            }
        };
        write!(
            writer,
            "HTTP/1.1 {status}\r\ncontent-type: application/x-protobuf\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )?;
        writer.write_all(&body)?;
        writer.flush()?;
    }
    Ok(())
}

/// One HTTP/1.1 request: its request line, headers (names in lower case) and
/// body.
struct Request {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }

    /// The export this request carries, or why it is not an OTLP/HTTP
    /// protobuf trace export.
    fn decode(&self) -> Result<ExportTraceServiceRequest, String> {
        if self.line != "POST /v1/traces HTTP/1.1" {
            return Err(format!("unexpected request line {:?}", self.line));
        }
        match self.header("content-type") {
            Some("application/x-protobuf") => {}
            other => return Err(format!("unexpected content-type {other:?}")),
        }
        ExportTraceServiceRequest::decode(self.body.as_slice())
            .map_err(|error| format!("undecodable ExportTraceServiceRequest: {error}"))
    }
}

/// The next request of a connection; `None` once the client has closed it,
/// or left it idle for [`IO_TIMEOUT`], between requests.
///
/// Bodies must come with a `content-length` (the exporter sends its
/// protobuf in one piece); a chunked body is an error.
fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(error) if is_timeout(&error) => return Ok(None),
        Err(error) => return Err(error),
    }
    let line = line.trim_end().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            return Err(invalid("connection closed inside the headers"));
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| invalid("a header line without a colon"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let mut request = Request {
        line,
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return Err(invalid(
            "a body with a transfer-encoding, not a content-length",
        ));
    }
    let length = match request.header("content-length") {
        Some(length) => length
            .parse()
            .map_err(|_| invalid("a content-length that is not a number"))?,
        None => 0,
    };
    request.body.resize(length, 0);
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}
