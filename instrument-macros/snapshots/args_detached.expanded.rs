// The expansion of args_detached.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[allow(
    refining_impl_trait,
    clippy::iter_not_returning_iterator,
    clippy::new_ret_no_self
)]
fn background(jobs: Vec<Job>) -> impl my::runtime::__private::Future<Output = ()> {
    const __INSTRUMENT_SPAN_LEVEL: my::runtime::__private::Level =
        my::runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: my::runtime::__private::Metadata<'static> =
        my::runtime::__private::Metadata::new(
            "background",
            my::runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            my::runtime::__private::Some(my::runtime::__private::file!()),
            my::runtime::__private::Some(my::runtime::__private::line!()),
            my::runtime::__private::Some(my::runtime::__private::module_path!()),
            my::runtime::__private::FieldSet::new(
                &[],
                my::runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            my::runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: my::runtime::__private::DefaultCallsite =
        my::runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    my::runtime::__private::AsyncFn::<_, _, false>::new(
        my::runtime::__private::caller_span(
            my::runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL),
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
            let _ = (&jobs,);
            #[allow(clippy::used_underscore_binding)]
            if my::runtime::__private::level_enabled(__INSTRUMENT_SPAN_LEVEL) {
                my::runtime::__private::handoff(
                    &__INSTRUMENT_SPAN_CALLSITE,
                    &__INSTRUMENT_SPAN_META,
                    || {
                        my::runtime::__private::Span::detached(
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
                run(jobs).await;
            }
        },
        |_| {},
    )
}
