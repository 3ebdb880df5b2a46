//! The macro never panics: a deterministic fuzz test of [`instrument_impl`]
//! over attribute arguments and items, valid and invalid.
//!
//! Inputs come from the seed corpus in `fuzz-corpus/` (see its README), from
//! mutations of it at the token-tree level (deletions, duplications, swaps,
//! insertions and replacements from a dictionary, regrouping, truncation,
//! invisible groups as `macro_rules!` makes them), and from a generator of
//! random argument lists and signatures. For every input:
//!
//! - `instrument_impl` returns, without panicking;
//! - if the item parses as Rust (items, or methods inside `impl S { .. }`,
//!   or a closure), the output parses the same way;
//! - for a valid argument list on a valid item, the output holds no
//!   `compile_error!`.
//!
//! The PRNG is a fixed-seed splitmix64, so every run checks the same cases.
//! `INSTRUMENT_FUZZ_SEED=<u64>` and `INSTRUMENT_FUZZ_CASES=<n>` (cases per
//! random phase) explore further, e.g. in a release build:
//! `INSTRUMENT_FUZZ_SEED=7 INSTRUMENT_FUZZ_CASES=100000 cargo test --release
//! -p instrument-macros fuzz -- --nocapture`.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::str::FromStr;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use crate::args::ARGUMENTS;
use crate::host::Host;
use crate::{instrument_for, instrument_impl};

/// splitmix64: small, fast, and good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be zero.
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).expect("usize fits in u64");
        usize::try_from(self.next() % n).expect("below n")
    }

    /// `true` with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// The seed corpus: attribute argument lists and items, by validity.
struct Corpus {
    valid_args: Vec<String>,
    other_args: Vec<String>,
    /// `(file name, text)`.
    valid_items: Vec<(String, String)>,
    invalid_items: Vec<(String, String)>,
}

impl Corpus {
    fn all_args(&self) -> Vec<&String> {
        self.valid_args.iter().chain(&self.other_args).collect()
    }

    fn all_items(&self) -> Vec<&String> {
        self.valid_items
            .iter()
            .chain(&self.invalid_items)
            .map(|(_, text)| text)
            .collect()
    }
}

fn corpus() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz-corpus");
    let lines = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(file)).expect("reading an args file");
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
            .map(str::to_owned)
            .collect()
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("items"))
        .expect("reading fuzz-corpus/items")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    let mut valid_items = Vec::new();
    let mut invalid_items = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name")
            .to_owned();
        let text = std::fs::read_to_string(&path).expect("reading an item");
        if name.starts_with("valid-") {
            valid_items.push((name, text));
        } else {
            invalid_items.push((name, text));
        }
    }
    Corpus {
        valid_args: lines("args-valid.txt"),
        other_args: lines("args-other.txt"),
        valid_items,
        invalid_items,
    }
}

fn lex(text: &str) -> Option<TokenStream> {
    TokenStream::from_str(text).ok()
}

/// A token tree that can be edited in place.
#[derive(Clone)]
enum Tok {
    Leaf(TokenTree),
    Group(Delimiter, Vec<Tok>),
}

fn to_toks(tokens: TokenStream) -> Vec<Tok> {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => Tok::Group(g.delimiter(), to_toks(g.stream())),
            leaf => Tok::Leaf(leaf),
        })
        .collect()
}

fn from_toks(toks: &[Tok]) -> TokenStream {
    toks.iter()
        .map(|tok| match tok {
            Tok::Leaf(tt) => tt.clone(),
            Tok::Group(delimiter, inner) => {
                TokenTree::Group(Group::new(*delimiter, from_toks(inner)))
            }
        })
        .collect()
}

