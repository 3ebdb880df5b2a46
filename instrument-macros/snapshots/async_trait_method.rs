// What `#[async_trait]` emits for `async fn get(&self, id: u64) -> u64`, as
// `#[async_trait] #[instrument]` hands it to us.
#[instrument]
fn get<'life0, 'async_trait>(
    &'life0 self,
    id: u64,
) -> ::core::pin::Pin<Box<dyn ::core::future::Future<Output = u64> + ::core::marker::Send + 'async_trait>>
where
    'life0: 'async_trait,
    Self: 'async_trait,
{
    Box::pin(async move {
        let __self = self;
        let id = id;
        let __ret: u64 = { __self.base + id };
        #[allow(unreachable_code)]
        __ret
    })
}
