// An `async fn` with a borrowed parameter and a destructured one: rewritten
// to return `impl Future`, the span opens at the first poll.
#[instrument]
pub async fn load(db: &Db, (shard, id): (u16, u64)) -> Option<Row> {
    db.get(shard, id).await
}
