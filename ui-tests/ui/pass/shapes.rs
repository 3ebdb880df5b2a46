//! Every function shape `#[instrument]` accepts, sync and async: receivers,
//! generics, lifetimes, `impl Trait`, patterns, qualifiers, attributes.
//! Warnings are errors: the generated code must not cause any.

#![deny(warnings)]

use std::fmt::Debug;
use std::pin::Pin;
use std::sync::Arc;

use instrument_runtime::instrument;

#[derive(Debug, Default, Clone)]
struct Counter {
    count: u32,
    name: String,
}

impl Counter {
    #[instrument]
    fn new(count: u32) -> Self {
        Counter {
            count,
            name: String::from("counter"),
        }
    }

    #[instrument]
    fn by_value(self) -> u32 {
        self.count
    }

    #[instrument]
    fn by_ref(&self) -> u32 {
        self.count
    }

    #[instrument]
    fn by_mut(&mut self) {
        self.count += 1;
    }

    #[instrument]
    fn by_mut_self(mut self) -> Self {
        self.count += 1;
        self
    }

    #[instrument]
    fn by_arc(self: Arc<Self>) -> u32 {
        self.count
    }

    #[instrument]
    fn by_pin(self: Pin<&mut Self>) -> u32 {
        self.get_mut().count += 1;
        0
    }

    #[instrument]
    fn by_typed_ref(self: &Self) -> &str {
        &self.name
    }

    #[instrument]
    fn returns_borrow(&self, _other: &str) -> &str {
        &self.name
    }

    #[instrument]
    fn returns_mut_borrow(&mut self) -> &mut u32 {
        &mut self.count
    }

    #[instrument]
    async fn async_by_value(self) -> u32 {
        self.count
    }

    #[instrument]
    async fn async_by_ref(&self) -> u32 {
        self.count
    }

    #[instrument]
    async fn async_by_mut(&mut self) {
        self.count += 1;
    }

    #[instrument]
    async fn async_by_arc(self: Arc<Self>) -> u32 {
        self.count
    }

    #[instrument]
    async fn async_by_pin(self: Pin<&mut Self>) -> u32 {
        self.get_mut().count += 1;
        0
    }

    #[instrument]
    async fn async_returns_borrow(&self, _other: &str) -> &str {
        &self.name
    }

    #[instrument]
    async fn async_returns_mut_borrow(&mut self) -> &mut u32 {
        &mut self.count
    }

    #[instrument]
    async fn async_associated(count: u32) -> Self {
        Counter {
            count,
            name: String::new(),
        }
    }
}

struct Wrapper<'a, T> {
    inner: &'a T,
}

impl<'a, T: Debug> Wrapper<'a, T> {
    #[instrument(skip(self))]
    fn get(&self) -> &'a T {
        self.inner
    }

    #[instrument(skip(self))]
    async fn async_get(&self) -> &'a T {
        self.inner
    }

    #[instrument(skip(self))]
    async fn async_get_with<'b>(&self, other: &'b T) -> (&'a T, &'b T) {
        (self.inner, other)
    }

    /// No receiver to carry `'a` in `Self`: the future captures it by name.
    #[instrument]
    async fn async_wrap_len(inner: &'a T) -> usize {
        format!("{inner:?}").len()
    }
}

struct Text<'a>(&'a str);

impl<'a> Text<'a> {
    /// `'a` only inside a trait object's bound: the future holds the
    /// parameter, so it captures `'a` by name.
    #[instrument(skip_all)]
    async fn count(items: Box<dyn Iterator<Item = &'a str>>) -> usize {
        std::future::ready(()).await;
        items.count()
    }
}

#[instrument]
fn generic<T: Debug + Clone>(value: T) -> T
where
    T: Default,
{
    value.clone()
}

#[instrument]
async fn async_generic<T>(value: T) -> T
where
    T: Debug + Send,
{
    value
}

#[instrument]
fn const_generic<const N: usize>(values: [u8; N]) -> usize {
    values.len() + N
}

/// An associated type named like a value type.
trait Named {
    type String: Debug;
}

impl Named for u8 {
    type String = Vec<u8>;
}

/// A qualified path is recorded with `Debug`, whatever its last segment
/// spells: `<T as Named>::String` need not be a string.
#[instrument]
fn qualified_path<T: Named>(value: <T as Named>::String) {}

#[instrument]
async fn async_const_generic<const N: usize>(values: [u8; N]) -> usize {
    values.len() + N
}

#[instrument]
fn named_lifetime<'a>(s: &'a str, _other: &str) -> &'a str {
    s
}

#[instrument]
async fn async_named_lifetime<'a, 'b: 'a>(s: &'a str, _other: &'b str) -> &'a str {
    s
}

/// One named lifetime, used twice: elision gives it to the output.
#[instrument]
async fn async_one_lifetime_twice<'a>(s: &'a str, t: &'a str) -> &str {
    if s.len() >= t.len() { s } else { t }
}

#[instrument]
fn elided(s: &str) -> &str {
    s
}

#[instrument]
async fn async_elided(s: &str) -> &str {
    s
}

