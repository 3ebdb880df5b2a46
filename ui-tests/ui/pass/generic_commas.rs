//! Argument values whose turbofish holds a comma (`f::<A, B>()`): a comma
//! inside `<..>` does not end the argument.

#![deny(warnings)]

use instrument_runtime::{instrument, Id};

fn parent_of<A, B>() -> Option<Id> {
    None
}

fn causes<A, B>() -> Vec<Option<Id>> {
    Vec::new()
}

struct Pair<A, B>(A, B);

impl<A: Into<u64>, B: Into<u64>> Pair<A, B> {
    fn sum(self) -> u64 {
        self.0.into() + self.1.into()
    }
}

const fn name_of<A, B>() -> &'static str {
    "named with generics"
}

#[instrument(parent = parent_of::<u8, u16>(), follows_from = causes::<u8, u16>())]
fn explicit_parent() {}

#[instrument(fields(sum = Pair::<u8, u16>(1, 2).sum(), size = core::mem::size_of::<(u8, u16)>()))]
fn fields_with_generics() {}

#[instrument(name = name_of::<u8, u16>(), skip(a))]
async fn named_async(a: u32) -> u32 {
    a
}

fn main() {
    explicit_parent();
    fields_with_generics();
    drop(named_async(1));
}
