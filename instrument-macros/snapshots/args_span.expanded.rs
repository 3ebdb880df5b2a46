// The expansion of args_span.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn query(request: &Span, cause: &Span, sql: &str) -> usize {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::DEBUG;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "db.query",
            "sql",
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["request", "cause", "sql"],
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
            {
                let __instrument_opened = ::instrument_runtime::__private::Span::child_of(
                    &request,
                    &__INSTRUMENT_SPAN_META,
                    &__INSTRUMENT_SPAN_META.fields().value_set_all(&[
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::value(
                                &::instrument_runtime::field::record_debug_ref(&&*request),
                            ),
                        ),
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::value(
                                &::instrument_runtime::field::record_debug_ref(&&*cause),
                            ),
                        ),
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::value(&sql),
                        ),
                    ]),
                );
                #[allow(for_loops_over_fallibles)]
                for __instrument_cause in [cause.id()] {
                    __instrument_opened.follows_from(__instrument_cause);
                }
                __instrument_opened
            }
        } else {
            ::instrument_runtime::__private::Span::disabled(&__INSTRUMENT_SPAN_META)
        };
    let __instrument_entered = __instrument_span.enter();
    { sql.len() }
}
