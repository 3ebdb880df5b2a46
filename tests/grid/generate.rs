//! Generates `tests/grid/generated.rs`: instrumented functions over a grid of
//! signatures, and one call of each.
//!
//! Dimensions: receivers (none, `self`, `&self`, `&mut self`, `self:
//! Box<Self>`) x generics (none, `<T: Debug>`, `<'a>`, `<const N: usize>`) x
//! shapes (`fn`, `async fn`, `fn -> impl Future` whose body is an async
//! block, the same with a sync prelude, `fn -> Pin<Box<dyn Future + Send>>`)
//! x return types (`()`, `u32`, `&str` borrowed from an argument,
//! `Result<u32, String>` with `err`) x arguments (none, `u64`, `&str`, a
//! destructured tuple). Combinations that are not valid Rust without the
//! attribute (a borrowed `&str` with nothing to borrow from) are skipped. The
//! full grid has 1,600 cells (1,420 valid); a deterministic sample covers
//! every combination of values of any three dimensions, and of receivers x
//! shapes x return types x arguments, and is what is generated.
//!
//! `tests/it/instrument/grid_check.rs` regenerates the file in memory and
//! compares; run it with `GRID_BLESS=1` to rewrite the file after changing
//! this generator.

use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Receiver {
    None,
    Value,
    Ref,
    Mut,
    Boxed,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Generics {
    None,
    Type,
    Lifetime,
    Const,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    Sync,
    Async,
    Future,
    FuturePrelude,
    Boxed,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Return {
    Unit,
    U32,
    Str,
    Result,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Args {
    None,
    U64,
    Str,
    Tuple,
}

const RECEIVERS: [Receiver; 5] = [
    Receiver::None,
    Receiver::Value,
    Receiver::Ref,
    Receiver::Mut,
    Receiver::Boxed,
];
const GENERICS: [Generics; 4] = [
    Generics::None,
    Generics::Type,
    Generics::Lifetime,
    Generics::Const,
];
const SHAPES: [Shape; 5] = [
    Shape::Sync,
    Shape::Async,
    Shape::Future,
    Shape::FuturePrelude,
    Shape::Boxed,
];
const RETURNS: [Return; 4] = [Return::Unit, Return::U32, Return::Str, Return::Result];
const ARGS: [Args; 4] = [Args::None, Args::U64, Args::Str, Args::Tuple];

/// One cell of the grid.
#[derive(Clone, Copy, Debug)]
struct Cell {
    receiver: Receiver,
    generics: Generics,
    shape: Shape,
    ret: Return,
    args: Args,
}

impl Cell {
    /// The cell's value in each dimension, as indices.
    fn coordinates(self) -> [usize; 5] {
        let index = |found: Option<usize>| found.expect("a value of the dimension");
        [
            index(RECEIVERS.iter().position(|r| *r == self.receiver)),
            index(GENERICS.iter().position(|g| *g == self.generics)),
            index(SHAPES.iter().position(|s| *s == self.shape)),
            index(RETURNS.iter().position(|r| *r == self.ret)),
            index(ARGS.iter().position(|a| *a == self.args)),
        ]
    }

    /// A `&str` result needs something to borrow from.
    fn is_valid(self) -> bool {
        self.ret != Return::Str
            || matches!(self.receiver, Receiver::Ref | Receiver::Mut)
            || self.args == Args::Str
    }

    fn returns_future(self) -> bool {
        matches!(
            self.shape,
            Shape::Future | Shape::FuturePrelude | Shape::Boxed
        )
    }

    fn borrows(self) -> bool {
        matches!(self.receiver, Receiver::Ref | Receiver::Mut) || self.args == Args::Str
    }

    /// Whether the signature names a lifetime `'a`: asked for, or needed to
    /// bound a returned future that borrows.
    fn named_lifetime(self) -> bool {
        self.generics == Generics::Lifetime || (self.returns_future() && self.borrows())
    }

    /// The `&str` result borrows from `self` (else from `s`).
    fn borrows_self(self) -> bool {
        matches!(self.receiver, Receiver::Ref | Receiver::Mut)
    }
}

/// Every valid cell, in a fixed order.
fn all_cells() -> Vec<Cell> {
    let mut cells = Vec::new();
    for shape in SHAPES {
        for receiver in RECEIVERS {
            for generics in GENERICS {
                for ret in RETURNS {
                    for args in ARGS {
                        let cell = Cell {
                            receiver,
                            generics,
                            shape,
                            ret,
                            args,
                        };
                        if cell.is_valid() {
                            cells.push(cell);
                        }
                    }
                }
            }
        }
    }
    cells
}

/// The dimensions whose every combination of values the sample covers: any
/// three, and receivers x shapes x return types x arguments (where lifetimes
/// are decided).
fn covered_dimensions() -> Vec<Vec<usize>> {
    let mut subsets: Vec<Vec<usize>> = (0..5)
        .flat_map(|a| (a + 1..5).flat_map(move |b| (b + 1..5).map(move |c| vec![a, b, c])))
        .collect();
    subsets.push(vec![0, 2, 3, 4]);
    subsets
}

/// A combination of values: which dimensions (an index into
/// [`covered_dimensions`]), and their values (as digits in base 5).
type Key = (usize, usize);

/// A deterministic sample that covers every combination of values of the
/// [`covered_dimensions`] that some valid cell has: greedily, the cell
/// covering the most combinations not covered yet, first in order on ties.
fn sample(cells: &[Cell]) -> Vec<Cell> {
    let subsets = covered_dimensions();
    let keys = |cell: &Cell| -> Vec<Key> {
        let coordinates = cell.coordinates();
        subsets
            .iter()
            .enumerate()
            .map(|(s, dims)| (s, dims.iter().fold(0, |acc, d| acc * 5 + coordinates[*d])))
            .collect()
    };
    let mut covered = std::collections::HashSet::new();
    let mut chosen = Vec::new();
    let mut remaining: Vec<(Cell, Vec<Key>)> = cells.iter().map(|c| (*c, keys(c))).collect();
    loop {
        let best = remaining
            .iter()
            .enumerate()
            .map(|(i, (_, k))| (k.iter().filter(|key| !covered.contains(*key)).count(), i))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        match best {
            Some((gain, i)) if gain > 0 => {
                let (cell, keys) = remaining.remove(i);
                covered.extend(keys);
                chosen.push(cell);
            }
            _ => break,
        }
    }
    chosen
}

/// The generated function for `cell`, called `name`.
struct Function {
    /// Inside `impl Grid`.
    method: bool,
    code: String,
    /// The field names the span declares.
    fields: Vec<&'static str>,
    /// The body of the case's `run` closure.
    call: String,
    prelude: bool,
    ret: bool,
}

/// The attribute: `err` with a `Result`, and some variety by `index`.
fn attribute(index: usize, cell: Cell) -> (String, bool) {
    let mut args = Vec::new();
    if cell.ret == Return::Result {
        args.push("err");
    }
    let ret = index % 3 == 0;
    if ret {
        args.push("ret");
    }
    if index % 4 == 1 {
        args.push("level = \"debug\"");
    }
    let attr = if args.is_empty() {
        "#[instrument_runtime::instrument]".to_owned()
    } else {
        format!("#[instrument_runtime::instrument({})]", args.join(", "))
    };
    (attr, ret)
}

fn generic_params(cell: Cell) -> String {
    let mut generics = Vec::new();
    if cell.named_lifetime() {
        generics.push("'a");
    }
    match cell.generics {
        Generics::Type => generics.push(match cell.shape {
            Shape::Boxed if cell.named_lifetime() => "T: std::fmt::Debug + Send + 'a",
            Shape::Boxed => "T: std::fmt::Debug + Send + 'static",
            Shape::Future | Shape::FuturePrelude if cell.named_lifetime() => {
                "T: std::fmt::Debug + 'a"
            }
            _ => "T: std::fmt::Debug",
        }),
        Generics::Const => generics.push("const N: usize"),
        Generics::None | Generics::Lifetime => {}
    }
    if generics.is_empty() {
        String::new()
    } else {
        format!("<{}>", generics.join(", "))
    }
}

/// The parameters, with the values a call passes and what the span records.
#[derive(Default)]
struct Params {
    declared: Vec<String>,
    values: Vec<&'static str>,
    fields: Vec<&'static str>,
    /// Expressions that use every parameter, so that futures capture them.
    uses: Vec<&'static str>,
}

fn params(cell: Cell) -> Params {
    let lifetime = if cell.named_lifetime() { "'a " } else { "" };
    let mut p = Params::default();
    match cell.receiver {
        Receiver::None => {}
        Receiver::Value => p.declared.push("self".to_owned()),
        Receiver::Ref => p.declared.push(format!("&{lifetime}self")),
        Receiver::Mut => p.declared.push(format!("&{lifetime}mut self")),
        Receiver::Boxed => p.declared.push("self: Box<Self>".to_owned()),
    }
    if cell.receiver != Receiver::None {
        p.fields.push("self");
        p.uses.push("&self");
    }
    match cell.args {
        Args::None => {}
        Args::U64 => {
            p.declared.push("n: u64".to_owned());
            p.values.push("5");
            p.fields.push("n");
            p.uses.push("&n");
        }
        Args::Str => {
            p.declared.push(format!("s: &{lifetime}str"));
            p.values.push("\"arg\"");
            p.fields.push("s");
            p.uses.push("&s");
        }
        Args::Tuple => {
            p.declared.push("(a, b): (u32, bool)".to_owned());
            p.values.push("(1, true)");
            p.fields.extend(["a", "b"]);
            p.uses.extend(["&a", "&b"]);
        }
    }
    match cell.generics {
        Generics::Type => {
            p.declared.push("t: T".to_owned());
            p.values.push("1_u8");
            p.fields.push("t");
            p.uses.push("&t");
        }
        Generics::Lifetime => {
            p.declared.push("marker: &'a u8".to_owned());
            p.values.push("&0");
            p.fields.push("marker");
            p.uses.push("&marker");
        }
        Generics::Const => p.uses.push("&N"),
        Generics::None => {}
    }
    p
}

/// The declared return type (after the parameters), the value the body
/// returns, and what a call must return.
fn output(cell: Cell) -> (String, &'static str, &'static str) {
    let lifetime = if cell.named_lifetime() { "'a " } else { "" };
    let (output, value, expected) = match cell.ret {
        Return::Unit => ("()".to_owned(), "()", "()"),
        Return::U32 => ("u32".to_owned(), "7", "7"),
        Return::Str if cell.borrows_self() => {
            // `&String` coerces at a function's tail, not an async block's.
            let value = if cell.returns_future() {
                "self.name.as_str()"
            } else {
                "&self.name"
            };
            (format!("&{lifetime}str"), value, "\"grid\"")
        }
        Return::Str => (format!("&{lifetime}str"), "s", "\"arg\""),
        Return::Result => ("Result<u32, String>".to_owned(), "Ok(7)", "Ok(7)"),
    };
    let bound = if cell.named_lifetime() { " + 'a" } else { "" };
    let return_type = match cell.shape {
        Shape::Sync | Shape::Async if cell.ret == Return::Unit => String::new(),
        Shape::Sync | Shape::Async => format!(" -> {output}"),
        Shape::Future | Shape::FuturePrelude => {
            format!(" -> impl std::future::Future<Output = {output}>{bound}")
        }
        Shape::Boxed => format!(
            " -> std::pin::Pin<Box<dyn std::future::Future<Output = {output}> + Send{bound}>>"
        ),
    };
    (return_type, value, expected)
}

/// The function's body, and its `async` keyword if any.
fn body(cell: Cell, uses: &[&str], value: &str) -> (&'static str, String) {
    let uses = match uses {
        [] => String::new(),
        [one] => format!("let _ = {one};\n"),
        many => format!("let _ = ({});\n", many.join(", ")),
    };
    let inner = if cell.ret == Return::Unit {
        format!("tracing::info!(\"grid body\");\n{uses}")
    } else {
        format!("tracing::info!(\"grid body\");\n{uses}{value}\n")
    };
    match cell.shape {
        Shape::Sync => ("", inner),
        Shape::Async => ("async ", inner),
        Shape::Future => ("", format!("async move {{\n{}}}\n", indent(&inner, 4))),
        Shape::FuturePrelude => (
            "",
            format!(
                "tracing::info!(\"grid prelude\");\nasync move {{\n{}}}\n",
                indent(&inner, 4)
            ),
        ),
        Shape::Boxed => (
            "",
            format!("Box::pin(async move {{\n{}}})\n", indent(&inner, 4)),
        ),
    }
}

/// A call of `name` that checks its result: the body of the case's `run`.
fn call(cell: Cell, name: &str, values: &[&str], expected: &str) -> String {
    let turbofish = if cell.generics == Generics::Const {
        "::<3>"
    } else {
        ""
    };
    let arguments = values.join(", ");
    let (setup, invocation) = match cell.receiver {
        Receiver::None => (String::new(), format!("{name}{turbofish}({arguments})")),
        Receiver::Value => (
            String::new(),
            format!("Grid::new().{name}{turbofish}({arguments})"),
        ),
        Receiver::Ref => (
            "let grid = Grid::new();\n".to_owned(),
            format!("grid.{name}{turbofish}({arguments})"),
        ),
        Receiver::Mut => (
            "let mut grid = Grid::new();\n".to_owned(),
            format!("grid.{name}{turbofish}({arguments})"),
        ),
        Receiver::Boxed => (
            String::new(),
            format!("Box::new(Grid::new()).{name}{turbofish}({arguments})"),
        ),
    };
    let (setup, invocation) = if cell.shape == Shape::Sync {
        // The runtime is not needed.
        (format!("let _ = rt;\n{setup}"), invocation)
    } else {
        (setup, format!("rt.block_on({invocation})"))
    };
    if cell.ret == Return::Unit {
        format!("{setup}let () = {invocation};")
    } else {
        format!("{setup}assert_eq!({invocation}, {expected});")
    }
}

fn function(index: usize, cell: Cell) -> Function {
    let name = format!("g{index:03}");
    let (attr, ret) = attribute(index, cell);
    let generics = generic_params(cell);
    let params = params(cell);
    let (return_type, value, expected) = output(cell);
    let (asyncness, body) = body(cell, &params.uses, value);
    let code = format!(
        "{attr}\n{asyncness}fn {name}{generics}({}){return_type} {{\n{}}}\n",
        params.declared.join(", "),
        indent(&body, 4),
    );
    Function {
        method: cell.receiver != Receiver::None,
        code,
        call: call(cell, &name, &params.values, expected),
        fields: params.fields,
        prelude: cell.shape == Shape::FuturePrelude,
        ret,
    }
}

/// Indents every non-empty line of `text` by `by` spaces.
fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::new();
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The text of `tests/grid/generated.rs`.
pub(crate) fn generate() -> String {
    let cells = all_cells();
    let chosen = sample(&cells);
    let functions: Vec<Function> = chosen
        .iter()
        .enumerate()
        .map(|(i, cell)| function(i, *cell))
        .collect();

    let mut out = String::new();
    let _ = write!(
        out,
        "// @generated by tests/grid/generate.rs: do not edit. Regenerate with\n\
         // `GRID_BLESS=1 cargo test -p instrument-tests --test it grid_check`.\n\
         //\n\
         // {} functions: a sample of the {} valid cells of the signature grid\n\
         // that covers every combination of values of any three dimensions, and\n\
         // of receivers x shapes x return types x arguments.\n\n",
        functions.len(),
        cells.len()
    );
    for (function, cell) in functions.iter().zip(&chosen) {
        if !function.method {
            let _ = writeln!(out, "// {cell:?}");
            out.push_str(&function.code);
            out.push('\n');
        }
    }
    out.push_str("impl Grid {\n");
    let mut first = true;
    for (function, cell) in functions.iter().zip(&chosen) {
        if function.method {
            if !first {
                out.push('\n');
            }
            first = false;
            out.push_str(&indent(&format!("// {cell:?}\n{}", function.code), 4));
        }
    }
    out.push_str("}\n\n");
    out.push_str("/// Every function of the grid, and a call of it.\n");
    out.push_str("const CASES: &[Case] = &[\n");
    for (i, function) in functions.iter().enumerate() {
        let fields: Vec<String> = function.fields.iter().map(|f| format!("{f:?}")).collect();
        let case = format!(
            "Case {{\n    name: \"g{i:03}\",\n    fields: &[{}],\n    prelude: {},\n    ret: {},\n    run: |rt| {{\n{}    }},\n}},\n",
            fields.join(", "),
            function.prelude,
            function.ret,
            indent(&function.call, 8),
        );
        out.push_str(&indent(&case, 4));
    }
    out.push_str("];\n");
    out
}
