// The expansion of args_outcome.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[allow(
    refining_impl_trait,
    clippy::iter_not_returning_iterator,
    clippy::new_ret_no_self
)]
fn call(id: u64) -> impl ::instrument_runtime::__private::Future<Output = Result<u64, Error>> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "call",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["id", "outcome"],
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
            let _ = (&id,);
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
                                    ::instrument_runtime::__private::value(&id),
                                ),
                                ::instrument_runtime::__private::None,
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
                let __instrument_never: Result<u64, Error> = loop {};
                return __instrument_never;
            }
            { remote(id).await }
        },
        |__instrument_end| {
            if let ::instrument_runtime::__private::Some(__instrument_out) =
                __instrument_end.output()
            {
                {
                    const __INSTRUMENT_RET_LEVEL: ::instrument_runtime::__private::Level =
                        __INSTRUMENT_SPAN_LEVEL;
                    static __INSTRUMENT_RET_META: ::instrument_runtime::__private::Metadata<
                        'static,
                    > = ::instrument_runtime::__private::Metadata::new(
                        ::instrument_runtime::__private::concat!(
                            "event ",
                            ::instrument_runtime::__private::file!(),
                            ":",
                            ::instrument_runtime::__private::line!()
                        ),
                        ::instrument_runtime::__private::module_path!(),
                        __INSTRUMENT_RET_LEVEL,
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
                            &["return"],
                            ::instrument_runtime::__private::identify(&__INSTRUMENT_RET_CALLSITE),
                        ),
                        ::instrument_runtime::__private::Kind::EVENT,
                    );
                    static __INSTRUMENT_RET_CALLSITE:
                        ::instrument_runtime::__private::DefaultCallsite =
                        ::instrument_runtime::__private::DefaultCallsite::new(
                            &__INSTRUMENT_RET_META,
                        );
                    ::instrument_runtime::__private::event(
                        &__INSTRUMENT_RET_CALLSITE,
                        &__INSTRUMENT_RET_META,
                        &::instrument_runtime::field::record_return(__instrument_out),
                    );
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
            __instrument_end.record_outcome(
                &__INSTRUMENT_SPAN_META,
                __instrument_end.outcome(|__instrument_out| {
                    use ::instrument_runtime::__private::{AnyOutcome as _, ResultOutcome as _};
                    (&::instrument_runtime::__private::OutcomeOf(__instrument_out)).outcome()
                }),
            );
        },
    )
}
