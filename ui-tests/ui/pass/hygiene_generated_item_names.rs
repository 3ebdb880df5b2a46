//! Items in the user's crate named like generated names: the macro's locals
//! carry an `__instrument_` prefix (a unit struct named like a local would
//! turn its `let` into a pattern), and its statics are declared in a block
//! that does not enclose the user's body, so `__SPAN_META` here is the
//! user's constant.

#![deny(warnings)]

use instrument_runtime::instrument;

#[allow(non_camel_case_types)]
#[derive(Debug)]
struct __span;

#[allow(non_upper_case_globals)]
const __SPAN_META: u32 = 1;

#[instrument]
fn uses_outer_const(a: u32) -> u32 {
    a + __SPAN_META
}

#[instrument]
async fn unit_struct_in_scope(a: u32) -> u32 {
    a
}

#[instrument]
fn unit_struct_argument(unit: __span) -> u32 {
    let _ = unit;
    1
}

fn main() {
    let _ = uses_outer_const(1);
    let _ = unit_struct_argument(__span);
    drop(unit_struct_in_scope(1));
}
