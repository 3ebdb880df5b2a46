// The expansion of async_fn.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[allow(
    refining_impl_trait,
    clippy::iter_not_returning_iterator,
    clippy::new_ret_no_self
)]
pub fn load<'__instrument0>(
    db: &'__instrument0 Db,
    mut __instrument_arg1: (u16, u64),
) -> impl ::instrument_runtime::__private::Future<Output = Option<Row>>
+ ::instrument_runtime::__private::Captures<(&'__instrument0 (),)> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "load",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["db", "shard", "id"],
                ::instrument_runtime::__private::identify(&__INSTRUMENT_SPAN_CALLSITE),
            ),
            ::instrument_runtime::__private::Kind::SPAN,
        );
    static __INSTRUMENT_SPAN_CALLSITE: ::instrument_runtime::__private::DefaultCallsite =
        ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_SPAN_META);
    ::instrument_runtime::__private::AsyncFn::<_, _, false>::new(
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
            let _ = (&db, &__instrument_arg1);
            let (shard, id) = __instrument_arg1;
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
                                    ::instrument_runtime::__private::value(
                                        &::instrument_runtime::field::record_debug_ref(&&*db),
                                    ),
                                ),
                                ::instrument_runtime::__private::Some(
                                    ::instrument_runtime::__private::value(&shard),
                                ),
                                ::instrument_runtime::__private::Some(
                                    ::instrument_runtime::__private::value(&id),
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
                let __instrument_never: Option<Row> = loop {};
                return __instrument_never;
            }
            { db.get(shard, id).await }
        },
        |_| {},
    )
}
