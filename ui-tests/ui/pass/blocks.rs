//! `#[instrument]` on every shape of `impl` block and trait, with every kind
//! of method in them. Warnings are errors: neither the block's expansion nor
//! its methods' may cause any.

#![deny(warnings)]

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures_core::Stream;
use instrument_runtime::{instrument, no_instrument};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A stream of nothing.
struct Empty;

impl Stream for Empty {
    type Item = u32;

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<u32>> {
        std::task::Poll::Ready(None)
    }
}

macro_rules! generated {
    ($name:ident) => {
        fn $name(&self) -> u32 {
            1
        }
    };
}

// ---------------------------------------------------------------- a plain impl

#[derive(Debug, Clone, Default)]
struct Store {
    count: u32,
}

/// Every receiver and kind of method, with arguments valid on all of them.
#[instrument(level = "debug", target = "store", fields(kind = "store"), ret)]
impl Store {
    const LIMIT: u32 = 10;

    fn new(count: u32) -> Self {
        Store { count }
    }

    fn by_value(self) -> u32 {
        self.count
    }

    fn by_ref(&self) -> u32 {
        self.count
    }

    fn by_mut(&mut self) {
        self.count += 1;
    }

    fn by_mut_binding(mut self) -> Self {
        self.count += 1;
        self
    }

    fn by_box(self: Box<Self>) -> u32 {
        self.count
    }

    fn by_arc(self: Arc<Self>) -> u32 {
        self.count
    }

    fn by_pin(self: Pin<&mut Self>) -> u32 {
        self.get_mut().count
    }

    async fn async_by_ref(&self, extra: u32) -> u32 {
        self.count + extra
    }

    async fn async_by_mut(&mut self) {
        self.count += 1;
    }

    async fn async_associated(count: u32) -> Self {
        Store { count }
    }

    fn returns_future(&self) -> impl Future<Output = u32> + '_ {
        let count = self.count;
        async move { count }
    }

    fn returns_future_only(&self) -> impl Future<Output = u32> + Send + '_ {
        async move { self.count }
    }

    fn returns_box_future(&self) -> BoxFuture<'_, u32> {
        Box::pin(async move { self.count })
    }

    /// Neither `ret` nor anything else that a stream cannot have.
    fn returns_stream(&self) -> impl Stream<Item = u32> {
        Empty
    }

    fn generic<T: Debug, const N: usize>(&self, items: [T; N]) -> usize
    where
        T: Clone,
    {
        items.len()
    }

    /// A type parameter: fine without `err` at the block.
    fn identity<T: Debug>(&self, value: T) -> T {
        value
    }

    fn with_lifetimes<'a>(&self, a: &'a str, _b: &str) -> &'a str {
        a
    }

    fn impl_trait_argument(&self, items: impl IntoIterator<Item = u32> + Debug) -> u32 {
        items.into_iter().sum()
    }

    fn patterns(&self, (a, b): (u32, u32), Store { count }: Store) -> u32 {
        a + b + count
    }

    fn never(&self) -> ! {
        panic!("never")
    }

    fn r#type(&self) -> u32 {
        Self::LIMIT
    }

    /// Documented, inlined and with a lint allowed.
    #[inline]
    #[must_use]
    #[allow(clippy::unused_self)]
    fn attributes(&self) -> u32 {
        1
    }

    #[cfg(any())]
    fn configured_out(&self, x: NotAType) -> NotAType {
        x
    }

    #[cfg(all())]
    fn configured_in(&self) -> u32 {
        2
    }

    /// Its own arguments, merged over the block's.
    #[instrument(level = "warn", skip(secret), fields(own = 1), ret(Display))]
    fn own(&self, secret: &str, n: u32) -> u32 {
        n + u32::try_from(secret.len()).unwrap_or(0)
    }

    #[instrument(name = "store.renamed", skip_all)]
    fn renamed(&self, secret: &str) -> usize {
        secret.len()
    }

    #[instrument_runtime::instrument(err)]
    fn fallible(&self) -> Result<u32, String> {
        Ok(self.count)
    }

    #[no_instrument]
    fn opted_out(&self) -> u32 {
        self.count
    }

    const fn constant(&self) -> u32 {
        self.count
    }

    extern "C" fn extern_c(&self) -> u32 {
        self.count
    }

    generated!(from_macro);
}

// ---------------------------------------------------------------- generic impls

#[derive(Debug)]
struct Wrapper<T, const N: usize> {
    items: [T; N],
}

#[instrument(skip(extra), err)]
impl<T, const N: usize> Wrapper<T, N>
where
    T: Debug + Clone + Send + Sync,
{
    fn first(&self) -> Option<T> {
        self.items.first().cloned()
    }

    /// `Self` alone is the block's type, not a `Result` (only `Self::Output`
    /// could be one): `err` leaves it alone.
    fn copy(&self) -> Self {
        Wrapper {
            items: self.items.clone(),
        }
    }

    fn checked(&self, extra: u32) -> Result<usize, String> {
        Ok(N + extra as usize)
    }

    async fn later(&self, extra: u32) -> std::io::Result<usize> {
        Ok(N + extra as usize)
    }

    /// A type parameter: it says it returns no `Result`.
    #[instrument(ret)]
    fn item(&self, at: usize) -> &T {
        &self.items[at]
    }
}

