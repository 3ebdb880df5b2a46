//! `level`: strings in any case, integers 1-5, `Level::X` under any path, a
//! `const`; `INFO` by default.

use instrument_runtime::{instrument, Level};
use instrument_tests::{record, record_async};

const CONST_LEVEL: Level = Level::WARN;

macro_rules! level_fns {
    ($($name:ident => [$($level:tt)+])*) => {
        $(
            #[instrument(level = $($level)+)]
            fn $name() {}
        )*
        /// Calls every function, in order.
        fn call_level_fns() {
            $($name();)*
        }
    };
}

level_fns! {
    str_trace => ["trace"]
    str_debug => ["Debug"]
    str_info => ["INFO"]
    str_warn => ["wArN"]
    str_error => ["error"]
    int_1 => [1]
    int_2 => [2]
    int_3 => [3]
    int_4 => [4]
    int_5 => [5]
    path_trace => [Level::TRACE]
    path_debug => [Level::DEBUG]
    path_info => [instrument_runtime::Level::INFO]
    path_warn => [tracing::Level::WARN]
    path_error => [Level::ERROR]
    path_const => [CONST_LEVEL]
}

#[instrument]
fn default_level() {}

#[instrument(level = "debug")]
async fn async_debug_level() {}

#[test]
fn every_level_spelling() {
    let ((), rec) = record(|| {
        call_level_fns();
        default_level();
    });
    let expected = [
        ("str_trace", Level::TRACE),
        ("str_debug", Level::DEBUG),
        ("str_info", Level::INFO),
        ("str_warn", Level::WARN),
        ("str_error", Level::ERROR),
        ("int_1", Level::TRACE),
        ("int_2", Level::DEBUG),
        ("int_3", Level::INFO),
        ("int_4", Level::WARN),
        ("int_5", Level::ERROR),
        ("path_trace", Level::TRACE),
        ("path_debug", Level::DEBUG),
        ("path_info", Level::INFO),
        ("path_warn", Level::WARN),
        ("path_error", Level::ERROR),
        ("path_const", Level::WARN),
        ("default_level", Level::INFO),
    ];
    let spans = rec.spans();
    assert_eq!(spans.len(), expected.len(), "{rec:?}");
    for ((name, level), span) in expected.iter().zip(&spans) {
        assert_eq!((span.name, span.level), (*name, *level));
    }

    let ((), rec) = record_async(async_debug_level);
    assert_eq!(rec.span_named("async_debug_level").level, Level::DEBUG);
}
