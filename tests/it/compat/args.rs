//! The attribute's arguments: `name`, `target`, `level`, `parent`,
//! `follows_from`, `skip`, `skip_all`, `err` and `ret` in every form
//! `tracing` accepts and ours accepts too.

use super::{block_on, compat, outcome, same, Failed};

const NAME: &str = "const.name";
const TARGET: &str = "const_target";

#[test]
fn name_default_and_given() {
    same! {
        #[instrument]
        fn f(a: u32) -> u32 { a }
        f(1)
    }
    same! {
        #[instrument()]
        fn f() {}
        f();
    }
    same! {
        #[instrument(name = "given")]
        fn f() {}
        f();
    }
    // A string literal on its own is the name.
    same! {
        #[instrument("positional")]
        fn f() {}
        f();
    }
    same! {
        #[instrument(name = NAME)]
        fn f() {}
        f();
    }
    same! {
        #[instrument(name = r"raw.name")]
        fn f() {}
        f();
    }
}

/// A deliberate difference: `tracing` names the span of `fn r#match` with
/// the identifier as written, `r#match`; ours names it `match`, as the
/// function is called and as both name a field `r#match`.
#[test]
fn name_of_a_raw_identifier() {
    let pair = compat! {
        #[instrument(fields(r#loop = 1))]
        fn r#match() {}
        r#match();
    };
    let tracing = pair.tracing.rec.spans();
    let ours = pair.ours.rec.spans();
    assert_eq!(
        tracing[0].name, "r#match",
        "`tracing` keeps `r#` in the span name"
    );
    assert_eq!(
        tracing[0].declared,
        ["loop"],
        "`tracing` drops `r#` in field names"
    );
    assert_eq!(
        (ours[0].name, &ours[0].declared[..]),
        ("match", &["loop"][..]),
        "ours drops `r#` in span names as in field names"
    );
}

#[test]
fn stray_commas() {
    same! {
        #[instrument(,,skip_all,,)]
        fn f(a: u32) -> u32 { a }
        f(1)
    }
}

#[test]
fn target() {
    same! {
        #[instrument(target = "given")]
        fn f() {}
        f();
    }
    same! {
        #[instrument(target = TARGET)]
        fn f() {}
        f();
    }
}

#[test]
fn level_as_a_string_in_any_case() {
    same! {
        #[instrument(level = "trace")]
        fn a() {}
        #[instrument(level = "Debug")]
        fn b() {}
        #[instrument(level = "INFO")]
        fn c() {}
        #[instrument(level = "WARn")]
        fn d() {}
        #[instrument(level = "eRrOr")]
        fn e() {}
        a();
        b();
        c();
        d();
        e();
    }
}

#[test]
fn level_as_an_integer() {
    same! {
        #[instrument(level = 1)]
        fn a() {}
        #[instrument(level = 2)]
        fn b() {}
        #[instrument(level = 3)]
        fn c() {}
        #[instrument(level = 4)]
        fn d() {}
        #[instrument(level = 5)]
        fn e() {}
        #[instrument(level = 3u8)]
        fn suffixed() {}
        #[instrument(level = 0x4)]
        fn hex() {}
        a();
        b();
        c();
        d();
        e();
        suffixed();
        hex();
    }
}

#[test]
fn level_as_a_path() {
    same! {
        use tracing::Level;
        const L: Level = Level::DEBUG;
        #[instrument(level = Level::WARN)]
        fn a() {}
        #[instrument(level = tracing::Level::TRACE)]
        fn b() {}
        #[instrument(level = L)]
        fn c() {}
        a();
        b();
        c();
    }
}

#[test]
fn parent() {
    // `None` makes a root; a span, a parameter (skipped), or a field of
    // `self` gives the parent.
    same! {
        #[instrument(parent = None)]
        fn root() {}
        #[instrument(parent = &tracing::info_span!("explicit"))]
        fn borrowed() {}
        #[instrument(parent = p, skip(p))]
        fn param(p: tracing::Span, a: u32) -> u32 { a }
        struct Holder {
            span: tracing::Span,
        }
        impl Holder {
            #[instrument(parent = &self.span, skip(self))]
            fn method(&self) {}
        }
        let caller = tracing::info_span!("caller");
        let _entered = caller.enter();
        root();
        borrowed();
        let given = tracing::info_span!("given");
        let out = param(given.clone(), 2);
        Holder { span: tracing::info_span!("held") }.method();
        out
    }
    // `parent` before `target`: `tracing` rejects the other order.
    same! {
        #[instrument(parent = None, target = "t")]
        fn f() {}
        let caller = tracing::info_span!("caller");
        caller.in_scope(f);
    }
    // On an `async fn`, which evaluates it at the first poll.
    same! {
        async_spans = 1;
        #[instrument(parent = p, skip(p))]
        async fn f(p: tracing::Span) {
            tokio::task::yield_now().await;
            tracing::info!("in f");
        }
        let caller = tracing::info_span!("caller");
        let given = tracing::info_span!("given");
        caller.in_scope(|| block_on(f(given.clone())));
    }
}