/// A lifetime in the header.
#[derive(Debug)]
struct Parser<'a> {
    text: &'a str,
}

#[instrument]
impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { text }
    }

    fn word(&mut self) -> Option<&'a str> {
        let (word, rest) = self.text.split_once(' ')?;
        self.text = rest;
        Some(word)
    }

    async fn rest(&self) -> &'a str {
        self.text
    }

    fn borrowed<'b>(&'b self, other: &'b str) -> &'b str {
        if other.is_empty() { self.text } else { other }
    }
}

// ---------------------------------------------------------------- trait impls of every self type

trait Show {
    fn show(&self) -> usize;
}

#[derive(Debug)]
struct Point;

trait Shape: Debug {}

impl Shape for Point {}

#[instrument]
impl<T: Debug> Show for Vec<T> {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl<T: Show + Debug + ?Sized> Show for &T {
    fn show(&self) -> usize {
        (**self).show()
    }
}

#[instrument]
impl Show for [u8] {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl<const N: usize> Show for [u16; N] {
    fn show(&self) -> usize {
        N
    }
}

#[instrument]
impl Show for (u8, u16) {
    fn show(&self) -> usize {
        usize::from(self.1)
    }
}

#[instrument]
impl Show for () {
    fn show(&self) -> usize {
        0
    }
}

#[instrument]
impl Show for str {
    fn show(&self) -> usize {
        self.len()
    }
}

#[instrument]
impl Show for dyn Shape {
    fn show(&self) -> usize {
        1
    }
}

#[instrument]
impl Show for dyn Shape + Send {
    fn show(&self) -> usize {
        2
    }
}

#[instrument]
impl Show for Box<dyn Shape + Send> {
    fn show(&self) -> usize {
        3
    }
}

#[instrument]
impl Show for fn(u8) -> u8 {
    fn show(&self) -> usize {
        usize::from(self(1))
    }
}

#[instrument]
impl Show for *const u8 {
    fn show(&self) -> usize {
        4
    }
}

#[instrument]
impl Show for std::collections::BTreeMap<u8, u8> {
    fn show(&self) -> usize {
        self.len()
    }
}

// ---------------------------------------------------------------- unsafe

/// # Safety
///
/// Nothing to uphold: `unsafe` is the shape under test.
#[instrument]
unsafe trait Raw {
    fn raw(&self) -> u32 {
        5
    }
}

#[instrument]
unsafe impl Raw for Point {
    fn raw(&self) -> u32 {
        6
    }
}

// ---------------------------------------------------------------- traits

/// Default bodies, declarations, generic methods, associated types and
/// consts, a `where Self: Sized` method; `err` only where a `Result` is.
#[instrument(err, fields(repo = "numbers"))]
trait Repository<K: Debug> {
    type Item: Debug;
    const KIND: &'static str;

    fn get(&self, key: &K) -> Option<Self::Item>;

    fn describe(&self, key: K) -> String {
        format!("{} {key:?}", Self::KIND)
    }

    fn require(&self, key: K) -> Result<Self::Item, String> {
        self.get(&key).ok_or_else(|| String::from("missing"))
    }

    fn find<Q>(&self, query: Q) -> Option<Self::Item>
    where
        Q: Into<K> + Debug,
    {
        self.get(&query.into())
    }

    #[instrument(skip(keep))]
    fn all<F: Fn(&K) -> bool>(&self, keys: Vec<K>, keep: F) -> Vec<Self::Item>
    where
        Self: Sized,
    {
        keys.iter().filter(|k| keep(k)).filter_map(|k| self.get(k)).collect()
    }

    async fn load(&self, key: K) -> Result<Self::Item, String> {
        self.require(key)
    }

    fn items(&self) -> impl Stream<Item = u32> {
        Empty
    }
}

struct Numbers;

#[instrument(skip(self))]
impl Repository<u8> for Numbers {
    type Item = u16;
    const KIND: &'static str = "number";

    fn get(&self, key: &u8) -> Option<u16> {
        Some(u16::from(*key))
    }

    fn describe(&self, key: u8) -> String {
        key.to_string()
    }
}

/// `Debug` as a supertrait: `self` is recorded.
#[instrument]
pub(crate) trait Described: Debug + Send + Sync {
    fn describe(&self) -> String {
        format!("{self:?}")
    }

    async fn describe_later(&self) -> String {
        self.describe()
    }
}

impl Described for Point {}

/// A lifetime on the trait.
#[instrument]
trait Visitor<'de> {
    fn visit(&mut self, input: &'de str) -> usize {
        input.len()
    }
}

impl Visitor<'_> for Point {}

/// Return-position `impl Trait` in a trait, with an annotated impl.
trait Fetch {
    fn fetch(&self, id: u32) -> impl Future<Output = u32> + Send;

