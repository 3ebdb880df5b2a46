//! `fields(..)`: values of each kind, `%` and `?` before a value or a name,
//! empty fields recorded later, dotted, keyword and raw names, constant
//! names, which field hides a parameter, and duplicate names (recorded as
//! an ordered list, so both values of one name are compared).

use super::{compat, same};

const NAME: &str = "const.name";
/// A constant name equal to a parameter's.
const S: &str = "s";

struct Keys;

impl Keys {
    const USER: &'static str = "user.id";
}

const fn key() -> &'static str {
    "from.const.fn"
}

#[derive(Debug)]
struct Data {
    n: u32,
    name: &'static str,
}

#[test]
fn values_of_each_kind() {
    same! {
        #[instrument(fields(int = 1, byte = 1u8, float = 1.5, text = "t", flag = true, len = s.len()))]
        fn f(s: &str) {}
        f("four");
    }
    // An `Option` records its `Some` value, and nothing for `None`.
    same! {
        #[instrument(skip_all, fields(a = some, b = none))]
        fn f(some: Option<u32>, none: Option<u32>) {}
        f(Some(3), None);
    }
}

#[test]
fn sigils() {
    same! {
        #[instrument(skip_all, fields(a = %x, b = ?x, ?c = x, %d = ?x, %x, ?data, %data.name, ?data.n))]
        fn f(x: &str, data: &Data) {}
        f("x", &Data { n: 1, name: "d" });
    }
    // `debug` and `display` need no import in a value.
    same! {
        #[instrument(skip_all, fields(a = debug(&data.n), b = display(data.name)))]
        fn f(data: &Data) {}
        f(&Data { n: 1, name: "d" });
    }
}

#[test]
fn empty_fields_recorded_later() {
    same! {
        use tracing::field::{self, Empty};
        #[instrument(fields(later, dotted.later, a = Empty, b = field::Empty, c = tracing::field::Empty, untouched))]
        fn f(n: u32) {
            let span = tracing::Span::current();
            span.record("later", n);
            span.record("dotted.later", "x");
            span.record("b", true);
            span.record("c", 1.5);
        }
        f(3);
    }
}

#[test]
fn names() {
    same! {
        struct Thing {
            name: &'static str,
        }
        impl Thing {
            #[instrument(skip(self), fields(
                a.b.c = 1,
                s.len = s.len(),
                http.uri = s,
                keywords.impl.type.fn = s,
                type = 2,
                r#loop = 3,
                self.name = %self.name,
            ))]
            fn f(&self, s: &str) {}
        }
        Thing { name: "thing" }.f("slash");
    }
}

#[test]
fn constant_names() {
    same! {
        #[instrument(fields(
            {NAME} = "baz",
            {Keys::USER} = 7_u64,
            {key()} = x,
            {"literal"} = true,
            {"shown"} = %x,
            {"debugged"} = ?x,
            ?{"sigil.first"} = x,
            {"empty"},
        ))]
        fn f(x: u32) {
            tracing::Span::current().record("empty", 9_u64);
        }
        f(4);
    }
}

#[test]
fn empty_lists_and_trailing_commas() {
    same! {
        #[instrument(fields())]
        fn a(n: u32) {}
        #[instrument(fields(x = 1,))]
        fn b(n: u32) {}
        a(1);
        b(2);
    }
}

/// A field whose name is a parameter's (first and last segment, as written)
/// replaces it; other dotted names do not.
#[test]
fn a_field_hides_the_parameter_of_its_name() {
    same! {
        #[instrument(fields(s = "field"))]
        fn value(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(%s))]
        fn shorthand(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(?s = s.len()))]
        fn sigil_first(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(s.len = s.len()))]
        fn dotted(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(s.s = 1))]
        fn first_and_last(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(s.x.s = 1))]
        fn first_and_last_deeper(s: &str, n: u32) -> usize { s.len() }
        #[instrument(fields(r#type = 1))]
        fn raw(r#type: u32) -> u32 { r#type }
        [
            value("a", 1),
            shorthand("b", 2),
            sigil_first("c", 3),
            dotted("d", 4),
            first_and_last("e", 5),
            first_and_last_deeper("f", 6),
            raw(7) as usize,
        ]
    }
}

/// Two fields with one name are two fields: the parameter first. Names in
/// braces never hide a parameter, nor does `type` hide `r#type`.
/// `Span::record` by name records the first.
#[test]
fn duplicate_names() {
    same! {
        #[instrument(fields({S} = "const", other = 1))]
        fn constant(s: &str) {
            tracing::Span::current().record("s", "recorded");
        }
        #[instrument(fields({"s"} = 2))]
        fn literal(s: &str) {}
        #[instrument(fields(type = 1))]
        fn keyword(r#type: u32) {}
        #[instrument(fields(a = 1, a = 2))]
        fn twice() {
            tracing::Span::current().record("a", 3);
        }
        constant("param");
        literal("param");
        keyword(0);
        twice();
    }
}

/// A deliberate difference: `fields(param)`, a parameter's name alone,
/// records that parameter, where it is written (after the parameters).
/// `tracing` declares an empty field of that name in its place and the
/// parameter's value is lost, which nobody writes on purpose. A name that is
/// no parameter's declares an empty field in both.
#[test]
fn a_parameters_name_alone_records_it() {
    let pair = compat! {
        #[instrument(fields(s, later))]
        fn f(s: &str, n: u32) -> usize { s.len() }
        f("kept", 1)
    };
    let declared = ["n", "s", "later"];
    assert_eq!(pair.tracing.rec.span_named("f").declared, declared);
    assert_eq!(pair.ours.rec.span_named("f").declared, declared);
    assert_eq!(
        pair.tracing.fields("f"),
        ["n: U64 1"],
        "`tracing`: `s` is an empty field"
    );
    assert_eq!(
        pair.ours.fields("f"),
        ["n: U64 1", "s: Str kept"],
        "ours: `fields(s)` records the parameter `s`"
    );
    assert_eq!(pair.tracing.out, pair.ours.out);
}
