//! The generated code compiles in a crate that denies warnings, forbids
//! `unsafe`, declares its own `core` and `std` modules, shadows `Option`,
//! `Result`, `Some`, `None`, `Ok`, `Err` and `Box`, and uses the names of the
//! macro's generated locals for its own parameters and locals; on single
//! functions and on an annotated `impl` block and trait.

// Clippy's lints would do nothing here: trybuild runs rustc, not clippy.
// Clippy's pedantic group is checked on generated code by the hygiene module
// of the integration tests (`tests/it/instrument/hygiene.rs`), which CI's
// `cargo clippy --workspace --all-targets -- -D warnings` lints.
#![deny(warnings)]
#![forbid(unsafe_code)]

mod core {}
mod std {}

#[derive(Debug)]
struct Option;
#[derive(Debug)]
struct Result;
#[derive(Debug)]
struct Box;

type Fallible = ::core::result::Result<u32, ::std::string::String>;

use instrument_runtime::instrument;

#[instrument]
fn sync_fn(a: u32, option: Option, result: Result) -> u32 {
    let _ = (option, result);
    a
}

#[instrument]
async fn async_fn(a: u32, option: Option) -> u32 {
    let _ = option;
    a
}

#[instrument(ret, err, fields(extra = ?Result, empty = instrument_runtime::field::Empty))]
fn sync_ret_err(fail: bool) -> Fallible {
    if fail {
        ::core::result::Result::Err("failed".into())
    } else {
        ::core::result::Result::Ok(1)
    }
}

#[instrument(ret, err(Debug), level = "debug")]
async fn async_ret_err(fail: bool) -> Fallible {
    if fail {
        return ::core::result::Result::Err("failed".into());
    }
    ::core::result::Result::Ok(1)
}

#[instrument]
fn generated_names(
    __span: u32,
    __entered: u32,
    __ret: u32,
    __out: u32,
    __fut: u32,
    __ok: u32,
    __error: u32,
    __never: u32,
    __cause: u32,
) -> u32 {
    __span + __entered + __ret + __out + __fut + __ok + __error + __never + __cause
}

#[instrument(ret, err)]
async fn async_generated_names(
    __span: u32,
    __fut: u32,
    __out: u32,
    __ok: u32,
    __error: u32,
    __never: u32,
) -> Fallible {
    ::core::result::Result::Ok(__span + __fut + __out + __ok + __error + __never)
}

#[instrument(follows_from = [__cause.id()], parent = None)]
fn cause_named_like_a_local(__cause: &instrument_runtime::Span) {}

#[derive(Debug)]
struct Service;

impl Service {
    #[instrument]
    async fn method(&self, a: u32) -> u32 {
        a
    }

    #[instrument(skip(self))]
    fn sync_method(&self, __span: u32) -> u32 {
        let __entered = __span;
        __entered
    }
}

#[derive(Debug)]
struct Block;

/// A block's methods get their attributes by absolute path.
#[instrument(ret, fields(option = ?Option))]
impl Block {
    fn sync(&self, option: Option, result: Result) -> u32 {
        let _ = (option, result);
        1
    }

    #[instrument(err)]
    async fn later(&self, __span: u32, __fut: u32) -> Fallible {
        ::core::result::Result::Ok(__span + __fut)
    }
}

#[instrument]
trait Described {
    fn described(&self, option: Option) -> u32 {
        let _ = option;
        1
    }
}

impl Described for Service {}

fn main() {
    let _ = sync_fn(1, Option, Result);
    let _ = sync_ret_err(false);
    let _ = sync_ret_err(true);
    let _ = generated_names(1, 2, 3, 4, 5, 6, 7, 8, 9);
    cause_named_like_a_local(&instrument_runtime::Span::none());
    let _ = Service.sync_method(1);
    let _ = Box;
    let _ = Block.sync(Option, Result) + Service.described(Option);

    let runtime = ::tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let _ = async_fn(1, Option).await;
        let _ = async_ret_err(false).await;
        let _ = async_ret_err(true).await;
        let _ = async_generated_names(1, 2, 3, 4, 5, 6).await;
        let _ = Service.method(1).await;
        let _ = Block.later(1, 2).await;
    });
}
