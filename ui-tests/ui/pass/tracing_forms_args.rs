//! Every argument form of `tracing`'s attribute (0.1.31) that ours accepts
//! too, as a migrated crate writes it: it must compile warning-free. What
//! each means is compared with `tracing` in `tests/it/compat/args.rs`.

#![deny(warnings)]

use std::fmt;

use instrument_runtime::{info_span, instrument, Id, Level, Span};

const NAME: &str = "const.name";
const TARGET: &str = "const_target";
const L: Level = Level::DEBUG;

#[derive(Debug)]
struct Failed;

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed")
    }
}

#[instrument]
fn bare(a: u32) -> u32 {
    a
}

#[instrument()]
fn empty_parentheses() {}

#[instrument(name = "given")]
fn name() {}

#[instrument("positional")]
fn positional_name() {}

#[instrument(name = NAME, target = TARGET)]
fn constant_name_and_target() {}

#[instrument(name = r"raw.name")]
fn raw_string_name() {}

#[instrument]
fn r#match() {}

#[instrument(,,skip_all,,)]
fn stray_commas(a: u32) -> u32 {
    a
}

#[instrument(target = "given")]
fn target() {}

#[instrument(level = "trace")]
fn level_trace() {}

#[instrument(level = "Debug")]
fn level_debug() {}

#[instrument(level = "INFO")]
fn level_info() {}

#[instrument(level = "WARn")]
fn level_warn() {}

#[instrument(level = "eRrOr")]
fn level_error() {}

#[instrument(level = 1)]
fn level_1() {}

#[instrument(level = 5)]
fn level_5() {}

#[instrument(level = 3u8)]
fn level_suffixed() {}

#[instrument(level = 0x4)]
fn level_hex() {}

#[instrument(level = instrument_runtime::Level::TRACE)]
fn level_full_path() {}

#[instrument(level = L)]
fn level_constant() {}

#[instrument(parent = None)]
fn parent_none() {}

#[instrument(parent = &info_span!("explicit"))]
fn parent_borrowed() {}

#[instrument(parent = p, skip(p))]
fn parent_param(p: Span, a: u32) -> u32 {
    a
}

#[instrument(parent = p, skip(p))]
async fn parent_param_async(p: Span) {}

struct Holder {
    span: Span,
}

impl Holder {
    #[instrument(parent = &self.span, skip(self))]
    fn parent_of_self(&self) {}
}

#[instrument(parent = None, target = "t")]
fn parent_then_target() {}

// `tracing` 0.1.31 rejects `target` before `parent`; ours takes either order.
#[instrument(target = "t", parent = None)]
fn target_then_parent() {}

#[instrument(follows_from = causes, skip(causes))]
fn follows_from_param(causes: &[Span], a: u32) -> u32 {
    a
}

#[instrument(follows_from = [&Span::current()])]
fn follows_from_current() {}

#[instrument(follows_from = causes, skip(causes))]
async fn follows_from_consumed(causes: impl IntoIterator<Item = impl Into<Option<Id>>>, n: u64) -> u64 {
    n + 1
}

#[derive(Debug)]
struct Point {
    x: u32,
    y: u32,
}

#[instrument(skip(a))]
fn skip_one(a: u32, b: u32) -> u32 {
    a + b
}

#[instrument(skip(a, b,))]
fn skip_trailing_comma(a: u32, b: u32, c: &str) -> usize {
    a as usize + b as usize + c.len()
}

#[instrument(skip(_x))]
fn skip_underscore(_x: u32, y: u32) -> u32 {
    y
}

#[instrument(skip(r#type))]
fn skip_raw(r#type: u32, y: u32) -> u32 {
    r#type + y
}

#[instrument(skip(a))]
fn skip_binding(Point { x: a, y: b }: Point) -> u32 {
    a + b
}

struct S(u32);

impl S {
    #[instrument(skip(self))]
    fn skip_self(&self, a: u32) -> u32 {
        self.0 + a
    }
}

#[instrument(skip_all, fields(n = a + 1))]
fn skip_all_with_fields(a: u32, b: &str) -> usize {
    b.len() + a as usize
}

fn outcome(fail: bool) -> Result<u32, Failed> {
    if fail {
        Err(Failed)
    } else {
        Ok(1)
    }
}

#[instrument(err)]
fn err(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err())]
fn err_empty(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(Display))]
fn err_display(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(Debug))]
fn err_debug(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(level = "info"))]
fn err_level_string(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(level = 2))]
fn err_level_integer(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(level = Level::WARN))]
fn err_level_path(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(Debug, level = "info"))]
fn err_debug_level(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(err(level = "info", Debug))]
fn err_level_debug(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(level = "warn", target = "errors", err)]
fn err_with_level_and_target(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(ret)]
fn ret(n: u32) -> u32 {
    n
}

#[instrument(ret())]
fn ret_empty(n: u32) -> u32 {
    n
}

#[instrument(ret(Debug))]
fn ret_debug(n: u32) -> u32 {
    n
}

#[instrument(ret(Display))]
fn ret_display(n: u32) -> u32 {
    n
}

#[instrument(ret(level = "warn"))]
fn ret_level(n: u32) -> u32 {
    n
}

#[instrument(ret(level = "warn", Debug))]
fn ret_level_debug(n: u32) -> u32 {
    n
}

#[instrument(ret(Display, level = 4))]
fn ret_display_level(n: u32) -> u32 {
    n
}

#[instrument(level = Level::DEBUG, target = "returns", ret)]
fn ret_with_level_and_target(n: u32) -> u32 {
    n
}

#[instrument(ret, err)]
fn ret_and_err(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(ret(Display), err(Debug, level = "warn"), level = "debug")]
fn ret_and_err_with_options(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

#[instrument(level = "trace", err, ret)]
async fn ret_and_err_async(fail: bool) -> Result<u32, Failed> {
    outcome(fail)
}

fn main() {
    let _ = bare(1);
    empty_parentheses();
    name();
    positional_name();
    constant_name_and_target();
    raw_string_name();
    r#match();
    let _ = stray_commas(1);
    target();
    level_trace();
    level_debug();
    level_info();
    level_warn();
    level_error();
    level_1();
    level_5();
    level_suffixed();
    level_hex();
    level_full_path();
    level_constant();
    parent_none();
    parent_borrowed();
    let _ = parent_param(Span::none(), 1);
    drop(parent_param_async(Span::none()));
    Holder { span: Span::none() }.parent_of_self();
    parent_then_target();
    target_then_parent();
    let _ = follows_from_param(&[Span::none()], 1);
    follows_from_current();
    drop(follows_from_consumed([Span::current().id()], 1));
    let _ = skip_one(1, 2);
    let _ = skip_trailing_comma(1, 2, "c");
    let _ = skip_underscore(1, 2);
    let _ = skip_raw(1, 2);
    let _ = skip_binding(Point { x: 1, y: 2 });
    let _ = S(1).skip_self(2);
    let _ = skip_all_with_fields(1, "b");
    let fns = [
        err,
        err_empty,
        err_display,
        err_debug,
        err_level_string,
        err_level_integer,
        err_level_path,
        err_debug_level,
        err_level_debug,
        err_with_level_and_target,
        ret_and_err,
        ret_and_err_with_options,
    ];
    for f in fns {
        let _ = f(true);
    }
    let rets = [
        ret,
        ret_empty,
        ret_debug,
        ret_display,
        ret_level,
        ret_level_debug,
        ret_display_level,
        ret_with_level_and_target,
    ];
    for f in rets {
        let _ = f(1);
    }
    drop(ret_and_err_async(true));
}