    fn stream(&self) -> impl Stream<Item = u32>;
}

#[instrument(ret)]
impl Fetch for Point {
    fn fetch(&self, id: u32) -> impl Future<Output = u32> + Send {
        async move { id }
    }

    fn stream(&self) -> impl Stream<Item = u32> {
        Empty
    }
}

/// An associated type the block's `err` cannot classify: the method says.
trait Call {
    type Output;

    fn call(&self, req: u32) -> Self::Output;
}

#[derive(Debug)]
struct Parse;

#[instrument(err)]
impl Call for Parse {
    type Output = Result<u32, String>;

    #[instrument(err)]
    fn call(&self, req: u32) -> Self::Output {
        Ok(req)
    }
}

// ---------------------------------------------------------------- async-trait, both orders

#[async_trait::async_trait]
trait Service: Send + Sync {
    async fn call(&self, req: u32) -> Result<u32, String>;

    async fn len(&self) -> usize {
        0
    }
}

#[derive(Debug)]
struct First;

#[instrument(err, ret)]
#[async_trait::async_trait]
impl Service for First {
    async fn call(&self, req: u32) -> Result<u32, String> {
        Ok(req)
    }
}

#[derive(Debug)]
struct Second;

#[async_trait::async_trait]
#[instrument(err, ret)]
impl Service for Second {
    async fn call(&self, req: u32) -> Result<u32, String> {
        Ok(req)
    }

    #[instrument(level = "debug")]
    async fn len(&self) -> usize {
        1
    }
}

#[instrument]
#[async_trait::async_trait(?Send)]
trait LocalService {
    async fn call(&self, req: std::rc::Rc<u32>) -> u32 {
        *req
    }
}

#[async_trait::async_trait(?Send)]
#[instrument]
trait LocalService2 {
    async fn call(&self, req: std::rc::Rc<u32>) -> u32 {
        *req
    }
}

impl LocalService for First {}
impl LocalService2 for First {}

// ---------------------------------------------------------------- crate = path

mod reexport {
    pub(crate) use instrument_runtime as rt;
}

#[derive(Debug)]
struct Routed;

#[instrument(crate = reexport::rt, ret)]
impl Routed {
    fn get(&self) -> u32 {
        1
    }

    #[reexport::rt::no_instrument]
    fn left(&self) -> u32 {
        2
    }
}

#[allow(unreachable_code)]
fn main() {
    let mut store = Store::new(1);
    let _ = store.clone().by_value();
    let _ = store.by_ref();
    store.by_mut();
    let _ = store.clone().by_mut_binding();
    let _ = Box::new(store.clone()).by_box();
    let _ = Arc::new(store.clone()).by_arc();
    let _ = Pin::new(&mut store).by_pin();
    let _ = store.async_by_ref(1);
    let _ = Store::async_associated(1);
    let _ = store.returns_future();
    let _ = store.returns_future_only();
    let _ = store.returns_box_future();
    let _ = store.returns_stream();
    let _ = store.generic([1, 2]);
    let _ = store.with_lifetimes("a", "b");
    let _ = store.identity(1);
    let _ = store.impl_trait_argument(vec![1]);
    let _ = store.patterns((1, 2), Store::default());
    let _ = store.r#type() + store.attributes() + store.configured_in();
    let _ = store.own("secret", 1) + store.renamed("secret") as u32;
    let _ = store.fallible();
    let _ = store.opted_out() + store.constant() + store.extern_c() + store.from_macro();
    let _ = store.async_by_mut();
    if store.count > 100 {
        store.never();
    }

    let wrapper = Wrapper { items: [1_u8, 2] };
    let _ = (wrapper.first(), wrapper.checked(1), wrapper.later(1), wrapper.item(0), wrapper.copy());

    let mut parser = Parser::new("a b");
    let _ = parser.word();
    let _ = parser.borrowed("x");
    let _ = parser.rest();

    let f: fn(u8) -> u8 = |x| x;
    let point: Box<dyn Shape + Send> = Box::new(Point);
    let _ = vec![1].show() + (&vec![1]).show() + [1_u8][..].show() + [1_u16, 2].show();
    let _ = (1_u8, 2_u16).show() + ().show() + "s".show() + (&Point as &dyn Shape).show();
    let _ = (&*point).show() + point.show() + f.show() + std::ptr::null::<u8>().show();
    let _ = std::collections::BTreeMap::<u8, u8>::new().show();
    let _ = Point.raw();

    let _ = (Numbers.describe(1), Numbers.require(1), Numbers.find(1_u8));
    let _ = (Numbers.all(vec![1], |_| true), Numbers.load(1), Numbers.items());
    let _ = (Point.describe(), Point.describe_later(), Point.visit("x"));
    let _ = (Point.fetch(1), Point.stream());
    let _ = (Service::call(&First, 1), First.len(), Second.call(1), Second.len());
    let _ = (
        LocalService::call(&First, std::rc::Rc::new(1)),
        LocalService2::call(&First, std::rc::Rc::new(1)),
    );
    let _ = Routed.get() + Routed.left();
    let _ = Call::call(&Parse, 1);
}
