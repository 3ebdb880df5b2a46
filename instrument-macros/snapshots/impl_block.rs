// An annotated `impl` block: each method gets its own attribute, merged.
#[instrument(level = "debug", skip(db), err)]
impl Store {
    #[instrument(ret)]
    fn get(&self, db: &Db, id: u64) -> Result<Item, Error> {
        db.get(id)
    }

    async fn put(&self, db: &Db, item: Item) -> Result<(), Error> {
        db.put(item).await
    }

    #[no_instrument]
    fn raw(&self) -> &Db {
        &self.db
    }
}
