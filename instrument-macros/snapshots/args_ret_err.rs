// ret and err on a sync fn: the body runs in a closure so every return is seen.
#[instrument(ret, err(Debug, level = "warn"))]
fn parse(text: &str) -> Result<u32, ParseIntError> {
    let n = text.parse()?;
    Ok(n)
}