#[instrument]
async fn async_elided_underscore(s: std::slice::Iter<'_, u8>) -> usize {
    s.len()
}

#[instrument]
fn static_lifetime(s: &'static str) -> &'static str {
    s
}

#[instrument]
async fn async_two_borrows(a: &str, b: &mut Vec<u8>) -> usize {
    b.push(1);
    a.len() + b.len()
}

#[instrument(skip(it))]
fn impl_trait_arg(it: impl Iterator<Item = u32>) -> u32 {
    it.sum()
}

#[instrument]
fn impl_trait_debug_arg(value: impl Debug) -> String {
    format!("{value:?}")
}

#[instrument(skip(it))]
async fn async_impl_trait_arg(it: impl Iterator<Item = u32> + Send) -> u32 {
    it.sum()
}

#[instrument]
fn impl_trait_return(n: u32) -> impl Iterator<Item = u32> {
    0..n
}

#[instrument]
async fn async_impl_trait_return(n: u32) -> impl Iterator<Item = u32> {
    0..n
}

#[instrument]
fn impl_trait_return_borrow(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
}

#[instrument(skip(f))]
fn dyn_arg(f: &dyn Fn(&str) -> usize) -> usize {
    f("dyn")
}

#[derive(Debug, Clone, Copy)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Debug)]
struct Meters(u32);

#[instrument]
fn destructure(
    (a, b): (u32, String),
    Point { x, y: renamed }: Point,
    Meters(m): Meters,
    [first, .., last]: [u8; 3],
    &reference: &u32,
    _: u32,
    whole @ Point { .. }: Point,
) -> String {
    format!("{a}{b}{x}{renamed}{m}{first}{last}{reference}{whole:?}")
}

#[instrument]
async fn async_destructure((a, b): (u32, String), Point { x, y }: Point, _: u32) -> String {
    format!("{a}{b}{x}{y}")
}

#[instrument]
fn mutable(mut a: u32, (mut b, c): (u32, u32)) -> u32 {
    a += 1;
    b += c;
    a + b
}

#[instrument]
async fn async_mutable(mut a: u32, mut s: String) -> String {
    a += 1;
    s.push_str(&a.to_string());
    s
}

#[instrument]
unsafe fn unsafe_fn(p: *const u32) -> u32 {
    *p
}

#[instrument]
async unsafe fn async_unsafe_fn(p: *const u32) -> u32 {
    *p
}

#[instrument]
extern "C" fn extern_c(a: u32) -> u32 {
    a + 1
}

#[instrument]
unsafe extern "C" fn unsafe_extern_c(a: u32) -> u32 {
    a + 1
}

#[instrument]
fn never(message: &str) -> ! {
    panic!("{message}")
}

#[instrument(ret)]
fn never_with_ret(message: &str) -> ! {
    panic!("{message}")
}

#[instrument]
fn inner_attributes() -> u32 {
    #![allow(unused_variables)]
    //! An inner doc comment.
    let unused = 1;
    2
}

#[instrument]
async fn async_inner_attributes() -> u32 {
    #![allow(unused_variables)]
    let unused = 1;
    2
}

/// Documented.
#[must_use]
#[instrument]
fn must_use_before(a: u32) -> u32 {
    a
}

#[instrument]
#[must_use]
/// Documented after the attribute.
fn must_use_after(a: u32) -> u32 {
    a
}

/// Documented.
#[must_use]
#[instrument]
async fn async_must_use_before(a: u32) -> u32 {
    a
}

#[instrument]
#[must_use = "a reason"]
#[inline]
async fn async_must_use_after(a: u32) -> u32 {
    a
}

#[instrument]
#[allow(clippy::too_many_arguments)]
#[deprecated = "testing"]
fn deprecated() {}

#[instrument]
pub(crate) fn visibility() {}

#[instrument]
pub async fn async_visibility() {}

#[instrument]
fn nested_items(a: u32) -> u32 {
    fn helper(x: u32) -> u32 {
        x * 2
    }
    const K: u32 = 3;
    helper(a) + K
}

#[instrument]
async fn async_nested_items(a: u32) -> u32 {
    fn helper(x: u32) -> u32 {
        x * 2
    }
    helper(a)
}

#[instrument]
async fn question_mark(s: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = s.parse()?;
    Ok(n)
}

#[instrument]
fn question_mark_into(s: &str) -> Result<u32, Box<dyn std::error::Error>> {
    let n: u32 = s.parse()?;
    Ok(n)
}

#[instrument]
async fn early_return(a: u32) -> u32 {
    if a == 0 {
        return 1;
    }
    a
}

#[instrument]
async fn awaits_others(a: u32) -> u32 {
    early_return(a).await + async_generic(a).await
}

#[instrument]
fn returns_closure(a: u32) -> impl Fn(u32) -> u32 {
    move |b| a + b
}

#[instrument]
fn returns_boxed_future(a: u32) -> Pin<Box<dyn std::future::Future<Output = u32> + Send>> {
    Box::pin(async move { a })
}

trait Service {
    async fn call(&self, request: u32) -> u32;

    #[instrument(skip(self))]
    async fn default_body(&self, request: u32) -> u32 {
        self.call(request).await + 1
    }

    #[instrument(skip(self))]
    fn sync_default_body(&self, request: u32) -> u32 {
        request
    }
}

#[derive(Debug)]
struct Handler;

impl Service for Handler {
    #[instrument]
    async fn call(&self, request: u32) -> u32 {
        request * 2
    }

    #[instrument]
    fn sync_default_body(&self, request: u32) -> u32 {
        request + 1
    }
}

#[async_trait::async_trait]
trait BoxedService {
    async fn call(&self, request: u32) -> u32;
}

#[async_trait::async_trait]
impl BoxedService for Handler {
    #[instrument]
    async fn call(&self, request: u32) -> u32 {
        request * 3
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[allow(deprecated)]
async fn run_async() {
    let counter = Counter::async_associated(1).await;
    let _ = counter.clone().async_by_value().await;
    let _ = counter.async_by_ref().await;
    let mut counter = counter;
    counter.async_by_mut().await;
    let _ = Arc::new(counter.clone()).async_by_arc().await;
    let _ = Pin::new(&mut counter).async_by_pin().await;
    let _ = counter.async_returns_borrow("x").await;
    *counter.async_returns_mut_borrow().await += 1;

    let value = 5_u32;
    let wrapper = Wrapper { inner: &value };
    let _ = wrapper.async_get().await;
    let _ = wrapper.async_get_with(&6).await;
    let _ = Wrapper::async_wrap_len(&value).await;
    let _ = Text::count(Box::new(["text"].into_iter())).await;

    let _ = assert_send(async_generic(1_u8)).await;
    let _ = async_const_generic([1, 2]).await;
    let _ = async_named_lifetime("a", "b").await;
    let _ = async_one_lifetime_twice("a", "b").await;
    let _ = async_elided("a").await;
    let _ = async_elided_underscore([1_u8, 2].iter()).await;
    let mut bytes = Vec::new();
    let _ = assert_send(async_two_borrows("a", &mut bytes)).await;
    let _ = async_impl_trait_arg([1, 2].into_iter()).await;
    let _ = async_impl_trait_return(3).await.count();
    let _ = async_destructure((1, String::new()), Point { x: 1, y: 2 }, 3).await;
    let _ = async_mutable(1, String::new()).await;
    let x = 1_u32;
    let _ = unsafe { async_unsafe_fn(&x) }.await;
    let _ = async_inner_attributes().await;
    let _ = async_must_use_before(1).await;
    let _ = async_must_use_after(1).await;
    async_visibility().await;
    let _ = async_nested_items(1).await;
    let _ = question_mark("1").await;
    let _ = question_mark("x").await;
    let _ = assert_send(awaits_others(1)).await;
    let _ = returns_boxed_future(1).await;
    let _ = Service::call(&Handler, 1).await;
    let _ = Handler.default_body(1).await;
    let _ = Handler.sync_default_body(1);
    let _ = BoxedService::call(&Handler, 1).await;
}

#[allow(deprecated)]
fn main() {
    let mut counter = Counter::new(1);
    let _ = counter.clone().by_value();
    let _ = counter.by_ref();
    counter.by_mut();
    let counter = counter.by_mut_self();
    let _ = Arc::new(counter.clone()).by_arc();
    let mut counter = counter;
    let _ = Pin::new(&mut counter).by_pin();
    let _ = counter.by_typed_ref();
    let _ = counter.returns_borrow("x");
    *counter.returns_mut_borrow() += 1;

    let value = 5_u32;
    let wrapper = Wrapper { inner: &value };
    let _ = wrapper.get();

    let _ = generic(1_u32);
    let _ = const_generic([1, 2, 3]);
    qualified_path::<u8>(vec![1]);
    let _ = named_lifetime("a", "b");
    let _ = elided("a");
    let _ = static_lifetime("a");
    let _ = impl_trait_arg([1, 2].into_iter());
    let _ = impl_trait_debug_arg(1);
    let _ = impl_trait_return(3).count();
    let _ = impl_trait_return_borrow("abc").count();
    let _ = dyn_arg(&|s: &str| s.len());
    let _ = destructure(
        (1, String::new()),
        Point { x: 1, y: 2 },
        Meters(3),
        [1, 2, 3],
        &4,
        5,
        Point { x: 6, y: 7 },
    );
    let _ = mutable(1, (2, 3));
    let x = 1_u32;
    let _ = unsafe { unsafe_fn(&x) };
    let _ = extern_c(1);
    let _ = unsafe { unsafe_extern_c(1) };
    if std::env::var_os("INSTRUMENT_UI_NEVER").is_some() {
        never("never");
    }
    if std::env::var_os("INSTRUMENT_UI_NEVER").is_some() {
        never_with_ret("never");
    }
    let _ = inner_attributes();
    let _ = must_use_before(1);
    let _ = must_use_after(1);
    deprecated();
    visibility();
    let _ = nested_items(1);
    let _ = question_mark_into("1");
    let _ = returns_closure(1)(2);

    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(run_async());
}
