//! Whether a span or event is enabled: the static maximum level, the global
//! one, and the callsite's cached interest.

use tracing_core::callsite::{DefaultCallsite, Identifier};
use tracing_core::{Level, LevelFilter, Metadata};

/// The most verbose level compiled in, set by the `max_level_*` and
/// `release_max_level_*` features. Spans above it are compiled out.
pub(crate) const STATIC_MAX_LEVEL: LevelFilter = static_max_level();

const fn static_max_level() -> LevelFilter {
    macro_rules! pick {
        ($($feature:literal => $level:ident,)*) => {
            $(if cfg!(feature = $feature) { return LevelFilter::$level; })*
        };
    }
    if !cfg!(debug_assertions) {
        pick! {
            "release_max_level_off" => OFF,
            "release_max_level_error" => ERROR,
            "release_max_level_warn" => WARN,
            "release_max_level_info" => INFO,
            "release_max_level_debug" => DEBUG,
            "release_max_level_trace" => TRACE,
        }
    }
    pick! {
        "max_level_off" => OFF,
        "max_level_error" => ERROR,
        "max_level_warn" => WARN,
        "max_level_info" => INFO,
        "max_level_debug" => DEBUG,
    }
    LevelFilter::TRACE
}

/// The cheap check: is `level` enabled statically and by the global maximum
/// level of every subscriber? A constant compare and one relaxed load.
#[allow(
    clippy::inline_always,
    reason = "the disabled path must be a compare and a load, even unoptimized"
)]
#[inline(always)]
pub fn level_enabled(level: Level) -> bool {
    level <= STATIC_MAX_LEVEL && level <= LevelFilter::current()
}

/// The full check, once [`level_enabled`] passed: the callsite's cached
/// interest, then (only for `sometimes`) the current subscriber's verdict.
#[inline]
pub fn callsite_enabled(
    callsite: &'static DefaultCallsite,
    meta: &'static Metadata<'static>,
) -> bool {
    let interest = callsite.interest();
    if interest.is_never() {
        false
    } else if interest.is_always() {
        true
    } else {
        tracing_core::dispatcher::get_default(|current| current.enabled(meta))
    }
}

/// The identifier of a callsite, for its metadata. A function rather than
/// `Identifier(&CALLSITE)` in the generated static: the coercion to
/// `&dyn Callsite` is then checked here, once, and an editor that cannot
/// check it (rust-analyzer reports a false E0308 on it) does not mark every
/// instrumented function.
#[inline]
pub const fn identify(callsite: &'static DefaultCallsite) -> Identifier {
    Identifier(callsite)
}
