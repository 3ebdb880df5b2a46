//! A projection whose last segment is named like a future or stream alias
//! (`<T as Trait>::BoxFuture<'a, u32>`, `<T as Trait>::BoxStream`) is not
//! recognised as one by its spelling: the macro cannot see through it, so
//! the function is instrumented as a sync fn (use `future` or `stream` to
//! say otherwise). Here the projections are plain `u32`s, which a future or
//! stream expansion would not accept.
#![deny(warnings)]

use instrument_runtime::instrument;

trait Names {
    type BoxFuture<'a, T>;
    type BoxStream;
}

struct Plain;

impl Names for Plain {
    type BoxFuture<'a, T> = u32;
    type BoxStream = u32;
}

#[instrument]
fn future_named(x: u32) -> <Plain as Names>::BoxFuture<'static, u32> {
    x
}

#[instrument]
fn stream_named(x: u32) -> <Plain as Names>::BoxStream {
    x
}

fn main() {
    assert_eq!(future_named(1) + stream_named(2), 3);
}
