// The span's own arguments: name, target, level, parent and follows_from.
#[instrument(name = "db.query", target = "sql", level = "debug", parent = &request, follows_from = [cause.id()])]
fn query(request: &Span, cause: &Span, sql: &str) -> usize {
    sql.len()
}
