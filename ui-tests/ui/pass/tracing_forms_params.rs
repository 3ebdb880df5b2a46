//! Every kind of parameter `tracing`'s attribute (0.1.31) records, as a
//! migrated crate writes it: it must compile warning-free. How each is
//! recorded is compared with `tracing` in `tests/it/compat/params.rs`.

#![deny(warnings)]

use std::fmt::Debug;
use std::num::{NonZeroU32, Wrapping};

use instrument_runtime::instrument;

type Alias = u32;

#[instrument]
fn unsigned(a: u8, b: u16, c: u32, d: u64, e: usize, f: u128) {}

#[instrument]
fn signed(a: i8, b: i16, c: i32, d: i64, e: isize, f: i128) {}

#[instrument]
fn others(a: f32, b: f64, c: bool, d: NonZeroU32, e: std::num::NonZeroU64, f: Wrapping<u8>) {}

#[instrument]
fn strings(a: &str, b: &&str, c: String, d: &String, e: std::string::String, f: &mut u8) {}

#[instrument]
fn debugged(a: char, b: Option<u32>, c: Vec<u8>, d: &[u8], e: [u8; 2], f: (u8, u8), g: Box<str>) {}

#[instrument]
fn alias(a: Alias) {}

#[instrument]
fn generic<T: Debug>(a: T, b: impl Debug) {}

#[derive(Debug)]
struct S(u32);

impl S {
    #[instrument]
    fn by_ref(&self) -> u32 {
        self.0
    }

    #[instrument]
    fn by_mut(&mut self) -> u32 {
        self.0
    }

    #[instrument]
    fn by_value(self) -> u32 {
        self.0
    }

    #[instrument]
    fn boxed(self: Box<Self>) -> u32 {
        self.0
    }
}

#[instrument]
fn binding_modes(mut a: u32, ref b: u32, _c: u32, _: u32, r#type: u32) -> u32 {
    a += 1;
    a + b + r#type
}

#[derive(Debug)]
struct Pair(u32, u32);

#[derive(Debug)]
struct Named {
    one: u32,
    two: (u32, u32),
    three: u32,
}

#[instrument]
fn reference(&x: &usize) -> usize {
    x
}

#[instrument]
fn tuple_struct(Pair(a, b): Pair) -> u32 {
    a + b
}

#[instrument]
fn renamed(Named { one: a, two: (b, _), .. }: Named) -> u32 {
    a + b
}

#[instrument]
fn borrowed(&Named { one, three: renamed, .. }: &Named) -> u32 {
    one + renamed
}

#[instrument]
fn tuple((a, b): (u32, &str)) -> usize {
    a as usize + b.len()
}

#[instrument]
fn nested(((a, b), c): ((u8, u8), String)) -> usize {
    usize::from(a + b) + c.len()
}

#[allow(unused_parens)]
#[instrument]
fn parenthesised_pattern((x): u32) -> u32 {
    x
}

#[allow(unused_parens)]
#[instrument]
fn parenthesised_type(x: (u32)) -> u32 {
    x
}

#[instrument]
fn slice([a, b]: [u8; 2]) -> u8 {
    a + b
}

#[instrument]
fn at(x @ (a, b): (u8, u8)) -> u8 {
    x.0 + a + b
}

macro_rules! identity {
    ($name:ident: $t:ty) => {
        #[instrument]
        fn $name(x: $t) -> $t {
            x
        }
    };
}

identity!(from_macro: u32);

fn main() {
    unsigned(1, 2, 3, 4, 5, 6);
    signed(-1, -2, -3, -4, -5, -6);
    others(0.5, 1.5, true, NonZeroU32::MIN, std::num::NonZeroU64::MIN, Wrapping(9));
    strings("a", &"b", "c".into(), &"d".into(), "e".into(), &mut 10);
    debugged('a', Some(1), vec![2], &[3], [4, 5], (6, 7), "g".into());
    alias(1);
    generic(1_u32, "b");
    let mut s = S(1);
    let _ = s.by_ref() + s.by_mut() + s.by_value() + Box::new(S(2)).boxed();
    let _ = binding_modes(1, 2, 3, 4, 5);
    let named = Named { one: 1, two: (2, 3), three: 4 };
    let _ = reference(&5) as u32 + tuple_struct(Pair(6, 7)) + borrowed(&named) + renamed(named);
    let _ = tuple((1, "two")) + nested(((3, 4), "five".into()));
    let _ = parenthesised_pattern(6) + parenthesised_type(7) + from_macro(8);
    let _ = slice([7, 8]) + at((9, 10));
}
