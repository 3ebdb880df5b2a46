//! A method that declares its return type a stream with `stream` gets
//! neither the block's `ret` nor its `err`: a stream has no one value, as for
//! a method whose type says it is a stream.

#![deny(warnings)]

use std::pin::Pin;

use futures_core::Stream;
use instrument_runtime::instrument;

/// An alias the macro cannot see through.
type Lines = Pin<Box<dyn Stream<Item = u32> + Send>>;

/// A stream of nothing.
struct Empty;

impl Stream for Empty {
    type Item = u32;

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<u32>> {
        std::task::Poll::Ready(None)
    }
}

#[derive(Debug)]
struct Log;

#[instrument(ret, err)]
impl Log {
    fn len(&self) -> Result<usize, String> {
        Ok(0)
    }

    #[instrument(stream, skip(self))]
    fn lines(&self) -> Lines {
        Box::pin(Empty)
    }
}

fn main() {
    let _ = (Log.len(), Log.lines());
}
