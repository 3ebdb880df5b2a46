//! Function shapes: generics, qualifiers, methods, inner attributes,
//! shadowing bodies, `ret`/`err` on every kind of return type, `async fn`s,
//! functions that return only an async block, and `async-trait` methods.

use super::{block_on, compat, outcome, same, Failed};

#[test]
fn sync_shapes() {
    same! {
        #[instrument]
        fn generic<T>(t: T) -> T
        where
            T: std::fmt::Debug + Clone,
        {
            t.clone()
        }
        #[instrument]
        extern "C" fn extern_c(a: u32) -> u32 { a }
        #[instrument]
        pub(crate) fn visible(a: u32) -> u32 { a }
        #[derive(Debug)]
        struct S(u32);
        impl S {
            #[instrument]
            fn associated(a: u32) -> Self { S(a) }
            #[instrument]
            fn method(&self, a: u32) -> u32 { self.0 + a }
        }
        trait Defaulted: std::fmt::Debug {
            #[instrument]
            fn default_method(&self, a: u32) -> u32 { a }
        }
        impl Defaulted for S {}
        generic(1) + extern_c(2) + visible(3) + S::associated(4).method(5) + S(6).default_method(7)
    }
}

#[test]
#[allow(
    unsafe_code,
    reason = "`unsafe fn` and `async unsafe fn` are shapes `tracing` accepts; their bodies do nothing unsafe"
)]
fn unsafe_shapes() {
    same! {
        async_spans = 1;
        #[instrument]
        unsafe fn sync_unsafe(a: u32) -> u32 { a }
        #[instrument]
        async unsafe fn async_unsafe(a: u32) -> u32 { a }
        unsafe { sync_unsafe(1) + block_on(async_unsafe(2)) }
    }
}

#[test]
fn inner_attributes() {
    same! {
        async_spans = 1;
        #[deny(unused_variables)]
        #[instrument]
        fn sync(a: u32) -> u32 {
            #![allow(unused_variables)]
            let unused = 1;
            a
        }
        #[deny(unused_variables)]
        #[instrument]
        async fn asynchronous(a: u32) -> u32 {
            #![allow(unused_variables)]
            let unused = 1;
            a
        }
        sync(1) + block_on(asynchronous(2))
    }
}

/// The body's glob import shadows the return type's name.
#[derive(Debug, PartialEq)]
struct Shadowed(u32);

#[allow(dead_code, reason = "only its name is used, to shadow `Shadowed`")]
enum Shadows {
    Shadowed,
}

fn shadowed() -> Shadowed {
    Shadowed(1)
}

#[test]
fn a_body_that_shadows_the_return_type() {
    same! {
        async_spans = 1;
        #[instrument(ret)]
        fn sync() -> Shadowed {
            use Shadows::*;
            assert!(matches!(Shadowed, Shadows::Shadowed));
            shadowed()
        }
        #[instrument(ret)]
        async fn asynchronous() -> Shadowed {
            use Shadows::*;
            assert!(matches!(Shadowed, Shadows::Shadowed));
            shadowed()
        }
        (sync(), block_on(asynchronous()))
    }
}

#[test]
fn a_local_module_named_tracing() {
    same! {
        mod tracing {}
        use ::tracing::field::Empty;
        #[instrument(fields(f = Empty))]
        fn f() {
            ::tracing::Span::current().record("f", 1);
        }
        f();
    }
}

#[test]
fn track_caller() {
    let pair = compat! {
        #[track_caller]
        #[instrument]
        fn line() -> u32 {
            std::panic::Location::caller().line()
        }
        (line(), line!())
    };
    pair.assert_same();
    let (called, at) = pair.ours.out;
    assert_eq!(called, at, "`Location::caller()` is the caller's");
}

#[test]
fn ret_on_return_types() {
    same! {
        #[instrument(ret)]
        fn int() -> i32 { -1 }
        #[instrument(ret)]
        fn nothing() {}
        #[allow(clippy::unused_unit)]
        #[instrument(ret)]
        fn unit() -> () {}
        #[instrument(ret)]
        fn opaque() -> impl Copy + std::fmt::Debug { 3_u8 }
        #[instrument(ret)]
        fn string() -> String { "s".to_owned() }
        nothing();
        unit();
        (int(), format!("{:?}", opaque()), string())
    }
}

