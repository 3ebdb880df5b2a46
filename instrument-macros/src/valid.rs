//! Checks that need both the arguments and the function. Each mistake is one
//! error at the user's token that is wrong, saying what to do.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{ReturnType, Stmt, Type};

use crate::args::{Args, EventFormat};
use crate::errors::{Errors, written};
use crate::fields::first_span;
use crate::model::{FutureBody, Kind, Model, SpanValue, unraw};
use crate::types::async_block;

pub(crate) fn check(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    check_const(model, errors);
    check_future_argument(model, args, errors);
    check_stream(model, args, errors);
    check_err_return(model, args, errors);
    check_track_caller(model, args, errors);
    check_skips(model, args, errors);
    check_detached(args, errors);
    check_outcome_field(model, args, errors);
    check_error_static(model, args, errors);
}

/// `stream` is for a return type the macro cannot see through; a stream's
/// items are not one value, so `ret`, `err` and `outcome` do not apply.
fn check_stream(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    if let (Some(stream), Some(_)) = (&args.stream, &args.future) {
        errors.push(syn::Error::new(
            stream.span(),
            "`stream` and `future` contradict each other: keep the one the function returns",
        ));
        return;
    }
    if let (Kind::Async(_), Some(stream)) = (&model.kind, &args.stream) {
        errors.push(syn::Error::new(
            stream.span(),
            "`stream` is for functions that return a stream; an `async fn` returns a future",
        ));
    }
    if !matches!(model.kind, Kind::ReturnsStream { .. }) {
        return;
    }
    for event in [&args.ret, &args.err].into_iter().flatten() {
        let key = &event.key;
        errors.push(syn::Error::new(
            key.span(),
            format!(
                "`{key}` cannot be used on a function that returns a stream: its items are not one \
                 value the function returns\nremove `{key}`, and record items with events in the stream"
            ),
        ));
    }
    if let Some(outcome) = &args.outcome {
        errors.push(syn::Error::new(
            outcome.span(),
            "`outcome` cannot be used on a function that returns a stream yet: a stream ends when \
             it is exhausted or dropped, which is not recorded\nremove `outcome`",
        ));
    }
}

/// `err(Error)` records the error as a `dyn Error + 'static`: an error type
/// that borrows (`Parse<'a>`, `Parse<'_>`) cannot be one. Said here, at the
/// argument, because the compiler would report a lifetime error in the body.
/// (A type that hides its lifetime is left to the compiler.)
fn check_error_static(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    struct Borrows(bool);
    impl<'ast> syn::visit::Visit<'ast> for Borrows {
        fn visit_lifetime(&mut self, lifetime: &'ast syn::Lifetime) {
            self.0 |= lifetime.ident != "static";
        }
        fn visit_type_reference(&mut self, reference: &'ast syn::TypeReference) {
            self.0 |= !matches!(&reference.lifetime, Some(l) if l.ident == "static");
            syn::visit::visit_type_reference(self, reference);
        }
    }
    let Some((_, span)) = args
        .err
        .as_ref()
        .and_then(|err| err.format)
        .filter(|(format, _)| *format == EventFormat::Error)
    else {
        return;
    };
    let Some(error) = model.error_type() else {
        return;
    };
    let mut borrows = Borrows(false);
    syn::visit::Visit::visit_type(&mut borrows, error);
    if borrows.0 {
        errors.push(syn::Error::new(
            span,
            format!(
                "`err(Error)` records the error as a `dyn Error + 'static`, and `{}` borrows\n\
                 use `err` to record it with `Display`, or `err(Debug)`",
                written(&error.to_token_stream())
            ),
        ));
    }
}

/// `detached` makes a root; an explicit parent contradicts it.
fn check_detached(args: &Args, errors: &mut Errors) {
    if let (Some(detached), Some(_)) = (&args.detached, &args.parent) {
        errors.push(syn::Error::new(
            detached.span(),
            "`detached` makes a root span that follows from the parent it would have had; \
             it cannot have an explicit `parent`\nremove `detached`, or `parent = ..`",
        ));
    }
}

/// `outcome` declares the field `outcome`; another field of that name would
/// never be told apart from it.
fn check_outcome_field(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    if args.outcome.is_none() {
        return;
    }
    // A recorded parameter called `outcome` would share the field.
    for field in &model.span.fields {
        if let SpanValue::Param(param) = &field.value {
            if param.name == "outcome" {
                errors.push(syn::Error::new(
                    first_span(&param.binding),
                    "the parameter `outcome` would be recorded in the field `outcome`, which the \
                     `outcome` argument records\nskip it: `skip(outcome)`, or rename it",
                ));
            }
        }
    }
    for field in args.fields.iter().flat_map(|f| &f.0) {
        if field.name.text() == Some("outcome") {
            errors.push(syn::Error::new(
                field.name.span(),
                "the field `outcome` is recorded by the `outcome` argument; give this field another name",
            ));
        }
    }
}

