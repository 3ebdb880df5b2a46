//! A projection whose last segment is named like a future or stream alias
//! (`<T as Trait>::BoxFuture<'a, u32>`, `<T as Trait>::BoxStream`) is not
//! recognised as one by its spelling: the macro cannot see through it, so
//! the function is instrumented as a sync fn (use `future` or `stream` to
//! say otherwise). Here the projections are plain `u32`s, which a future or
//! stream expansion would not accept; and a trait named `Future` is one
//! only with an `Output`.
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

/// A trait of the user's named `Future`, whose associated type is not
/// `Output`: `impl Future<Item = u32>` is not a future returner.
mod own {
    pub trait Future {
        type Item;
        fn item(&self) -> Self::Item;
    }

    impl Future for u32 {
        type Item = u32;
        fn item(&self) -> u32 {
            *self
        }
    }
}

#[instrument]
fn own_future_named(x: u32) -> impl own::Future<Item = u32> {
    x
}

fn main() {
    assert_eq!(future_named(1) + stream_named(2), 3);
    assert_eq!(own::Future::item(&own_future_named(3)), 3);
}
