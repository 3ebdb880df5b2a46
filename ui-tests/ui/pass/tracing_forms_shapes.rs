//! Every function shape `tracing`'s attribute (0.1.31) instruments, with the
//! lints it keeps working, as a migrated crate writes them: they must
//! compile warning-free. What each records is compared with `tracing` in
//! `tests/it/compat/shapes.rs` and `tests/it/compat/laziness.rs`.

#![deny(warnings)]

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;
use instrument_runtime::instrument;

#[instrument]
fn generic<T>(t: T) -> T
where
    T: std::fmt::Debug + Clone,
{
    t.clone()
}

#[instrument]
extern "C" fn extern_c(a: u32) -> u32 {
    a
}

#[instrument]
unsafe fn sync_unsafe(a: u32) -> u32 {
    a
}

#[instrument]
async unsafe fn async_unsafe(a: u32) -> u32 {
    a
}

mod visibility {
    use instrument_runtime::instrument;

    #[instrument]
    pub(crate) fn visible(a: u32) -> u32 {
        a
    }
}

#[derive(Debug)]
struct S(u32);

impl S {
    #[instrument]
    fn associated(a: u32) -> Self {
        S(a)
    }

    #[instrument]
    fn method(&self, a: u32) -> u32 {
        self.0 + a
    }
}

trait Defaulted: std::fmt::Debug {
    #[instrument]
    fn default_method(&self, a: u32) -> u32 {
        a
    }
}

impl Defaulted for S {}

#[deny(unused_variables)]
#[instrument]
fn inner_attribute(a: u32) -> u32 {
    #![allow(unused_variables)]
    let unused = 1;
    a
}

#[deny(unused_variables)]
#[instrument]
async fn inner_attribute_async(a: u32) -> u32 {
    #![allow(unused_variables)]
    let unused = 1;
    a
}

#[derive(Debug)]
struct Shadowed;

#[allow(dead_code)]
enum Shadows {
    Shadowed,
}

fn shadowed() -> Shadowed {
    Shadowed
}

#[instrument(ret)]
fn shadowing_body() -> Shadowed {
    use Shadows::*;
    assert!(matches!(Shadowed, Shadows::Shadowed));
    shadowed()
}

#[instrument(ret)]
async fn shadowing_body_async() -> Shadowed {
    use Shadows::*;
    assert!(matches!(Shadowed, Shadows::Shadowed));
    shadowed()
}

mod local_tracing {
    #![allow(clippy::module_inception)]
    use instrument_runtime::field::Empty;
    use instrument_runtime::instrument;

    mod tracing {}

    #[instrument(fields(f = Empty))]
    pub(crate) fn with_a_module_named_tracing() {}
}

#[expect(dead_code)]
#[instrument]
fn never_called() {}

#[expect(dead_code)]
#[instrument]
async fn never_called_async() {}

#[track_caller]
#[instrument]
fn track_caller() -> u32 {
    std::panic::Location::caller().line()
}

#[instrument(ret)]
fn ret_int() -> i32 {
    -1
}

#[instrument(ret)]
fn ret_nothing() {}

#[allow(clippy::unused_unit)]
#[instrument(ret)]
fn ret_unit() -> () {}

#[instrument(ret)]
fn ret_opaque() -> impl Copy + std::fmt::Debug {
    3_u8
}

#[instrument(err)]
fn err_early_return(s: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = s.parse()?;
    Ok(n + 1)
}

#[instrument(err)]
fn err_opaque_ok(n: u32) -> Result<impl Iterator<Item = u32>, String> {
    if n == 0 {
        return Err("none".to_owned());
    }
    Ok(0..n)
}

#[instrument(err, ret)]
fn err_mut_params(v: &mut Vec<u32>, mut n: u32) -> Result<usize, String> {
    n += 1;
    v.push(n);
    Ok(v.len())
}

#[instrument(err)]
fn err_io(fail: bool) -> std::io::Result<u8> {
    if fail {
        Err(std::io::Error::other("gone"))
    } else {
        Ok(1)
    }
}

#[instrument]
async fn plain_async(n: u32) -> u32 {
    n
}

