//! One trace across two services.
//!
//! ```sh
//! cargo run -p instrument-tests-otel --example propagation
//! ```
//!
//! A client and a server, each with its own `tracing` subscriber and
//! OpenTelemetry tracer provider (`service.name` = `client` / `server`),
//! talk HTTP over loopback TCP. The client's `#[instrument]`ed `fetch_order`
//! injects the W3C `traceparent` of its span into each request; the server
//! extracts it and runs its `#[instrument]`ed `handle_request` under it. The
//! spans both sides exported are printed: they all share one trace id, and
//! each `handle_request`'s parent is the client's `fetch_order` span (marked
//! `remote`: it came over the wire). The code is in
//! `tests/otel/src/propagation.rs`.

use std::collections::HashSet;
use std::io;

use instrument_tests_otel::propagation;
use instrument_tests_otel::{table, Pipeline};

fn main() -> io::Result<()> {
    let client = Pipeline::new("client");
    let server = Pipeline::new("server");

    // No default subscriber on the runtime: each side's futures carry their
    // own (`with_subscriber`), as if they ran in two processes.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    // Order 7 exists; order 13 does not, so the server records an error.
    let responses = runtime.block_on(propagation::run(&client, &server, vec![7, 13]))?;
    drop(runtime);

    for response in &responses {
        println!("client got: {response}");
    }

    let client_spans = client.spans();
    let server_spans = server.spans();
    let mut all: Vec<_> = client_spans
        .iter()
        .map(|span| (client.service(), span))
        .chain(server_spans.iter().map(|span| (server.service(), span)))
        .collect();
    all.sort_by_key(|(_, span)| span.start_time);
    println!();
    print!("{}", table(all.iter().copied()));

    let traces: HashSet<_> = all
        .iter()
        .map(|(_, span)| span.span_context.trace_id())
        .collect();
    println!();
    println!(
        "{} spans from 2 services in {} trace(s)",
        all.len(),
        traces.len()
    );
    Ok(())
}
