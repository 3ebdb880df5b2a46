// The expansion of args_err_error.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[allow(
    refining_impl_trait,
    clippy::iter_not_returning_iterator,
    clippy::new_ret_no_self
)]
fn save(
    order: u64,
) -> impl ::instrument_runtime::__private::Future<Output = Result<(), SaveError>> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "save",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["order"],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    ::instrument_runtime::__private::AsyncFn::<_, _, true>::new(
        ::instrument_runtime::__private::caller_span(
            ::instrument_runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL),
            &__INSTRUMENT_SPAN_CALLSITE,
            &__INSTRUMENT_SPAN_META,
        ),
        __INSTRUMENT_SPAN_LEVEL,
        async move {
            #[allow(
                clippy::let_underscore_untyped,
                clippy::used_underscore_binding,
                let_underscore_drop
            )]
            let _ = (&order,);
            #[allow(clippy::used_underscore_binding)]
            if ::instrument_runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL) {
                ::instrument_runtime::__private::handoff(
                    &__INSTRUMENT_SPAN_CALLSITE,
                    &__INSTRUMENT_SPAN_META,
                    || {
                        ::instrument_runtime::__private::Span::new(
                            &__INSTRUMENT_SPAN_META,
                            &__INSTRUMENT_SPAN_META.fields().value_set_all(&[
                                ::instrument_runtime::__private::Some(
                                    ::instrument_runtime::__private::value(&order),
                                ),
                            ]),
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
                let __instrument_never: Result<(), SaveError> = loop {};
                return __instrument_never;
            }
            { store(order).await }
        },
        |__instrument_end| {
            if let ::instrument_runtime::__private::Some(__instrument_out) =
                __instrument_end.output()
            {
                if let ::instrument_runtime::__private::Err(__instrument_error) =
                    ::instrument_runtime::field::returned_result(__instrument_out)
                {
                    {
                        const __INSTRUMENT_ERR_LEVEL: ::instrument_runtime::__private::Level =
                            ::instrument_runtime::__private::Level::ERROR;
                        static __INSTRUMENT_ERR_META: ::instrument_runtime::__private::Metadata<
                            'static,
                        > = ::instrument_runtime::__private::Metadata::new(
                            ::instrument_runtime::__private::concat!(
                                "event ",
                                ::instrument_runtime::__private::file!(),
                                ":",
                                ::instrument_runtime::__private::line!()
                            ),
                            ::instrument_runtime::__private::module_path!(),
                            __INSTRUMENT_ERR_LEVEL,
                            ::instrument_runtime::__private::Some(
                                ::instrument_runtime::__private::file!(),
                            ),
                            ::instrument_runtime::__private::Some(
                                ::instrument_runtime::__private::line!(),
                            ),
                            ::instrument_runtime::__private::Some(
                                ::instrument_runtime::__private::module_path!(),
                            ),
                            ::instrument_runtime::__private::FieldSet::new(
                                &["error", "error.sources"],
                                ::instrument_runtime::__private::identify(
                                    &__INSTRUMENT_ERR_CALLSITE,
                                ),
                            ),
                            ::instrument_runtime::__private::Kind::EVENT,
                        );
                        static __INSTRUMENT_ERR_CALLSITE:
                            ::instrument_runtime::__private::DefaultCallsite =
                            ::instrument_runtime::__private::DefaultCallsite::new(
                                &__INSTRUMENT_ERR_META,
                            );
                        ::instrument_runtime::__private::error_event(
                            &__INSTRUMENT_ERR_CALLSITE,
                            &__INSTRUMENT_ERR_META,
                            ::instrument_runtime::field::record_error_sources(__instrument_error),
                        );
                    }
                }
            }
            if let ::instrument_runtime::__private::Some(__instrument_panic) =
                __instrument_end.panicked()
            {
                {
                    const __INSTRUMENT_PANIC_LEVEL: ::instrument_runtime::__private::Level =
                        ::instrument_runtime::__private::Level::ERROR;
                    static __INSTRUMENT_PANIC_META: ::instrument_runtime::__private::Metadata<
                        'static,
                    > = ::instrument_runtime::__private::Metadata::new(
                        ::instrument_runtime::__private::concat!(
                            "event ",
                            ::instrument_runtime::__private::file!(),
                            ":",
                            ::instrument_runtime::__private::line!()
                        ),
                        ::instrument_runtime::__private::module_path!(),
                        __INSTRUMENT_PANIC_LEVEL,
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::file!(),
                        ),
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::line!(),
                        ),
                        ::instrument_runtime::__private::Some(
                            ::instrument_runtime::__private::module_path!(),
                        ),
                        ::instrument_runtime::__private::FieldSet::new(
                            &["error"],
                            ::instrument_runtime::__private::identify(&__INSTRUMENT_PANIC_CALLSITE),
                        ),
                        ::instrument_runtime::__private::Kind::EVENT,
                    );
                    static __INSTRUMENT_PANIC_CALLSITE:
                        ::instrument_runtime::__private::DefaultCallsite =
                        ::instrument_runtime::__private::DefaultCallsite::new(
                            &__INSTRUMENT_PANIC_META,
                        );
                    ::instrument_runtime::__private::panic_event(
                        &__INSTRUMENT_PANIC_CALLSITE,
                        &__INSTRUMENT_PANIC_META,
                        __instrument_panic,
                    );
                }
            }
        },
    )
}
