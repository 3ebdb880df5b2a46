// The expansion of stream.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn numbers(n: u64) -> impl Stream<Item = u64> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "numbers",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["n"],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    ::instrument_runtime::__private::streams_enabled::<()>();
    #[allow(clippy::used_underscore_binding)]
    let __instrument_span =
        if ::instrument_runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL)
            && ::instrument_runtime::__private::callsite_enabled(
                &__INSTRUMENT_SPAN_CALLSITE,
                &__INSTRUMENT_SPAN_META,
            )
        {
            ::instrument_runtime::__private::Span::new(
                &__INSTRUMENT_SPAN_META,
                &__INSTRUMENT_SPAN_META.fields().value_set_all(&[
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &n,
                    )),
                ]),
            )
        } else {
            ::instrument_runtime::__private::Span::disabled(&__INSTRUMENT_SPAN_META)
        };
    let __instrument_fut = {
        let __instrument_entered = __instrument_span.enter();
        { stream::iter(0..n) }
    };
    ::instrument_runtime::__private::instrument_stream(__instrument_span, __instrument_fut)
}
