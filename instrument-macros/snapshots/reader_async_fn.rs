// For rustdoc and rust-analyzer: the `async fn` as written, its span opened
// at the top of its body, no rewritten signature and nothing under a `cfg`.
#[instrument(skip(db), fields(shard = db.shard()), err)]
pub async fn load(db: &Db, id: u64) -> Result<Row, Error> {
    let row = db.get(id).await?;
    Ok(row)
}