#[test]
fn follows_from() {
    same! {
        #[instrument(follows_from = causes, skip(causes))]
        fn f(causes: &[tracing::Span], a: u32) -> u32 { a }
        let causes = [tracing::info_span!("cause_a"), tracing::info_span!("cause_b")];
        f(&causes, 1)
    }
    // Evaluated after the span is created, before it is entered.
    same! {
        #[instrument(follows_from = [&tracing::Span::current()])]
        fn f() {}
        tracing::info_span!("current").in_scope(f);
    }
    // At the first poll of an `async fn`, consuming a parameter the body
    // does not use.
    same! {
        async_spans = 1;
        #[instrument(follows_from = causes, skip(causes))]
        async fn f(causes: impl IntoIterator<Item = impl Into<Option<tracing::Id>>>, n: u64) -> u64 {
            tokio::task::yield_now().await;
            n + 1
        }
        let cause = tracing::info_span!("cause");
        block_on(f([cause.id()], 1))
    }
    same! {
        async_spans = 1;
        #[instrument(follows_from = [&tracing::Span::current()])]
        async fn f() {}
        let polled = tracing::info_span!("polled");
        let fut = f();
        polled.in_scope(|| block_on(fut));
    }
}

#[test]
fn skip() {
    #[derive(Debug)]
    struct Point {
        x: u32,
        y: u32,
    }
    same! {
        #[instrument(skip(a))]
        fn one(a: u32, b: u32) -> u32 { a + b }
        #[instrument(skip(a, b,))]
        fn two(a: u32, b: u32, c: &str) -> u32 { a + b + u32::from(c.is_empty()) }
        #[instrument(skip(_x))]
        fn underscore(_x: u32, y: u32) -> u32 { y }
        #[instrument(skip(r#type))]
        fn raw(r#type: u32, y: u32) -> u32 { r#type + y }
        // A binding inside a destructured parameter.
        #[instrument(skip(a))]
        fn destructured(Point { x: a, y: b }: Point) -> u32 { a + b }
        struct S(u32);
        impl S {
            #[instrument(skip(self))]
            fn method(&self, a: u32) -> u32 { self.0 + a }
        }
        one(1, 2) + two(3, 4, "") + underscore(5, 6) + raw(7, 8)
            + destructured(Point { x: 9, y: 10 }) + S(11).method(12)
    }
    same! {
        #[instrument(skip_all)]
        fn f(a: u32, b: &str) -> usize { b.len() + a as usize }
        f(1, "b")
    }
    same! {
        #[instrument(skip_all, fields(n = a + 1))]
        fn f(a: u32, b: &str) -> usize { b.len() + a as usize }
        f(1, "b")
    }
}

#[test]
fn err() {
    same! {
        #[instrument(err)]
        fn plain(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err())]
        fn empty(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(Display))]
        fn display(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(Debug))]
        fn debug(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(level = "info"))]
        fn level_str(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(level = 2))]
        fn level_int(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(level = tracing::Level::WARN))]
        fn level_path(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(Debug, level = "info"))]
        fn debug_level(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(err(level = "info", Debug))]
        fn level_debug(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        // The span's level does not change `err`'s (ERROR).
        #[instrument(level = "warn", err)]
        fn span_level(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        // The target is the event's too.
        #[instrument(target = "errors", err)]
        fn target(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        let fns = [
            plain, empty, display, debug, level_str, level_int, level_path, debug_level,
            level_debug, span_level, target,
        ];
        fns.map(|f| (f(true), f(false)))
    }
}

#[test]
fn ret() {
    same! {
        #[instrument(ret)]
        fn plain(n: u32) -> u32 { n }
        #[instrument(ret())]
        fn empty(n: u32) -> u32 { n }
        #[instrument(ret(Debug))]
        fn debug(n: u32) -> u32 { n }
        #[instrument(ret(Display))]
        fn display(n: u32) -> u32 { n }
        #[instrument(ret(level = "warn"))]
        fn level(n: u32) -> u32 { n }
        #[instrument(ret(level = "warn", Debug))]
        fn level_debug(n: u32) -> u32 { n }
        #[instrument(ret(Display, level = 4))]
        fn display_level(n: u32) -> u32 { n }
        // `ret` is at the span's level, a path included.
        #[instrument(level = "warn", ret)]
        fn span_level(n: u32) -> u32 { n }
        #[instrument(level = tracing::Level::DEBUG, ret)]
        fn span_level_path(n: u32) -> u32 { n }
        #[instrument(target = "returns", ret)]
        fn target(n: u32) -> u32 { n }
        let fns = [
            plain, empty, debug, display, level, level_debug, display_level, span_level,
            span_level_path, target,
        ];
        fns.map(|f| f(3))
    }
}

#[test]
fn ret_and_err_together() {
    same! {
        #[instrument(ret, err)]
        fn both(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(ret(Display), err(Debug, level = "warn"), level = "debug")]
        fn both_with_options(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        // `ret` alone records the whole `Result`, `Err` included.
        #[instrument(ret)]
        fn ret_only(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        [both, both_with_options, ret_only].map(|f| (f(true), f(false)))
    }
}

/// The span's level is off, its `err` event's is on: the event is emitted,
/// in the caller's span.
#[test]
fn err_when_the_span_is_disabled() {
    same! {
        max_level = instrument_tests::LevelFilter::INFO;
        #[instrument(level = "trace", err, ret)]
        fn f(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        tracing::info_span!("caller").in_scope(|| (f(true), f(false)))
    }
    same! {
        max_level = instrument_tests::LevelFilter::INFO;
        #[instrument(level = "trace", err, ret)]
        async fn f(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        tracing::info_span!("caller").in_scope(|| (block_on(f(true)), block_on(f(false))))
    }
}
