//! The static maximum level (`max_level_*` and `release_max_level_*`
//! features): the fixture crate `tests/fixtures/max_level` turns on
//! `max_level_info` and `release_max_level_debug` and runs once with
//! `debug_assertions` (INFO applies) and once without, in its `nodebug`
//! profile (DEBUG applies). A feature of one build cannot be tested in the
//! workspace's own, whose features are unified. The fixture prints, per case, whether an
//! `async fn`'s future is the instrumented wrapper or the plain function's,
//! and what a subscriber that wants every level received (see its
//! `main.rs`).

use super::fixture::{succeed, Fixture};

/// INFO: the `async fn`s at DEBUG and TRACE are the plain functions, one
/// whose level is a constant the macro cannot read is instrumented and its
/// span disabled at run time; a span compiled out does not take its events
/// along.
const WITH_DEBUG_ASSERTIONS: &str = "\
debug_assertions: true
at_error: instrumented [span at_error]
at_warn: instrumented [span at_warn]
at_info: instrumented [span at_info]
at_debug: plain
at_trace: plain
at_debug_path: plain
at_debug_constant: instrumented
trace_span_error_ret: [event ERROR return=7]
trace_span_trace_ret:
debug_span_err: [event ERROR error=failed]
info_span!: [span info_span]
debug_span!:
trace_span!:
";

/// DEBUG: the `release_` feature applies.
const WITHOUT_DEBUG_ASSERTIONS: &str = "\
debug_assertions: false
at_error: instrumented [span at_error]
at_warn: instrumented [span at_warn]
at_info: instrumented [span at_info]
at_debug: instrumented [span at_debug]
at_trace: plain
at_debug_path: instrumented [span at_debug_path]
at_debug_constant: instrumented [span at_debug_constant]
trace_span_error_ret: [event ERROR return=7]
trace_span_trace_ret:
debug_span_err: [span debug_span_err] [event ERROR error=failed]
info_span!: [span info_span]
debug_span!: [span debug_span]
trace_span!:
";

#[test]
fn static_max_level_features_compile_spans_and_events_out() {
    let fixture = Fixture::new("max_level");
    for (profile, expected) in [
        ("dev", WITH_DEBUG_ASSERTIONS),
        ("nodebug", WITHOUT_DEBUG_ASSERTIONS),
    ] {
        let output = succeed(&mut fixture.cargo(&["run", "--quiet", "--profile", profile]));
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "profile {profile}"
        );
    }
}