/// Snippets inserted by mutations: keywords, punctuation, and pieces of the
/// attribute grammar and of signatures.
const DICTIONARY: &[&str] = &[
    "fn",
    "async",
    "const",
    "unsafe",
    "extern \"C\"",
    "pub",
    "pub(crate)",
    "default",
    "self",
    "Self",
    "mut",
    "&",
    "&mut",
    "'a",
    "'_",
    "'static",
    "->",
    "impl",
    "dyn",
    "Future",
    "Output",
    "Future<Output = u8>",
    "Pin<Box<dyn Future<Output = ()> + Send>>",
    "Box::pin",
    "async move {}",
    "move",
    "return",
    ".await",
    "where",
    "T",
    "<T>",
    "<'a>",
    "<const N: usize>",
    "for<'a>",
    "u32",
    "&str",
    "Result<u32, String>",
    "()",
    "[]",
    "{}",
    "(x)",
    "=",
    ",",
    ":",
    "::",
    ";",
    "<",
    ">",
    "#",
    "#[inline]",
    "#![allow(unused)]",
    "!",
    "?",
    "%",
    ".",
    "..",
    "_",
    "|",
    "||",
    "+",
    "=>",
    "r#type",
    "Debug",
    "Display",
    "field::Empty",
    "Level::INFO",
    "\"info\"",
    "\"\"",
    "\"x\"",
    "0",
    "1",
    "6",
    "255u8",
    "1.5",
    "'c'",
    "b\"x\"",
    "r\"raw\"",
    "true",
    "None",
    "x",
    "a.b",
    "yield",
    "gen",
    "loop {}",
    "let",
    "if",
    "else",
    "match",
];

/// A random editing site: a token list at some depth of the tree.
fn site<'a>(rng: &mut Rng, toks: &'a mut Vec<Tok>) -> &'a mut Vec<Tok> {
    let groups: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t, Tok::Group(..)))
        .map(|(i, _)| i)
        .collect();
    if groups.is_empty() || rng.chance(40) {
        return toks;
    }
    let index = *rng.pick(&groups);
    match &mut toks[index] {
        Tok::Group(_, inner) => site(rng, inner),
        Tok::Leaf(_) => unreachable!("filtered"),
    }
}

/// A piece of Rust or an argument name of the attribute (the macro's own
/// list, so a new argument is fuzzed without touching this file).
fn snippet(rng: &mut Rng) -> Vec<Tok> {
    let words = if rng.below(DICTIONARY.len() + ARGUMENTS.len()) < DICTIONARY.len() {
        DICTIONARY
    } else {
        ARGUMENTS
    };
    to_toks(lex(rng.pick_str(words)).expect("the dictionary lexes"))
}

const DELIMITERS: [Delimiter; 4] = [
    Delimiter::Parenthesis,
    Delimiter::Brace,
    Delimiter::Bracket,
    Delimiter::None,
];

/// Applies one random edit somewhere in `toks`.
fn mutate(rng: &mut Rng, toks: &mut Vec<Tok>) {
    let list = site(rng, toks);
    let len = list.len();
    match rng.below(10) {
        0 | 1 if len > 0 => {
            list.remove(rng.below(len));
        }
        2 if len > 0 => {
            let i = rng.below(len);
            let copy = list[i].clone();
            list.insert(i, copy);
        }
        3 if len > 1 => {
            let i = rng.below(len - 1);
            list.swap(i, i + 1);
        }
        5 if len > 0 => {
            let i = rng.below(len);
            let piece = snippet(rng);
            list.splice(i..=i, piece);
        }
        6 if len > 0 => {
            // Regroup: change a group's delimiter, or unwrap it.
            let i = rng.below(len);
            if let Tok::Group(delimiter, inner) = &mut list[i] {
                if rng.chance(50) {
                    *delimiter = *rng.pick(&DELIMITERS[..3]);
                } else {
                    let inner = std::mem::take(inner);
                    list.splice(i..=i, inner);
                }
            }
        }
        7 if len > 0 => {
            // Wrap a run of tokens in a new group.
            let start = rng.below(len);
            let end = start + 1 + rng.below(len - start);
            let run: Vec<Tok> = list.drain(start..end).collect();
            list.insert(start, Tok::Group(*rng.pick(&DELIMITERS[..3]), run));
        }
        8 if len > 0 => list.truncate(rng.below(len)),
        // 4, and the cases above when the list is too short: insert.
        _ => {
            let at = rng.below(len + 1);
            let piece = snippet(rng);
            list.splice(at..at, piece);
        }
    }
}

