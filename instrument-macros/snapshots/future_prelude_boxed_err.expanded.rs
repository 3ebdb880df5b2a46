// The expansion of future_prelude_boxed_err.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn fetch(id: u64) -> Pin<Box<dyn Future<Output = Result<u64, Error>> + Send>> {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
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
    let __instrument_fut = {
        let __instrument_entered = __instrument_span.enter();
        ::instrument_runtime::__private::call_catching(
            || '__instrument_prelude: {
                ::instrument_runtime::__private::Prelude::Tail({
                    let key = id.checked_mul(2);
                    let Some(key) = key else {
                        break '__instrument_prelude :: instrument_runtime :: __private :: Prelude :: Early (:: instrument_runtime :: __private :: Box :: pin (:: instrument_runtime :: __private :: AsyncFn :: < _ , _ , true > :: running (:: instrument_runtime :: __private :: Span :: clone (& __instrument_span) , ready (Err (Error)) , | __instrument_end | { if let :: instrument_runtime :: __private :: Some (__instrument_out) = __instrument_end . output () { if let :: instrument_runtime :: __private :: Err (__instrument_error) = :: instrument_runtime :: field :: returned_result (__instrument_out) { { const __INSTRUMENT_ERR_LEVEL : :: instrument_runtime :: __private :: Level = :: instrument_runtime :: __private :: Level :: ERROR ; static __INSTRUMENT_ERR_META : :: instrument_runtime :: __private :: Metadata < 'static > = :: instrument_runtime :: __private :: Metadata :: new (:: instrument_runtime :: __private :: concat ! ("event " , :: instrument_runtime :: __private :: file ! () , ":" , :: instrument_runtime :: __private :: line ! ()) , :: instrument_runtime :: __private :: module_path ! () , __INSTRUMENT_ERR_LEVEL , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: file ! ()) , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: line ! ()) , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: module_path ! ()) , :: instrument_runtime :: __private :: FieldSet :: new (& ["error"] , :: instrument_runtime :: __private :: identify (& __INSTRUMENT_ERR_CALLSITE)) , :: instrument_runtime :: __private :: Kind :: EVENT ,) ; static __INSTRUMENT_ERR_CALLSITE : :: instrument_runtime :: __private :: DefaultCallsite = :: instrument_runtime :: __private :: DefaultCallsite :: new (& __INSTRUMENT_ERR_META) ; :: instrument_runtime :: __private :: event (& __INSTRUMENT_ERR_CALLSITE , & __INSTRUMENT_ERR_META , & :: instrument_runtime :: field :: record_error (__instrument_error)) ; } } } if let :: instrument_runtime :: __private :: Some (__instrument_panic) = __instrument_end . panicked () { { const __INSTRUMENT_PANIC_LEVEL : :: instrument_runtime :: __private :: Level = :: instrument_runtime :: __private :: Level :: ERROR ; static __INSTRUMENT_PANIC_META : :: instrument_runtime :: __private :: Metadata < 'static > = :: instrument_runtime :: __private :: Metadata :: new (:: instrument_runtime :: __private :: concat ! ("event " , :: instrument_runtime :: __private :: file ! () , ":" , :: instrument_runtime :: __private :: line ! ()) , :: instrument_runtime :: __private :: module_path ! () , __INSTRUMENT_PANIC_LEVEL , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: file ! ()) , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: line ! ()) , :: instrument_runtime :: __private :: Some (:: instrument_runtime :: __private :: module_path ! ()) , :: instrument_runtime :: __private :: FieldSet :: new (& ["error"] , :: instrument_runtime :: __private :: identify (& __INSTRUMENT_PANIC_CALLSITE)) , :: instrument_runtime :: __private :: Kind :: EVENT ,) ; static __INSTRUMENT_PANIC_CALLSITE : :: instrument_runtime :: __private :: DefaultCallsite = :: instrument_runtime :: __private :: DefaultCallsite :: new (& __INSTRUMENT_PANIC_META) ; :: instrument_runtime :: __private :: panic_event (& __INSTRUMENT_PANIC_CALLSITE , & __INSTRUMENT_PANIC_META , __instrument_panic) ; } } }))) ;
                    };
                    async move { Ok(key) }
                })
            },
            |__instrument_panic| {
                const __INSTRUMENT_PANIC_LEVEL: ::instrument_runtime::__private::Level =
                    ::instrument_runtime::__private::Level::ERROR;
                static __INSTRUMENT_PANIC_META: ::instrument_runtime::__private::Metadata<'static> =
                    ::instrument_runtime::__private::Metadata::new(
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
                    ::instrument_runtime::__private::DefaultCallsite::new(&__INSTRUMENT_PANIC_META);
                ::instrument_runtime::__private::panic_event(
                    &__INSTRUMENT_PANIC_CALLSITE,
                    &__INSTRUMENT_PANIC_META,
                    __instrument_panic,
                );
            },
        )
    };
    match __instrument_fut {
        ::instrument_runtime::__private::Prelude::Tail(__instrument_fut) => {
            ::instrument_runtime::__private::Box::pin(::instrument_runtime::__private::AsyncFn::<
                _,
                _,
                true,
            >::running(
                __instrument_span,
                __instrument_fut,
                |__instrument_end| {
                    if let ::instrument_runtime::__private::Some(__instrument_out) =
                        __instrument_end.output()
                    {
                        if let ::instrument_runtime::__private::Err(__instrument_error) =
                            ::instrument_runtime::field::returned_result(__instrument_out)
                        {
                            {
                                const __INSTRUMENT_ERR_LEVEL:
                                    ::instrument_runtime::__private::Level =
                                    ::instrument_runtime::__private::Level::ERROR;
                                static __INSTRUMENT_ERR_META:
                                    ::instrument_runtime::__private::Metadata<'static> =
                                    ::instrument_runtime::__private::Metadata::new(
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
                                            &["error"],
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
                                ::instrument_runtime::__private::event(
                                    &__INSTRUMENT_ERR_CALLSITE,
                                    &__INSTRUMENT_ERR_META,
                                    &::instrument_runtime::field::record_error(__instrument_error),
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
                            static __INSTRUMENT_PANIC_META:
                                ::instrument_runtime::__private::Metadata<'static> =
                                ::instrument_runtime::__private::Metadata::new(
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
                                        ::instrument_runtime::__private::identify(
                                            &__INSTRUMENT_PANIC_CALLSITE,
                                        ),
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
            ))
        }
        ::instrument_runtime::__private::Prelude::Early(__instrument_ret) => __instrument_ret,
    }
}
