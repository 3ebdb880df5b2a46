// The expansion of args_outcome_sync.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn compute(n: u64) -> u64 {
    const __INSTRUMENT_SPAN_LEVEL: ::instrument_runtime::__private::Level =
        ::instrument_runtime::__private::Level::INFO;
    static __INSTRUMENT_SPAN_META: ::instrument_runtime::__private::Metadata<'static> =
        ::instrument_runtime::__private::Metadata::new(
            "compute",
            ::instrument_runtime::__private::module_path!(),
            __INSTRUMENT_SPAN_LEVEL,
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::file!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::line!()),
            ::instrument_runtime::__private::Some(::instrument_runtime::__private::module_path!()),
            ::instrument_runtime::__private::FieldSet::new(
                &["n", "outcome"],
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
                        &n,
                    )),
                    ::instrument_runtime::__private::None,
                ]),
            )
        } else {
            ::instrument_runtime::__private::Span::disabled(&__INSTRUMENT_SPAN_META)
        };
    let __instrument_entered = __instrument_span.enter();
    #[allow(clippy::let_unit_value)]
    let __instrument_ret = ::instrument_runtime::__private::call_catching(
        move || {
            #[allow(
                unreachable_code,
                clippy::empty_loop,
                clippy::diverging_sub_expression,
                clippy::needless_return
            )]
            if false {
                let __instrument_never: u64 = loop {};
                return __instrument_never;
            }
            { n * 2 }
        },
        |__instrument_panic| {
            {
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
            }
            __instrument_span.record("outcome", "panicked");
        },
    );
    {
        let __instrument_out = &__instrument_ret;
        __instrument_span.record("outcome", {
            use ::instrument_runtime::__private::{AnyOutcome as _, ResultOutcome as _};
            (&::instrument_runtime::__private::OutcomeOf(__instrument_out)).outcome()
        });
    }
    __instrument_ret
}
