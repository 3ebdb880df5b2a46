//! The default span name `Type::method` for every kind of self type: the last
//! path segment without generics (`Vec<T>` is `Vec`, `&Point` is `Point`), and
//! other types as written (`[u8]`, `dyn Shape`, `*const u8`).

use std::fmt::Debug;

use instrument_runtime::instrument;
use instrument_tests::record;

/// Not annotated: each impl below is.
trait Show {
    fn show(&self) -> usize;
}

mod nested {
    /// Reached through a path of several segments.
    #[derive(Debug)]
    pub(super) struct Deep;
}

#[derive(Debug)]
struct Point;

trait Shape: Debug {}

impl Shape for Point {}

#[instrument]
impl<T: Debug> Show for Vec<T> {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl Show for &Point {
    fn show(&self) -> usize {
        1
    }
}

#[instrument]
impl Show for nested::Deep {
    fn show(&self) -> usize {
        2
    }
}

#[instrument]
impl Show for [u8] {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl Show for str {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl Show for (u8, u8) {
    fn show(&self) -> usize {
        usize::from(self.0 + self.1)
    }
}

#[instrument]
impl Show for dyn Shape {
    fn show(&self) -> usize {
        3
    }
}

#[instrument]
impl Show for *const u8 {
    fn show(&self) -> usize {
        4
    }
}

#[instrument]
impl Show for Option<Box<dyn Shape>> {
    fn show(&self) -> usize {
        usize::from(self.is_some())
    }
}

#[test]
fn the_name_of_each_self_type() {
    let cases: [(&str, &dyn Fn() -> usize, &str); 7] = [
        ("Vec::show", &|| vec![1_u8, 2].show(), "[1, 2]"),
        ("Point::show", &|| (&Point).show(), "Point"),
        ("Deep::show", &|| nested::Deep.show(), "Deep"),
        ("[u8]::show", &|| [1_u8, 2, 3][..].show(), "[1, 2, 3]"),
        ("str::show", &|| "four".show(), "\"four\""),
        ("(u8, u8)::show", &|| (2_u8, 3_u8).show(), "(2, 3)"),
        (
            "Option::show",
            &|| Some(Box::new(Point) as Box<dyn Shape>).show(),
            "Some(Point)",
        ),
    ];
    for (name, call, self_debug) in cases {
        let (_, rec) = record(call);
        let span = rec.span_named(name);
        assert_eq!(span.fields["self"], self_debug, "{name}");
        rec.assert_all_closed_once();
    }
}

/// Types with keywords in them are named as written, the keyword and what
/// follows it apart.
#[test]
fn a_trait_object_and_a_pointer_are_named_as_written() {
    let (out, rec) = record(|| (&Point as &dyn Shape).show() + std::ptr::null::<u8>().show());
    assert_eq!(out, 7);
    let names: Vec<&str> = rec.spans().iter().map(|span| span.name).collect();
    assert_eq!(names, ["dyn Shape::show", "*const u8::show"]);
}
