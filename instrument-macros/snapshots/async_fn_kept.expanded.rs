// The expansion of async_fn_kept.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[tokio::test]
async fn runs() {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "runs",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &[],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    ::instrument_runtime::__private::AsyncFn::<_, _, false>::new(
        ::instrument_runtime::__private::Caller::NONE,
        __INSTRUMENT_SPAN_LEVEL,
        async move {
            #[allow(clippy::used_underscore_binding)]
            if ::instrument_runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL) {
                ::instrument_runtime::__private::handoff(
                    &__INSTRUMENT_SPAN_CALLSITE,
                    &__INSTRUMENT_SPAN_META,
                    || {
                        ::instrument_runtime::__private::Span::new(
                            &__INSTRUMENT_SPAN_META,
                            &__INSTRUMENT_SPAN_META.fields().value_set_all(&[]),
                        )
                    },
                );
            }
            #[allow(
                unreachable_code,
                clippy::empty_loop,
                clippy::diverging_sub_expression,
                clippy::needless_return
            )]
            if false {
                let __instrument_never: () = loop {};
                return __instrument_never;
            }
            {
                work().await;
            }
        },
        |_| {},
    )
    .await
}
