//! The runtime crate's API, without `#[instrument]`: `Span`, the span
//! macros, `Instrument`, `WithSubscriber`, and interplay with
//! `tracing`'s own spans and subscribers.

mod instrument;
mod interop;
mod macros;
mod span;
mod subscriber;