/// Wraps a random run of tokens in an invisible group, as `macro_rules!`
/// does with `$x:ty` or `$x:expr` fragments.
fn invisible_group(rng: &mut Rng, toks: &mut Vec<Tok>) {
    let list = site(rng, toks);
    if list.is_empty() {
        return;
    }
    let start = rng.below(list.len());
    let end = start + 1 + rng.below((list.len() - start).min(4));
    let run: Vec<Tok> = list.drain(start..end).collect();
    list.insert(start, Tok::Group(Delimiter::None, run));
}

/// Mutates `text` `edits` times; `None` if the result does not lex back (the
/// compiler only hands macros token streams that came from text it lexed).
fn mutated(rng: &mut Rng, text: &str, edits: usize) -> Option<TokenStream> {
    let mut toks = to_toks(lex(text)?);
    for _ in 0..edits {
        mutate(rng, &mut toks);
    }
    let mut toks = to_toks(lex(&from_toks(&toks).to_string())?);
    if rng.chance(10) {
        invisible_group(rng, &mut toks);
    }
    Some(from_toks(&toks))
}

const ARG_PIECES: &[&str] = &[
    "name = \"n\"",
    "name = concat!(\"a\", \"b\")",
    "name = 1",
    "target = \"t\"",
    "target = module_path!()",
    "level = \"info\"",
    "level = \"Trace\"",
    "level = 3",
    "level = 9",
    "level = Level::DEBUG",
    "level = my::LEVEL",
    "level = \"verbose\"",
    "level = [1]",
    "parent = None",
    "parent = &span",
    "parent = Span::current()",
    "follows_from = [a.id(), b.id()]",
    "follows_from = causes",
    "skip(a)",
    "skip(self)",
    "skip(a, b, c)",
    "skip(zzz)",
    "skip(r#type)",
    "skip_all",
    "err",
    "err(Debug)",
    "err(Display, level = \"warn\")",
    "err(Debug, level = 4)",
    "ret",
    "ret(Display)",
    "ret(level = Level::TRACE)",
    "crate = ::instrument_runtime",
    "crate = my::reexport",
    "future",
    "unknown = 1",
    "levle = \"debug\"",
];

const FIELD_NAMES: &[&str] = &[
    "a", "x", "b.c", "a.b.c", "\"lit\"", "r#type", "self", "type", "1", "", "%", "?",
];

const FIELD_VALUES: &[&str] = &[
    "1",
    "x",
    "%x",
    "?x",
    "field::Empty",
    "tracing::field::Empty",
    "{ 1 }",
    "a.b()",
    "|| 1",
    "\"s\"",
    "%",
    "",
    "x,",
    "= 2",
];

/// A random field list, mostly well formed.
fn random_fields(rng: &mut Rng) -> String {
    let mut out = String::from("fields(");
    for i in 0..rng.below(4) {
        if i > 0 {
            out.push_str(if rng.chance(95) { ", " } else { " " });
        }
        if rng.chance(15) {
            out.push_str(rng.pick_str(&["%", "?"]));
        }
        out.push_str(rng.pick_str(FIELD_NAMES));
        if rng.chance(75) {
            out.push_str(" = ");
            out.push_str(rng.pick_str(FIELD_VALUES));
        }
    }
    out.push(')');
    out
}

/// A random argument list from the pieces, the corpus and random fields.
fn random_args(rng: &mut Rng, corpus: &Corpus) -> String {
    let mut parts = Vec::new();
    for _ in 0..rng.below(5) {
        let part = match rng.below(10) {
            0..=4 => rng.pick_str(ARG_PIECES).to_owned(),
            5 | 6 => random_fields(rng),
            7 => rng.pick(&corpus.valid_args).clone(),
            _ => rng.pick(&corpus.other_args).clone(),
        };
        parts.push(part);
    }
    let separator = if rng.chance(97) { ", " } else { " " };
    let mut out = parts.join(separator);
    if rng.chance(10) {
        out.push(',');
    }
    out
}

