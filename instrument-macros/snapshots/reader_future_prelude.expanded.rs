// The expansion of reader_future_prelude.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn fetch(id: u64) -> impl Future<Output = u64> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::DEBUG;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "fetch",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["id"],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
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
                        &id,
                    )),
                ]),
            )
        } else {
            ::instrument_runtime::__private::Span::disabled(&__INSTRUMENT_SPAN_META)
        };
    let key = id * 2;
    async move { key }
}
