//! PENDING (not run): items in the user's crate named like the macro's
//! generated locals and statics.
//!
//! Fails today:
//! - `struct __span;` (any unit struct or constant in scope with the name of
//!   a generated local: `__span`, `__entered`, `__ret`, `__fut`, ...) turns
//!   the generated `let __span = ..` into a pattern that matches the unit
//!   struct: `Span::mixed_site()` only hides local variables, and a `let`
//!   pattern resolves an identifier as an item first (E0308 "`__span` is
//!   interpreted as a unit struct, not a new binding", then a cascade).
//! - `const __SPAN_META` used in the body resolves to the macro's generated
//!   `static __SPAN_META` (items at mixed-site are visible at the call site,
//!   and the generated statics are declared in a block that encloses the
//!   user's body), so `a + __SPAN_META` is `u32 + Metadata`.

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
