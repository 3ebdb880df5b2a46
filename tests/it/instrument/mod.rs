//! `#[instrument]`: its arguments, every function shape it accepts (streams
//! included), when a span opens and who its parent is, hygiene of the
//! generated code, future sizes, and the generated grid of signatures.

mod args;
mod async_fn;
mod future_returning;
mod grid;
mod grid_check;
mod hygiene;
mod shapes;
mod sizes;
mod streams;
