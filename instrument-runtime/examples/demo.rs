//! Demo placeholder.
use instrument_runtime::{Instrument, Level, info_span, span};
fn main() {
    tracing_subscriber::fmt()
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .init();
    let user = "ferris";
    let s = span!(Level::INFO, "login", user, attempt = 1_u32, ?user, http.method = %"GET", r#type = 3, empty = tracing::field::Empty);
    let _g = s.enter();
    s.record("empty", 5);
    tracing::info!("inside");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(
        async { tracing::info!("in future") }.instrument(info_span!(target: "x", "fut", a = 1)),
    );
}
