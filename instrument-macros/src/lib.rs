//! The procedural macros of `instrument-runtime`.
//!
//! Depend on `instrument-runtime`, which re-exports them; the generated code
//! refers to it by path. This crate only converts tokens and hands off: the
//! pipeline is described in each module.

mod callsite;
mod fields;
mod span_macro;

use proc_macro::TokenStream;

/// The engine of `span!` and its level shorthands. Called by the
/// `macro_rules!` wrappers in `instrument-runtime`, which pass `$crate`.
#[doc(hidden)]
#[proc_macro]
pub fn span(input: TokenStream) -> TokenStream {
    span_macro::expand(input.into()).into()
}

/// Instruments a function with a span. See `instrument_runtime`.
#[proc_macro_attribute]
pub fn instrument(args: TokenStream, item: TokenStream) -> TokenStream {
    let _ = args;
    item
}
