//! How each parameter is recorded: decided from the type as written
//! (integers, floats, `bool`, strings, `NonZero*`, `Wrapping` and references
//! to them as values, everything else with `Debug`), for receivers, binding
//! modes and patterns.

#![allow(
    clippy::too_many_arguments,
    clippy::many_single_char_names,
    clippy::toplevel_ref_arg,
    clippy::boxed_local,
    reason = "the parameters are the forms under test"
)]
#![allow(
    clippy::used_underscore_binding,
    reason = "`tracing`'s attribute records `_c`, which this lint sees as a use"
)]

use super::{compat, same};

#[test]
fn recorded_as_values() {
    same! {
        use std::num::{NonZeroU32, Wrapping};
        #[instrument]
        fn unsigned(a: u8, b: u16, c: u32, d: u64, e: usize, f: u128) {}
        #[instrument]
        fn signed(a: i8, b: i16, c: i32, d: i64, e: isize, f: i128) {}
        #[instrument]
        fn others(a: f32, b: f64, c: bool, d: NonZeroU32, e: std::num::NonZeroU64, f: Wrapping<u8>) {}
        #[allow(clippy::ptr_arg)]
        #[instrument]
        fn strings(a: &str, b: &&str, c: String, d: &String, e: std::string::String, f: &mut u8) {}
        unsigned(1, 2, 3, 4, 5, 6);
        signed(-1, -2, -3, -4, -5, -6);
        others(0.5, 1.5, true, NonZeroU32::new(7).unwrap(), std::num::NonZeroU64::new(8).unwrap(), Wrapping(9));
        strings("a", &"b", "c".to_owned(), &"d".to_owned(), "e".to_owned(), &mut 10);
    }
}

#[test]
fn recorded_with_debug() {
    same! {
        type Alias = u32;
        #[instrument]
        fn f(a: char, b: Option<u32>, c: Option<u32>, d: Vec<u8>, e: &[u8], g: [u8; 2], h: (u8, u8), i: Box<str>) {}
        // A type alias is not resolved: it is recorded with `Debug`.
        #[instrument]
        fn alias(a: Alias) {}
        #[instrument]
        fn generic<T: std::fmt::Debug>(a: T, b: impl std::fmt::Debug) {}
        f('a', Some(1), None, vec![2], &[3], [4, 5], (6, 7), "i".into());
        alias(8);
        generic(9_u32, "ten");
    }
}

#[test]
fn receivers() {
    same! {
        #[derive(Debug)]
        struct S(u32);
        impl S {
            #[instrument]
            fn by_ref(&self) -> u32 { self.0 }
            #[instrument]
            fn by_mut(&mut self) -> u32 { self.0 }
            #[instrument]
            fn by_value(self) -> u32 { self.0 }
            #[instrument]
            fn boxed(self: Box<Self>) -> u32 { self.0 }
        }
        let mut s = S(1);
        s.by_ref() + s.by_mut() + s.by_value() + Box::new(S(2)).boxed()
    }
}

#[test]
fn binding_modes_and_names() {
    same! {
        #[instrument]
        fn f(mut a: u32, ref b: u32, _c: u32, _: u32, r#type: u32) -> u32 {
            a += 1;
            a + b + r#type
        }
        f(1, 2, 3, 4, 5)
    }
}

#[test]
fn patterns_recorded_alike() {
    same! {
        #[derive(Debug)]
        struct Pair(u32, u32);
        #[derive(Debug)]
        struct Named {
            one: u32,
            two: (u32, u32),
            three: u32,
        }
        // The reference type decides for `&x`: a value.
        #[instrument]
        fn reference(&x: &usize) -> usize { x }
        // Bindings of tuple-struct and struct patterns have no spelled type.
        #[instrument]
        fn tuple_struct(Pair(a, b): Pair) -> u32 { a + b }
        #[instrument]
        fn renamed(Named { one: a, two: (b, _), .. }: Named) -> u32 { a + b }
        #[instrument]
        fn borrowed(&Named { one, three: renamed, .. }: &Named) -> u32 { one + renamed }
        let named = Named { one: 1, two: (2, 3), three: 4 };
        let out = u32::try_from(reference(&5)).unwrap() + tuple_struct(Pair(6, 7)) + borrowed(&named);
        out + renamed(named)
    }
}