const ATTRIBUTES: &[&str] = &[
    "#[inline]",
    "#[must_use]",
    "/// Docs.",
    "#[allow(unused)]",
    "#[cfg(test)]",
    "#[tokio::test]",
    "#[async_trait]",
    "#[instrument]",
    "#[rustfmt::skip]",
    "#[doc = \"x\"]",
];

const GENERICS: &[&str] = &[
    "",
    "",
    "<T: Debug>",
    "<'a>",
    "<const N: usize>",
    "<'a, T: 'a + Clone, const N: usize>",
    "<T>",
    "<'a, 'b: 'a>",
    "<F: Fn(&str) -> u8>",
    "<T = u8>",
    "<",
];

const PARAMS: &[&str] = &[
    "self",
    "&self",
    "&mut self",
    "self: Box<Self>",
    "mut self",
    "self: Pin<&mut Self>",
    "&'a self",
    "a: u64",
    "s: &str",
    "s: &'a str",
    "(x, y): (u32, bool)",
    "Point { x, y }: Point",
    "[a, b]: [u8; 2]",
    "&(a, b): &(u8, u8)",
    "_: u8",
    "mut v: Vec<u8>",
    "r#type: u32",
    "f: impl Fn(&str) -> u32",
    "t: T",
    "r: &'a T",
    "w: Wrapper<'_>",
    "o: Option<&str>",
    "n: NonZeroU32",
    "...",
    "a",
    "a: ",
    "x @ 1..=5: u8",
    "(a | a): u8",
];

const RETURNS: &[&str] = &[
    "",
    "-> ()",
    "-> u32",
    "-> &str",
    "-> &'a str",
    "-> Result<u32, String>",
    "-> io::Result<()>",
    "-> !",
    "-> Self",
    "-> T",
    "-> impl Future<Output = u32>",
    "-> impl Future<Output = u32> + Send + '_",
    "-> impl Future<Output = Result<(), ()>> + 'a",
    "-> Pin<Box<dyn Future<Output = ()> + Send + 'a>>",
    "-> std::pin::Pin<Box<dyn std::future::Future<Output = u8>>>",
    "-> BoxFuture<'a, u32>",
    "-> LocalBoxFuture<'static, ()>",
    "-> impl Iterator<Item = u8>",
    "-> MyFuture",
    "-> impl Sized",
    "-> dyn Fn()",
    "->",
];

const BODIES: &[&str] = &[
    "{}",
    "{ 7 }",
    "{ tracing::info!(\"body\"); Default::default() }",
    "{ async move { 7 } }",
    "{ async {} }",
    "{ Box::pin(async move { 7 }) }",
    "{ let x = 1; async move { x } }",
    "{ let y = 2; Box::pin(async move { y }) }",
    "{ if a > 1 { return Box::pin(async { 1 }); } Box::pin(async { 2 }) }",
    "{ return async {}; }",
    "{ loop {} }",
    "{ todo!() }",
    "{ x?; Ok(1) }",
    "{ #![allow(unused)] 1 }",
    "{ async { }.await }",
    "{ let = ; }",
    "{ fn nested() -> impl Future<Output = ()> { async {} } nested() }",
    "{ (async move { 1 }) }",
    "{ std::boxed::Box::pin(async { 1 }) }",
    "{ MyBox::pin(async { 1 }) }",
    "{ return; }",
    "{ self }",
    ";",
    "",
];

