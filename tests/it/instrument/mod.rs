//! `#[instrument]`: its arguments, every function shape it accepts, when a
//! span opens and who its parent is, hygiene of the generated code, future
//! sizes, the generated grid of signatures, and the attribute on whole `impl`
//! blocks and traits.

mod args;
mod async_fn;
mod blocks;
mod future_returning;
mod grid;
mod grid_check;
mod hygiene;
mod shapes;
mod sizes;
