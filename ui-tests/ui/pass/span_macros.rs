// Every form of the span macros, and futures that stay `Send` because the
// span is attached with `Instrument` rather than held with a guard.
use instrument_runtime::{
    debug_span, error_span, info_span, span, trace_span, warn_span, Instrument, Level, Span,
};

struct Conn {
    id: u32,
}

fn require_send<T: Send>(_: T) {}

async fn yield_point() {}

fn main() {
    let user = "ferris";
    let conn = Conn { id: 7 };
    let r#type = "raw";
    let root = info_span!(
        "root",
        user,
        %user,
        ?user,
        n = 1,
        text = %user,
        dbg = ?user,
        http.method = "GET",
        conn.id,
        "string name" = 2,
        r#type,
        type = 3,
        late = instrument_runtime::field::Empty,
    );
    root.record("late", true);

    let _t = trace_span!(target: "custom", parent: &root, "t");
    let _d = debug_span!(parent: None, "d");
    let _w = warn_span!(target: "custom", "w", a = 1);
    let _e = error_span!("e");
    let _s = span!(Level::INFO, "s");
    let _full = span!(target: "custom", parent: root.id(), Level::DEBUG, "full", b = ?conn.id);

    root.in_scope(|| {
        Span::current().record("late", false);
    });
    let guard = root.clone().entered();
    drop(guard.exit());

    require_send(
        async {
            let span = info_span!("inside");
            span.in_scope(|| ());
            yield_point().await;
        }
        .instrument(root),
    );
}
