//! The checked-in signature grid, `tests/grid/generated.rs`, is what
//! `tests/grid/generate.rs` generates. After changing the generator, rewrite
//! the file with `GRID_BLESS=1 cargo test -p instrument-tests --test it
//! grid_check`.

#[path = "../../grid/generate.rs"]
mod generate;

#[test]
fn the_generated_grid_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/grid/generated.rs");
    let fresh = generate::generate();
    if std::env::var_os("GRID_BLESS").is_some() {
        std::fs::write(path, &fresh).expect("writing the generated grid");
        return;
    }
    let checked_in = std::fs::read_to_string(path).expect("reading the generated grid");
    assert!(
        checked_in == fresh,
        "{path} is out of date: rerun with GRID_BLESS=1 to regenerate it"
    );
}
