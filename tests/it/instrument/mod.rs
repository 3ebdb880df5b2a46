//! `#[instrument]`: its arguments, every function shape it accepts (streams
//! included), when a span opens and who its parent is, hygiene of the
//! generated code, future sizes, the generated grid of signatures, and
//! spawned work that outlives its caller (with and without `detached`), jobs
//! sent to another thread in their sender's span (`examples/threads.rs`),
//! what rustdoc shows of an instrumented function, the static maximum level
//! features, that the expansion is clippy-clean, and the attribute on whole
//! `impl` blocks and traits.

mod args;
mod async_fn;
mod blocks;
mod clippy;
mod fixture;
mod future_returning;
mod grid;
mod grid_check;
mod hygiene;
mod max_level;
mod off_switch;
mod rustdoc;
mod shapes;
mod sizes;
mod spawned;
mod streams;
mod threads;
