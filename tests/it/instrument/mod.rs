//! `#[instrument]`: its arguments, every function shape it accepts (streams
//! included), when a span opens and who its parent is, hygiene of the
//! generated code, future sizes, the generated grid of signatures, and
//! spawned work that outlives its caller (with and without `detached`), jobs
//! sent to another thread in their sender's span (`examples/threads.rs`),
//! and the attribute on whole `impl` blocks and traits.
//!
//! What rustdoc shows of an instrumented function, the static maximum level
//! features, the off switch and that the expansion is clippy-clean need a
//! build of their own: they are in `tests/it/fixtures/`.

mod args;
mod async_fn;
mod blocks;
mod future_returning;
mod grid;
mod grid_check;
mod hygiene;
mod shapes;
mod sizes;
mod spawned;
mod streams;
mod threads;
