//! Forms `tracing`'s attribute (0.1.31) accepts that are easy to miss, and
//! every form of `fields(..)`: each must compile with ours, warning-free.
//! What they mean is compared with `tracing` in `tests/it/compat`.

#![deny(warnings)]

use instrument_runtime::field::{self, Empty};
use instrument_runtime::{instrument, Span};

const NAME: &str = "const.name";
const TARGET: &str = "const_target";
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

#[instrument("positional name")]
fn positional_name() {}

#[instrument(name = NAME, target = TARGET)]
fn constant_name_and_target() {}

#[instrument(level = 3u8)]
fn level_with_suffix() {}

#[instrument(level = 0x2)]
fn level_in_hex() {}

#[instrument(, skip_all,,)]
fn stray_commas(a: u32) -> u32 {
    a
}

#[instrument(fields(?a = n, %b = ?n, ?data.n, %c))]
fn sigils_before_the_name(n: u32, data: &Data, c: &str) -> u32 {
    n + data.n + u32::try_from(c.len()).unwrap_or(0)
}

#[instrument(fields({NAME} = "x", {Keys::USER} = 7_u64, {key()} = 1, {"a.literal"} = true, {NAME}))]
fn constant_field_names() {}

#[instrument(fields(?{NAME} = 5_u8))]
fn sigil_before_a_constant_name() {}

#[instrument(fields(keywords.impl.type.fn = 1, r#type = 2, self.name = 3))]
fn keyword_segments() {}

#[instrument(fields(d = debug(&data), s = display(name), e = field::Empty))]
fn helpers_in_scope(data: &Data, name: &str) -> u32 {
    data.n + u32::try_from(name.len()).unwrap_or(0)
}

#[instrument(err(Debug), ret(level = "debug", Display))]
fn level_before_format(n: u32) -> Result<u32, String> {
    Ok(n)
}

#[instrument(fields(int = 1, byte = 1u8, float = 1.5, text = "t", flag = true, len = s.len()))]
fn values(s: &str) {}

#[instrument(skip_all, fields(a = some, b = none))]
fn options(some: Option<u32>, none: Option<u32>) {}

#[instrument(skip_all, fields(a = %x, b = ?x, ?c = x, %d = ?x, %x, ?data, %data.name, ?data.n))]
fn sigils(x: &str, data: &Data) {}

#[instrument(skip_all, fields(a = debug(&data.n), b = display(data.name)))]
fn helpers_without_imports(data: &Data) {}

/// `debug` and `display` are brought into scope only where a value calls
/// them unqualified (no unused import); after another token (`&display`)
/// the call is still unqualified.
#[instrument(skip_all, fields(a = field::debug(&data.n), b = &display(data.name)))]
fn helpers_qualified_or_borrowed(data: &Data) {}

/// After a closure's `|` (or any other token but a path's `::` or a
/// method's `.`), the call is unqualified.
#[instrument(skip_all, fields(peer = peer.map(|p| display(p))))]
fn helpers_in_a_closure(peer: Option<&str>) {}

#[instrument(fields(later, dotted.later, a = Empty, b = field::Empty, c = instrument_runtime::field::Empty))]
fn empty_fields(n: u32) {
    Span::current().record("later", n);
}

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
    fn names(&self, s: &str) {}
}

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
fn constant_names(x: u32) {}

#[instrument(fields())]
fn empty_list(n: u32) {}

#[instrument(fields(x = 1,))]
fn trailing_comma(n: u32) {}

#[instrument(fields(s = "field"))]
fn hides_by_value(s: &str, n: u32) -> usize {
    s.len()
}

#[instrument(fields(%s))]
fn hides_by_shorthand(s: &str, n: u32) {}

#[instrument(fields(?s = s.len()))]
fn hides_with_sigil_first(s: &str, n: u32) {}

#[instrument(fields(s.len = s.len()))]
fn dotted_does_not_hide(s: &str, n: u32) {}

#[instrument(fields(s.x.s = 1))]
fn first_and_last_hide(s: &str, n: u32) -> usize {
    s.len()
}

#[instrument(fields({S} = "const"))]
fn constant_name_of_a_parameter(s: &str) {}

#[instrument(fields(type = 1))]
fn keyword_and_raw_parameter(r#type: u32) {}

#[instrument(fields(a = 1, a = 2))]
fn same_name_twice() {}

#[instrument(fields(s))]
fn parameter_name_alone(s: &str, n: u32) {}

fn main() {
    positional_name();
    constant_name_and_target();
    level_with_suffix();
    level_in_hex();
    let _ = stray_commas(1);
    let _ = sigils_before_the_name(1, &Data { n: 2, name: "d" }, "c");
    constant_field_names();
    sigil_before_a_constant_name();
    keyword_segments();
    let _ = helpers_in_scope(&Data { n: 1, name: "d" }, "x");
    let _ = level_before_format(1);
    let data = Data { n: 1, name: "d" };
    values("v");
    options(Some(1), None);
    sigils("x", &data);
    helpers_without_imports(&data);
    helpers_qualified_or_borrowed(&data);
    helpers_in_a_closure(Some("peer"));
    empty_fields(1);
    Thing { name: "t" }.names("s");
    constant_names(1);
    empty_list(1);
    trailing_comma(1);
    let _ = hides_by_value("s", 1);
    hides_by_shorthand("s", 1);
    hides_with_sigil_first("s", 1);
    dotted_does_not_hide("s", 1);
    let _ = first_and_last_hide("s", 1);
    constant_name_of_a_parameter("s");
    keyword_and_raw_parameter(1);
    same_name_twice();
    parameter_name_alone("s", 1);
}