/// A random function item, valid or not.
fn random_item(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(3) {
        out.push_str(rng.pick_str(ATTRIBUTES));
        out.push('\n');
    }
    out.push_str(rng.pick_str(&["", "", "pub ", "pub(crate) ", "default "]));
    for qualifier in ["const ", "async ", "unsafe ", "extern \"C\" "] {
        if rng.chance(if qualifier == "async " { 45 } else { 8 }) {
            out.push_str(qualifier);
        }
    }
    let _ = write!(out, "fn f{}", rng.pick_str(GENERICS));
    out.push('(');
    for i in 0..rng.below(4) {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(rng.pick_str(PARAMS));
    }
    out.push_str(") ");
    out.push_str(rng.pick_str(RETURNS));
    if rng.chance(15) {
        out.push_str(rng.pick_str(&[
            " where T: Clone",
            " where Self: Sized",
            " where 'a: 'static",
        ]));
    }
    out.push(' ');
    out.push_str(rng.pick_str(BODIES));
    out
}

/// How a token stream parses as Rust, if it does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// Items, as in a file.
    Items,
    /// Items of an impl block (methods, `default fn`).
    ImplItems,
    /// A closure expression.
    Closure,
}

fn shape(tokens: &TokenStream) -> Option<Shape> {
    if syn::parse2::<syn::File>(tokens.clone()).is_ok() {
        Some(Shape::Items)
    } else if syn::parse2::<syn::ItemImpl>(quote::quote!(impl S { #tokens })).is_ok() {
        Some(Shape::ImplItems)
    } else if syn::parse2::<syn::ExprClosure>(tokens.clone()).is_ok() {
        Some(Shape::Closure)
    } else {
        None
    }
}

fn parses_as(tokens: &TokenStream, shape: Shape) -> Result<(), syn::Error> {
    match shape {
        Shape::Items => syn::parse2::<syn::File>(tokens.clone()).map(drop),
        Shape::ImplItems => {
            syn::parse2::<syn::ItemImpl>(quote::quote!(impl S { #tokens })).map(drop)
        }
        Shape::Closure => syn::parse2::<syn::Expr>(tokens.clone()).map(drop),
    }
}

fn has_compile_error(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(ident) => ident == "compile_error",
        TokenTree::Group(group) => has_compile_error(&group.stream()),
        _ => false,
    })
}

/// What the cases did, for the report and the assertions.
#[derive(Default)]
struct Stats {
    cases: usize,
    /// Inputs whose item parses as Rust: their output was parsed too.
    parse_checked: usize,
    /// Valid arguments on valid items: checked for no `compile_error!`.
    error_free_checked: usize,
    /// Outputs that report at least one error.
    with_errors: usize,
    /// Mutants that did not lex back, so were not run.
    not_lexed: usize,
    failures: Vec<String>,
}

impl Stats {
    /// Expands `args` on `item` for the compiler and for the tools that
    /// only read the code, and checks each output; `must_be_clean` when both
    /// are from the valid corpus.
    fn check(&mut self, args: &TokenStream, item: &TokenStream, must_be_clean: bool) {
        for host in [Host::Compiler, Host::Reader] {
            self.check_for(host, args, item, must_be_clean);
        }
    }

    fn check_for(
        &mut self,
        host: Host,
        args: &TokenStream,
        item: &TokenStream,
        must_be_clean: bool,
    ) {
        self.cases += 1;
        let output = catch_unwind(AssertUnwindSafe(|| {
            instrument_for(host, args.clone(), item.clone())
        }));
        let fail = |what: &str| format!("{what} ({host:?})\n  args: {args}\n  item: {item}");
        let output = match output {
            Ok(output) => output,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(ToString::to_string)
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                self.failures.push(fail(&format!("panicked: {message}")));
                return;
            }
        };
        let errors = has_compile_error(&output);
        self.with_errors += usize::from(errors);
        if let Some(shape) = shape(item) {
            self.parse_checked += 1;
            if let Err(error) = parses_as(&output, shape) {
                self.failures.push(fail(&format!(
                    "the input parses as {shape:?}, the output does not: {error}\n  output: {output}"
                )));
            }
        }
        if must_be_clean {
            self.error_free_checked += 1;
            if errors {
                self.failures.push(fail(&format!(
                    "valid input, but the output reports an error\n  output: {output}"
                )));
            }
        }
    }
}

fn lexed(text: &str) -> TokenStream {
    lex(text).unwrap_or_else(|| panic!("corpus entry does not lex: {text}"))
}

/// Every valid argument list on every valid item, and every other argument
/// list and invalid item against a few of the other side.
fn seed_pairs(rng: &mut Rng, corpus: &Corpus, stats: &mut Stats) {
    for args in &corpus.valid_args {
        for (_, item) in &corpus.valid_items {
            stats.check(&lexed(args), &lexed(item), true);
        }
    }
    let all_items = corpus.all_items();
    for args in &corpus.other_args {
        for _ in 0..4 {
            stats.check(&lexed(args), &lexed(rng.pick(&all_items).as_str()), false);
        }
    }
    let all_args = corpus.all_args();
    for (_, item) in &corpus.invalid_items {
        stats.check(&TokenStream::new(), &lexed(item), false);
        for _ in 0..4 {
            stats.check(&lexed(rng.pick(&all_args).as_str()), &lexed(item), false);
        }
    }
}

/// Mutants of seed pairs: the arguments, the item, or both.
fn mutants(rng: &mut Rng, corpus: &Corpus, cases: usize, stats: &mut Stats) {
    let all_args = corpus.all_args();
    let all_items = corpus.all_items();
    for _ in 0..cases {
        let args_text = *rng.pick(&all_args);
        let item_text = *rng.pick(&all_items);
        let which = rng.below(3);
        let edits = 1 + rng.below(4);
        let args = if which == 1 {
            Some(lexed(args_text))
        } else {
            mutated(rng, args_text, edits)
        };
        let item = if which == 0 {
            Some(lexed(item_text))
        } else {
            mutated(rng, item_text, edits)
        };
        match (args, item) {
            (Some(args), Some(item)) => stats.check(&args, &item, false),
            _ => stats.not_lexed += 1,
        }
    }
}

/// Random argument lists on random signatures.
fn generated(rng: &mut Rng, corpus: &Corpus, cases: usize, stats: &mut Stats) {
    for _ in 0..cases {
        let args = random_args(rng, corpus);
        let item = if rng.chance(80) {
            random_item(rng)
        } else {
            rng.pick(&corpus.valid_items).1.clone()
        };
        match (lex(&args), lex(&item)) {
            (Some(args), Some(item)) => stats.check(&args, &item, false),
            _ => stats.not_lexed += 1,
        }
    }
}

#[test]
fn instrument_never_panics_and_keeps_valid_input_valid() {
    let seed = env_u64("INSTRUMENT_FUZZ_SEED").unwrap_or(0x1257_0001);
    let cases = env_u64("INSTRUMENT_FUZZ_CASES")
        .map_or(1_500, |n| usize::try_from(n).expect("a case count"));
    let corpus = corpus();
    assert!(corpus.valid_args.len() >= 10 && corpus.other_args.len() >= 10);
    assert!(corpus.valid_items.len() >= 10 && corpus.invalid_items.len() >= 10);

    let mut rng = Rng(seed);
    let mut stats = Stats::default();
    seed_pairs(&mut rng, &corpus, &mut stats);
    let seeds = stats.cases;
    mutants(&mut rng, &corpus, cases, &mut stats);
    let mutated = stats.cases - seeds;
    generated(&mut rng, &corpus, cases, &mut stats);
    let generated = stats.cases - seeds - mutated;

    println!(
        "fuzz (seed {seed:#x}): {} cases ({seeds} seed pairs, {mutated} mutants, \
         {generated} generated; {} mutants did not lex); {} outputs parse-checked, \
         {} valid pairs checked error-free, {} outputs with errors; {} failures",
        stats.cases,
        stats.not_lexed,
        stats.parse_checked,
        stats.error_free_checked,
        stats.with_errors,
        stats.failures.len(),
    );
    // The checks must have had something to check.
    assert!(stats.cases >= 3_000, "{} cases", stats.cases);
    assert!(stats.parse_checked * 3 >= stats.cases);
    assert!(
        stats.failures.is_empty(),
        "{} of {} cases failed; the first:\n{}",
        stats.failures.len(),
        stats.cases,
        stats
            .failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// Whether `name` occurs in `tokens` as an identifier (string literals, such
/// as field names, do not count).
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(&group.stream(), name),
        _ => false,
    })
}

// Regression (found by the fuzz test): the expansion of the trait method
// declaration `async fn f(&self) -> u32;` was `{ compile_error!{..} async fn
// f(&self) -> u32; }`, because `item::is_closure` took the leading `async`
// for an async closure; in a trait, rustc then reported "macro expansion
// ignores `{`" instead of our "this function has no body". The rule now: an
// item that is not a closure is emitted as an item, followed by the error.
#[test]
fn async_fn_without_a_body_stays_an_item() {
    let output = instrument_impl(
        TokenStream::new(),
        quote::quote!(
            async fn f(&self) -> u32;
        ),
    );
    let in_trait = quote::quote!(trait T { #output });
    if let Err(error) = syn::parse2::<syn::ItemTrait>(in_trait) {
        panic!("not a trait item: {error}\noutput: {output}");
    }
    assert!(has_compile_error(&output), "the error is reported");
}

// Regression (found by the fuzz test): `fields(type)` expanded to
// `value(&(type))`, which does not parse, so rustc reported "expected
// expression, found keyword `type`" and dropped the function, and its callers
// got more errors. The rule now: a field name is only ever read as a value
// when it is a readable expression; `tracing` accepts `fields(type)` (see
// `a_bare_field_name_declares_an_empty_field_as_in_tracing`).
#[test]
fn a_keyword_shorthand_field_expands_to_valid_rust() {
    for fields in [
        quote::quote!(fields(type)),
        quote::quote!(fields(?type)),
        quote::quote!(fields(%match)),
        quote::quote!(fields(a.self)),
    ] {
        let output = instrument_impl(
            fields.clone(),
            quote::quote!(
                fn g(a: u32) -> u32 {
                    a
                }
            ),
        );
        if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
            panic!("{fields}: {error}\noutput: {output}");
        }
    }
}

// Regression: ours read `fields(later)` as `span!`'s shorthand (`later =
// later`), so code migrated from `tracing` failed with "cannot find value
// `later` in this scope". The rule now is `tracing`'s: in the attribute, a
// name alone declares an empty field to record later; only `%name` and
// `?name` read the variable.
#[test]
fn a_bare_field_name_declares_an_empty_field_as_in_tracing() {
    let output = instrument_impl(
        quote::quote!(fields(later, a.b)),
        quote::quote!(
            fn g(x: u32) -> u32 {
                x
            }
        ),
    );
    assert!(
        !mentions(&output, "later"),
        "`later` is read as a value: {output}"
    );
    assert!(
        !mentions(&output, "b"),
        "`a.b` is read as a value: {output}"
    );
    // With a sigil, the value is the variable's, as in `tracing`.
    let output = instrument_impl(
        quote::quote!(fields(?x)),
        quote::quote!(
            fn g(x: u32) {}
        ),
    );
    assert!(mentions(&output, "x"));
}

// Regression (found by the fuzz test): `item::is_closure` looked at the
// first tokens only, so a closure in an invisible group (how `macro_rules!`
// passes a `$e:expr`) or with a `for<'a>` binder was not recognised; the
// output was `closure compile_error!{..}`, not one expression, and rustc
// reported a syntax error instead of ours. The rule now: whatever a closure
// is wrapped in, the error and the closure form one block expression.
// (Attribute macros on expressions, and closure binders, are unstable.)
#[test]
fn every_closure_stays_an_expression() {
    let grouped: TokenStream = [TokenTree::Group(Group::new(
        Delimiter::None,
        quote::quote!(|x: u8| x),
    ))]
    .into_iter()
    .collect();
    for item in [grouped, quote::quote!(for<'a> move |x: &'a u8| *x)] {
        let output = instrument_impl(TokenStream::new(), item.clone());
        if let Err(error) = syn::parse2::<syn::Expr>(output.clone()) {
            panic!("{item}: not an expression: {error}\noutput: {output}");
        }
    }
}
