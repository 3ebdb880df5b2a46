//! Forms `tracing`'s attribute (0.1.31) accepts that are easy to miss: each
//! must compile with ours, warning-free. What they mean is compared with
//! `tracing` in the compatibility tests.

#![deny(warnings)]

use instrument_runtime::{field, instrument};

const NAME: &str = "const.name";
const TARGET: &str = "const_target";

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

fn main() {
    positional_name();
    constant_name_and_target();
    level_with_suffix();
    level_in_hex();
    let _ = stray_commas(1);
    let _ = sigils_before_the_name(1, &Data { n: 2 }, "c");
    constant_field_names();
    sigil_before_a_constant_name();
    keyword_segments();
    let _ = helpers_in_scope(&Data { n: 1 }, "x");
    let _ = level_before_format(1);
}
