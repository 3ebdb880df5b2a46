// A method of an annotated block, as the block hands it on: `self` and the
// `Type::method` name.
#[instrument(level = "debug", skip(db), name = "Store::put")]
async fn put(&self, db: &Db, item: Item) -> Result<(), Error> {
    db.put(item).await
}
