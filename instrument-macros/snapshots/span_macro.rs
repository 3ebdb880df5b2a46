// `span!` opens its span on the same path as `#[instrument]`: an explicit
// parent, a target, and fields in every form.
span!(target: "http", parent: &request, Level::INFO, "request", id = 7_u64, %path, ?headers, pending = field::Empty, x = debug(&y));