#[test]
fn err_on_return_types() {
    same! {
        #[instrument(err)]
        fn early(s: &str) -> Result<u32, std::num::ParseIntError> {
            let n: u32 = s.parse()?;
            Ok(n + 1)
        }
        #[instrument(err)]
        fn iter(n: u32) -> Result<impl Iterator<Item = u32>, String> {
            if n == 0 {
                return Err("none".to_owned());
            }
            Ok(0..n)
        }
        #[instrument(err, ret)]
        fn mutable(v: &mut Vec<u32>, mut n: u32) -> Result<usize, String> {
            n += 1;
            v.push(n);
            Ok(v.len())
        }
        #[instrument(err)]
        fn io(fail: bool) -> std::io::Result<u8> {
            if fail {
                Err(std::io::Error::other("gone"))
            } else {
                Ok(1)
            }
        }
        let io = |fail| io(fail).map_err(|e| e.to_string());
        (
            [early("1"), early("x")],
            [iter(0).map(Iterator::count), iter(2).map(Iterator::count)],
            mutable(&mut vec![], 1),
            [io(true), io(false)],
        )
    }
}

#[test]
fn async_fns() {
    same! {
        async_spans = 10;
        #[instrument]
        async fn inner(n: u32) -> u32 {
            tokio::task::yield_now().await;
            tracing::info!("inner");
            n
        }
        // Nested: `inner`'s spans are children of `outer`'s.
        #[instrument]
        async fn outer(n: u32) -> u32 {
            let a = inner(n).await;
            tracing::info!("between");
            a + inner(n + 1).await
        }
        #[instrument(ret)]
        async fn ret(n: u32) -> u32 { n }
        #[instrument(err)]
        async fn err(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(ret, err)]
        async fn both(fail: bool) -> Result<u32, Failed> {
            tokio::task::yield_now().await;
            outcome(fail)
        }
        #[instrument(err(Debug))]
        async fn debug(fail: bool) -> Result<u32, Failed> { outcome(fail) }
        #[instrument(ret)]
        async fn mutable(v: &mut Vec<u32>, mut n: u32) -> usize {
            n += 1;
            v.push(n);
            v.len()
        }
        #[instrument(err)]
        async fn iter(n: u32) -> Result<impl Iterator<Item = u32>, String> { Ok(0..n) }
        (
            block_on(outer(1)),
            block_on(ret(2)),
            [block_on(err(true)), block_on(both(true)), block_on(both(false)), block_on(debug(true))],
            block_on(mutable(&mut vec![], 3)),
            block_on(iter(4)).map(Iterator::count),
        )
    }
}

/// A body that is only an async block, under any return type that `tracing`
/// recognises: the block is instrumented, from its first poll.
#[test]
fn functions_returning_only_an_async_block() {
    same! {
        async_spans = 5;
        use std::future::Future;
        use std::pin::Pin;
        #[instrument]
        fn moved(n: u32) -> impl Future<Output = u32> {
            async move {
                tokio::task::yield_now().await;
                tracing::info!("moved");
                n
            }
        }
        #[instrument(skip(n))]
        fn not_moved(n: &u32) -> impl Future<Output = u32> + '_ {
            async { *n }
        }
        #[instrument(ret)]
        fn boxed(n: u32) -> Pin<Box<dyn Future<Output = u32> + Send>> {
            Box::pin(async move { n })
        }
        #[instrument(ret)]
        fn boxed_by_path(n: u32) -> Pin<Box<dyn Future<Output = u32>>> {
            std::boxed::Box::pin(async move { n })
        }
        // `ret` and `err` apply to the future's output.
        #[instrument(ret, err)]
        fn result(fail: bool) -> impl Future<Output = Result<(), Failed>> {
            async move { if fail { Err(Failed(1)) } else { Ok(()) } }
        }
        (
            block_on(moved(1)),
            block_on(not_moved(&2)),
            block_on(boxed(3)),
            block_on(boxed_by_path(4)),
            block_on(result(true)),
        )
    }
}

#[test]
fn async_trait_methods() {
    use async_trait::async_trait;
    same! {
        async_spans = 5;
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
                tokio::task::yield_now().await;
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
        let mut service = Impl { base: 1 };
        block_on(async {
            let called = service.call(2).await;
            service.mutate(3).await;
            service.wild(4).await;
            (called, service.pattern((5, 6)).await)
        })
    }
}
