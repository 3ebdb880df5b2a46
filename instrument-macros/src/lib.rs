//! The procedural macros of `instrument-runtime`.
//!
//! Depend on `instrument-runtime`, which re-exports them; the generated code
//! refers to it by path (`#[instrument(crate = path)]` changes the path).
//!
//! The crate flows one way: the entry points below convert tokens and hand
//! off (`block` turns an `impl` block or trait into per-method attributes);
//! `args` and `item` parse, `model` resolves what the function's span
//! and events are, `valid` checks it, and `expand` turns it into tokens,
//! with `events` (the `ret`/`err` events and `outcome`) and `signature`
//! (an `async fn`'s rewritten signature and parameters). `fields` holds the
//! field grammar and `open` the span-opening code, both shared with `span!`;
//! `types` the heuristics every stage reads types by.

mod args;
mod block;
mod callsite;
mod errors;
mod events;
mod expand;
mod fields;
mod host;
mod item;
mod lints;
mod locals;
mod model;
mod off;
mod open;
mod returns;
mod signature;
mod span_macro;
#[cfg(test)]
mod tests;
mod types;
mod valid;

use proc_macro::TokenStream;

/// The engine of `span!` and its level shorthands. Called by the
/// `macro_rules!` wrappers in `instrument-runtime`, which pass `$crate`.
#[doc(hidden)]
#[proc_macro]
pub fn span(input: TokenStream) -> TokenStream {
    span_macro::expand(input.into()).into()
}

/// Instruments a function with a span: see the `instrument_runtime` crate
/// documentation for the arguments and for when the span opens.
#[proc_macro_attribute]
pub fn instrument(args: TokenStream, item: TokenStream) -> TokenStream {
    instrument_for(host::current(), args.into(), item.into()).into()
}

/// Marks a method that `#[instrument]` on its `impl` block or trait leaves
/// as it is. Anywhere else it does nothing.
#[proc_macro_attribute]
pub fn no_instrument(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    if args.is_empty() {
        return item;
    }
    let error = syn::Error::new_spanned(args, "`no_instrument` takes no arguments");
    let mut output = proc_macro2::TokenStream::from(item);
    output.extend(error.to_compile_error());
    output.into()
}

/// The whole expansion for the compiler, at the `proc_macro2` level, so it
/// can be tested.
#[cfg(test)]
fn instrument_impl(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    instrument_for(host::Host::Compiler, args, item)
}

/// The whole expansion, for `host`.
fn instrument_for(
    host: host::Host,
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let mut errors = errors::Errors::default();
    let item_fn = match syn::parse2::<item::ItemFn>(item.clone()) {
        Ok(item_fn) => item_fn,
        Err(error) => {
            if let Some(block) = block::Block::parse(&item) {
                let output = block::expand(args, block, &mut errors);
                let errors = errors.into_compile_errors();
                return quote::quote!(#output #errors);
            }
            if item::is_block(&item) {
                // An `impl` block or trait that does not parse: rustc reports
                // the user's own syntax error when it reads it back.
                return item;
            }
            // Not a function we can instrument: keep the item, report once.
            let _ = args::Args::parse(args, &mut errors);
            errors.push(error);
            let errors = errors.into_compile_errors();
            if item::is_closure(&item) {
                // In expression position, the error and the closure must
                // form one expression; in parentheses, a closure with a
                // `for<'a>` binder is not read as a `for` loop.
                return quote::quote!({ #errors (#item) });
            }
            let mut output = item;
            output.extend(errors);
            return output;
        }
    };
    let parsed_args = args::Args::parse(args, &mut errors);
    let model = model::Model::new(&item_fn, &parsed_args);
    valid::check(&model, &parsed_args, &mut errors);
    if errors.is_empty() {
        // The instrumented function, and the plain one where the static
        // maximum level compiles the span out.
        let compiled = off::compiled(&model.levels());
        if let off::Compiled::Never = compiled {
            return plain(&item_fn, &model);
        }
        if host == host::Host::Reader {
            return expand::as_written(&model);
        }
        let instrumented = expand::expand(&model);
        match compiled.condition() {
            None => instrumented,
            Some(condition) => {
                let plain = plain(&item_fn, &model);
                quote::quote! {
                    #[cfg(#condition)]
                    #instrumented
                    #[cfg(not(#condition))]
                    #plain
                }
            }
        }
    } else {
        // Keep the user's function as written, so calls to it and the IDE
        // keep working and no second error follows.
        let original = plain(&item_fn, &model);
        let errors = errors.into_compile_errors();
        quote::quote!(#original #errors)
    }
}

/// The function as written, where `#[instrument]` is compiled out or its
/// arguments are wrong. The parameters the span would have recorded are used,
/// so that they are not reported as unused where the span would have read
/// them: `let _ = a;` reads the place without moving or borrowing it (a
/// borrow would keep an `async fn`'s argument in its future across awaits),
/// and generates no code.
fn plain(item_fn: &item::ItemFn, model: &model::Model<'_>) -> proc_macro2::TokenStream {
    let allow = lints::keep_arguments();
    let used: proc_macro2::TokenStream = model
        .recorded_bindings()
        .into_iter()
        .map(|binding| quote::quote!(#allow let _ = #binding;))
        .collect();
    item_fn.to_original(&used)
}
