//! The compile-time off switch. With the runtime's `max_level_*` features
//! (and `release_max_level_*` in a build without `debug_assertions`), a span
//! whose level is compiled out never opens; when its events are compiled out
//! too, `#[instrument]` leaves the plain function: the same code, the same
//! future, no wrapper and no statics.
//!
//! The runtime forwards its features to this crate's features of the same
//! names. Whether `debug_assertions` is on is the user's build's, so the
//! `release_` variants emit both functions under `#[cfg(..)]`.

use proc_macro2::TokenStream;
use quote::quote;

/// Where the instrumented function is compiled at all.
pub(crate) enum Compiled {
    Always,
    Never,
    /// With `debug_assertions` only (a `release_max_level_*` feature turns
    /// it off).
    InDebug,
    /// Without `debug_assertions` only.
    InRelease,
}

impl Compiled {
    /// The `cfg` predicate under which the instrumented function is
    /// compiled, when it is not always or never.
    pub(crate) fn condition(&self) -> Option<TokenStream> {
        match self {
            Compiled::Always | Compiled::Never => None,
            Compiled::InDebug => Some(quote!(debug_assertions)),
            Compiled::InRelease => Some(quote!(not(debug_assertions))),
        }
    }
}

/// Where a span or events of these levels are compiled in: `None` is a
/// level the macro cannot read (a path to a constant), which only `off`
/// turns off.
pub(crate) fn compiled(levels: &[Option<String>]) -> Compiled {
    let on = |max: Option<u8>| levels.iter().any(|level| enabled(level.as_deref(), max));
    match (on(max(false)), on(max(true))) {
        (true, true) => Compiled::Always,
        (false, false) => Compiled::Never,
        (true, false) => Compiled::InDebug,
        (false, true) => Compiled::InRelease,
    }
}

/// Whether `level` is at or under `max`, the most verbose level compiled
/// in (`None` when everything is off).
fn enabled(level: Option<&str>, max: Option<u8>) -> bool {
    match (level, max) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(level), Some(max)) => verbosity(level) <= max,
    }
}

/// ERROR is 0, TRACE is 4.
fn verbosity(level: &str) -> u8 {
    match level {
        "ERROR" => 0,
        "WARN" => 1,
        "INFO" => 2,
        "DEBUG" => 3,
        _ => 4,
    }
}

/// The static maximum level of a build, by the features the runtime set:
/// as the runtime's `STATIC_MAX_LEVEL`, the `release_` variants first in a
/// release build.
fn max(release: bool) -> Option<u8> {
    let release_max = [
        (cfg!(feature = "release_max_level_off"), None),
        (cfg!(feature = "release_max_level_error"), Some(0)),
        (cfg!(feature = "release_max_level_warn"), Some(1)),
        (cfg!(feature = "release_max_level_info"), Some(2)),
        (cfg!(feature = "release_max_level_debug"), Some(3)),
        (cfg!(feature = "release_max_level_trace"), Some(4)),
    ];
    let max = [
        (cfg!(feature = "max_level_off"), None),
        (cfg!(feature = "max_level_error"), Some(0)),
        (cfg!(feature = "max_level_warn"), Some(1)),
        (cfg!(feature = "max_level_info"), Some(2)),
        (cfg!(feature = "max_level_debug"), Some(3)),
        (cfg!(feature = "max_level_trace"), Some(4)),
    ];
    let pick =
        |features: &[(bool, Option<u8>)]| features.iter().find(|(on, _)| *on).map(|(_, max)| *max);
    let release_max = if release { pick(&release_max) } else { None };
    release_max.or_else(|| pick(&max)).unwrap_or(Some(4))
}