fn check_const(model: &Model<'_>, errors: &mut Errors) {
    if let Some(constness) = &model.item.sig.constness {
        errors.push(syn::Error::new(
            constness.span,
            "`#[instrument]` cannot be used on a `const fn`: spans are created at run time\n\
             remove `const`, or remove `#[instrument]`",
        ));
    }
}

/// `future` is only for return types the macro cannot see through; and a
/// body that plainly builds a future under such a type without `future`
/// would have its span closed before the future runs.
fn check_future_argument(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    match (&model.kind, &args.future) {
        (Kind::Async(_), Some(future)) => errors.push(syn::Error::new(
            future.span(),
            "`future` is for functions that return a future; an `async fn` is instrumented as one already",
        )),
        (Kind::Sync, None) => {
            if let (Some(stmts), ReturnType::Type(_, ty)) = (&model.stmts, &model.item.sig.output) {
                if matches!(stmts.last(), Some(Stmt::Expr(tail, None)) if async_block(tail).is_some())
                {
                    errors.push(syn::Error::new(
                        ty.span(),
                        "this function returns a future, but `#[instrument]` cannot tell from its return type\n\
                         add `future` if the type is an alias of `Pin<Box<dyn Future<Output = T>>>`: \
                         `#[instrument(future)]`; or return `impl Future<Output = T>`",
                    ));
                }
            }
        }
        _ => {}
    }
}

/// `err` needs a `Result`. A missing return type or `!` is caught here; any
/// other type is checked by the compiler at the return type, so aliases such
/// as `io::Result<T>` work.
fn check_err_return(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    if args.err.is_none() {
        return;
    }
    let sig = &model.item.sig;
    let message = "`#[instrument(err)]` needs a function that returns a `Result`";
    match &sig.output {
        ReturnType::Default => errors.push(syn::Error::new(
            sig.paren_token.span.close(),
            format!("{message}; this one returns `()`\nremove `err`, or return a `Result`"),
        )),
        ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)) => errors.push(syn::Error::new(
            ty.span(),
            format!("{message}; this one never returns\nremove `err`"),
        )),
        ReturnType::Type(..) => {}
    }
}

/// A sync body with `ret`/`err`/`outcome` runs in a closure, to see every
/// return and `?` and to catch a panic, and so does a future returner's sync
/// prelude with `err`/`outcome`; closures cannot be `#[track_caller]` on
/// stable Rust, so `Location::caller()` in the body would silently name the
/// wrong place.
fn check_track_caller(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    let catches = args.err.is_some() || args.outcome.is_some();
    let message = match &model.kind {
        Kind::Sync if catches || args.ret.is_some() => {
            "`#[track_caller]` cannot be kept with `ret`, `err` or `outcome` on a sync function: \
             the body runs in a closure to see every return, and closures cannot track the caller\n\
             remove `ret`/`err`/`outcome`, or `#[track_caller]`"
        }
        Kind::ReturnsFuture {
            body: FutureBody::Prelude,
            ..
        } if catches => {
            "`#[track_caller]` cannot be kept with `err` or `outcome` on a function with a sync \
             prelude: the prelude runs in a closure to catch a panic, and closures cannot track \
             the caller\nremove `err`/`outcome`, or `#[track_caller]`"
        }
        _ => return,
    };
    if let Some(attr) = model
        .item
        .attrs
        .iter()
        .find(|a| a.path().is_ident("track_caller"))
    {
        errors.push(syn::Error::new_spanned(attr, message));
    }
}

/// Every `skip(..)` name must be a parameter, once; `skip_all` excludes `skip`.
fn check_skips(model: &Model<'_>, args: &Args, errors: &mut Errors) {
    if let (Some(skip_all), Some(_)) = (&args.skip_all, &args.skip) {
        errors.push(syn::Error::new(
            skip_all.span(),
            "`skip_all` already skips every parameter; remove `skip(..)` or `skip_all`",
        ));
    }
    let bindings = &model.bindings;
    let mut seen: Vec<String> = Vec::new();
    for name in args.skip.iter().flatten() {
        let text = unraw(name);
        if seen.contains(&text) {
            errors.push(syn::Error::new(
                name.span(),
                format!("`{text}` is skipped twice"),
            ));
            continue;
        }
        seen.push(text.clone());
        if !bindings.iter().any(|p| p.name == text) {
            let names: Vec<String> = bindings.iter().map(|p| format!("`{}`", p.name)).collect();
            let valid = if names.is_empty() {
                "this function has no parameters".to_owned()
            } else {
                format!("its parameters are {}", names.join(", "))
            };
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "cannot skip `{text}`: the function has no parameter of that name; {valid}"
                ),
            ));
        }
    }
}
