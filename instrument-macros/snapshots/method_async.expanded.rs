// The expansion of method_async.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

#[allow(
    refining_impl_trait,
    clippy::iter_not_returning_iterator,
    clippy::new_ret_no_self
)]
fn put<'__instrument0, '__instrument1>(
    &'__instrument0 self,
    db: &'__instrument1 Db,
    item: Item,
) -> impl ::instrument_runtime::__private::Future<Output = Result<(), Error>>
+ ::instrument_runtime::__private::Captures<(
    &'__instrument0 (),
    &'__instrument1 (),
    *const Self,
)> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::DEBUG;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "Store::put",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["self", "item"],
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
            let _ = (&self, &db, &item);
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
                                        &::instrument_runtime::field::record_debug_ref(&&*self),
                                    ),
                                ),
                                ::instrument_runtime::__private::Some(
                                    ::instrument_runtime::__private::value(
                                        &::instrument_runtime::field::record_debug(&item),
                                    ),
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
                let __instrument_never: Result<(), Error> = loop {};
                return __instrument_never;
            }
            { db.put(item).await }
        },
        |_| {},
    )
}
