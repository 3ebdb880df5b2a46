// Wrong arguments: the function as written, and one error per mistake.
#[instrument(levle = "debug", skip(nope))]
fn wrong(a: u64) -> u64 {
    a
}
