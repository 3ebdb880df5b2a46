//! What must hold under pressure: cancellation, deep recursion, panics,
//! thousands of tasks, and every kind of subscriber setup.

mod cancel;
mod depth;
mod panics;
mod stress;
mod subscribers;
