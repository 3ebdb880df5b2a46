// The expansion of span_macro.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

const _: () = {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level = Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "request",
            "http",
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["id", "path", "headers", "pending", "x"],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    if ::instrument_runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL)
        && ::instrument_runtime::__private::callsite_enabled(
            &__INSTRUMENT_SPAN_CALLSITE,
            &__INSTRUMENT_SPAN_META,
        )
    {
        {
            use ::instrument_runtime::field::debug;
            ::instrument_runtime::__private::Span::child_of(
                &request,
                &__INSTRUMENT_SPAN_META,
                &__INSTRUMENT_SPAN_META.fields().value_set_all(&[
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &(7_u64),
                    )),
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &::instrument_runtime::field::record_display(&(path)),
                    )),
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &::instrument_runtime::field::record_debug(&(headers)),
                    )),
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &(field::Empty),
                    )),
                    ::instrument_runtime::__private::Some(::instrument_runtime::__private::value(
                        &(debug(&y)),
                    )),
                ]),
            )
        }
    } else {
        ::instrument_runtime::__private::Span::disabled(&__INSTRUMENT_SPAN_META)
    }
};