/// A deliberate difference: ours records every binding of a destructured
/// parameter, a binding of a known type (zipped with a tuple type) as a
/// value. `tracing` records tuple bindings with `Debug`, and skips the
/// bindings of `(x)`, `[a, b]` and the inner ones of `x @ (a, b)`.
#[test]
fn patterns_recorded_differently() {
    let pair = compat! {
        #[instrument]
        fn tuple((a, b): (u32, &str)) -> usize { a as usize + b.len() }
        #[instrument]
        fn nested(((a, b), c): ((u8, u8), String)) -> usize { usize::from(a + b) + c.len() }
        #[allow(unused_parens)]
        #[instrument]
        fn parenthesised((x): u32) -> u32 { x }
        #[instrument]
        fn slice([a, b]: [u8; 2]) -> u8 { a + b }
        #[instrument]
        fn at(x @ (a, b): (u8, u8)) -> u8 { x.0 + a + b }
        [
            tuple((1, "two")),
            nested(((3, 4), "five".to_owned())),
            parenthesised(6) as usize,
            usize::from(slice([7, 8])),
            usize::from(at((9, 10))),
        ]
    };
    let (tracing, ours) = (&pair.tracing, &pair.ours);
    let tuple = "a tuple pattern's bindings are zipped with the tuple type";
    assert_eq!(tracing.fields("tuple"), ["a: Debug 1", "b: Debug \"two\""]);
    assert_eq!(ours.fields("tuple"), ["a: U64 1", "b: Str two"], "{tuple}");
    assert_eq!(
        tracing.fields("nested"),
        ["a: Debug 3", "b: Debug 4", "c: Debug \"five\""]
    );
    assert_eq!(
        ours.fields("nested"),
        ["a: U64 3", "b: U64 4", "c: Str five"],
        "{tuple}"
    );
    assert_eq!(tracing.fields("parenthesised"), [""; 0]);
    assert_eq!(
        ours.fields("parenthesised"),
        ["x: U64 6"],
        "ours records the binding of a parenthesised pattern"
    );
    assert_eq!(tracing.fields("slice"), [""; 0]);
    assert_eq!(
        ours.fields("slice"),
        ["a: Debug 7", "b: Debug 8"],
        "ours records the bindings of a slice pattern"
    );
    assert_eq!(tracing.fields("at"), ["x: Debug (9, 10)"]);
    assert_eq!(
        ours.fields("at"),
        ["x: Debug (9, 10)", "a: Debug 9", "b: Debug 10"],
        "ours records the bindings after `@`"
    );
}

/// Generates an instrumented function whose parameter type comes through a
/// `ty` fragment.
macro_rules! identity {
    ($name:ident: $t:ty) => {
        #[instrument]
        fn $name(x: $t) -> $t {
            x
        }
    };
}

/// A deliberate difference: a type in parentheses, `(u32)`, or coming from a
/// `macro_rules!` `$t:ty` fragment (an invisible group), is the type inside.
/// Ours records a `u32` as a value either way; `tracing` sees neither as a
/// path and records it with `Debug`.
#[test]
fn grouped_types() {
    let pair = compat! {
        #[allow(unused_parens)]
        #[instrument]
        fn parenthesised(x: (u32)) -> u32 { x }
        identity!(from_macro: u32);
        parenthesised(1) + from_macro(2)
    };
    let (tracing, ours) = (&pair.tracing, &pair.ours);
    assert_eq!(tracing.fields("parenthesised"), ["x: Debug 1"]);
    assert_eq!(tracing.fields("from_macro"), ["x: Debug 2"]);
    let reason = "the type in parentheses or in a macro's group is `u32`";
    assert_eq!(ours.fields("parenthesised"), ["x: U64 1"], "{reason}");
    assert_eq!(ours.fields("from_macro"), ["x: U64 2"], "{reason}");
}