#[instrument(ret, err)]
async fn ret_err_async(fail: bool) -> Result<u32, String> {
    if fail {
        Err("failed".to_owned())
    } else {
        Ok(1)
    }
}

#[instrument(err(Debug))]
async fn err_debug_async(fail: bool) -> Result<u32, String> {
    ret_err_async(fail).await
}

#[instrument(ret)]
async fn mut_params_async(v: &mut Vec<u32>, mut n: u32) -> usize {
    n += 1;
    v.push(n);
    v.len()
}

#[instrument(err)]
async fn opaque_ok_async(n: u32) -> Result<impl Iterator<Item = u32>, String> {
    Ok(0..n)
}

#[instrument]
fn async_move_block(n: u32) -> impl Future<Output = u32> {
    async move { n }
}

#[instrument(skip(n))]
fn async_block_not_moved(n: &u32) -> impl Future<Output = u32> + '_ {
    async { *n }
}

#[instrument(ret)]
fn boxed_async_block(n: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    Box::pin(async move { n })
}

#[instrument(ret)]
fn boxed_by_path(n: u32) -> Pin<Box<dyn Future<Output = u32>>> {
    std::boxed::Box::pin(async move { n })
}

#[instrument(ret, err)]
fn result_future(fail: bool) -> impl Future<Output = Result<(), String>> {
    async move {
        if fail {
            Err("failed".to_owned())
        } else {
            Ok(())
        }
    }
}

#[instrument]
fn sync_prelude(n: u32) -> impl Future<Output = u32> {
    let m = n + 1;
    async move { m }
}

#[instrument]
fn returned_future(n: u32) -> Pin<Box<dyn Future<Output = u32>>> {
    let fut = async move { n };
    Box::pin(fut)
}

#[async_trait]
trait Service {
    async fn call(&self, n: u32) -> u32;
    async fn mutate(&mut self, n: u32);
    async fn pattern(&self, pair: (u32, u32)) -> u32;
    async fn wild(&self, n: u32);
}

#[derive(Debug)]
struct Impl {
    base: u32,
}

impl Impl {
    fn foo(&self) -> u32 {
        self.base
    }

    #[instrument]
    async fn inner(&self, n: u32) -> u32 {
        self.base + n
    }
}

#[async_trait]
impl Service for Impl {
    #[instrument]
    async fn call(&self, n: u32) -> u32 {
        self.inner(n).await
    }

    #[instrument(skip(self), fields(val = self.foo(), Self = std::any::type_name::<Self>()))]
    async fn mutate(&mut self, n: u32) {
        self.base += n;
    }

    #[instrument]
    async fn pattern(&self, (a, b): (u32, u32)) -> u32 {
        a + b
    }

    #[instrument(fields(base = self.base))]
    async fn wild(&self, _: u32) {}
}

fn main() {
    let _ = generic(1) + extern_c(2) + visibility::visible(3);
    // SAFETY: the functions do nothing unsafe.
    let _ = unsafe { sync_unsafe(4) };
    drop(unsafe { async_unsafe(5) });
    let _ = S::associated(1).method(2) + S(3).default_method(4);
    let _ = inner_attribute(1);
    drop(inner_attribute_async(1));
    let _ = shadowing_body();
    drop(shadowing_body_async());
    local_tracing::with_a_module_named_tracing();
    let _ = track_caller();
    let _ = ret_int();
    ret_nothing();
    ret_unit();
    let _ = ret_opaque();
    let _ = err_early_return("1");
    let _ = err_opaque_ok(1);
    let _ = err_mut_params(&mut Vec::new(), 1);
    let _ = err_io(false);
    drop(plain_async(1));
    drop(ret_err_async(true));
    drop(err_debug_async(true));
    let mut v = Vec::new();
    drop(mut_params_async(&mut v, 1));
    drop(opaque_ok_async(1));
    drop(async_move_block(1));
    drop(async_block_not_moved(&1));
    drop(boxed_async_block(1));
    drop(boxed_by_path(1));
    drop(result_future(true));
    drop(sync_prelude(1));
    drop(returned_future(1));
    let mut service = Impl { base: 1 };
    drop(service.call(1));
    drop(service.pattern((1, 2)));
    drop(service.wild(1));
    drop(service.mutate(1));
}
