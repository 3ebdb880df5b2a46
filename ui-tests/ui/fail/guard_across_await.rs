// A span guard is `!Send`: holding it across `.await` makes the future
// `!Send`. Use `Instrument::instrument` instead.
use instrument_runtime::info_span;

fn require_send<T: Send>(_: T) {}

async fn yield_point() {}

fn main() {
    require_send(async {
        let span = info_span!("held");
        let _guard = span.enter();
        yield_point().await;
    });
}
