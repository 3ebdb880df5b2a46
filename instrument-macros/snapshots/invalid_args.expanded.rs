// The expansion of invalid_args.rs (generated: `SNAPSHOT_BLESS=1 cargo test -p instrument-macros snapshots`).

fn wrong(a: u64) -> u64 {
    #[allow(
        clippy::let_underscore_untyped,
        clippy::used_underscore_binding,
        let_underscore_drop
    )]
    let _ = a;
    a
}
::core::compile_error! { "unknown argument `levle`; did you mean `level`?\nvalid arguments: name, target, level, parent, follows_from, skip, skip_all, fields, err, ret, crate, future, stream, outcome, detached" }
::core::compile_error! { "cannot skip `nope`: the function has no parameter of that name; its parameters are `a`" }
