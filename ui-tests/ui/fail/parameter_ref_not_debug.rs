use instrument_runtime::instrument;

struct AppState;

// A reference parameter: the error names `AppState`, the type that is not
// `Debug`, at the parameter, with no note about `&AppState`.
#[instrument]
async fn handler(state: &AppState, id: u64) -> u64 {
    id
}

fn main() {
    drop(handler(&AppState, 1));
}
