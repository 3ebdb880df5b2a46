//! Tests of the whole expansion at the `proc_macro2` level.

mod fuzz;
mod snapshots;
