// The expansion of impl_block.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

impl Store {
    #[instrument(level = "debug", err, skip(db), ret, name = "Store::get")]
    fn get(&self, db: &Db, id: u64) -> Result<Item, Error> {
        db.get(id)
    }
    #[::instrument_runtime::instrument(level = "debug", err, skip(db), name = "Store::put")]
    async fn put(&self, db: &Db, item: Item) -> Result<(), Error> {
        db.put(item).await
    }
    #[no_instrument]
    fn raw(&self) -> &Db {
        &self.db
    }
}
