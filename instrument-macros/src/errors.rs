//! Error collection: every mistake is reported, each at its own token.

use proc_macro2::TokenStream;

/// Collects errors so that all of them are reported in one expansion.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The errors as `compile_error!` invocations (nothing if there are none).
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.0.map(|e| e.to_compile_error()).unwrap_or_default()
    }
}

/// `tokens` with every span moved to `span`'s location, hygiene kept, so a
/// type error in generated code is reported at the user's token.
pub(crate) fn located_at(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tt| {
            if let proc_macro2::TokenTree::Group(group) = &tt {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), located_at(group.stream(), span));
                inner.set_span(group.span().located_at(span));
                tt = proc_macro2::TokenTree::Group(inner);
            } else {
                tt.set_span(tt.span().located_at(span));
            }
            tt
        })
        .collect()
}

/// Tokens as a user would write them, for messages: a space only between
/// two words (`Borrowed<'_>`, `&mut [u8]`, `dyn Error + Send`).
pub(crate) fn written(tokens: &TokenStream) -> String {
    use proc_macro2::{Delimiter, TokenTree};
    let mut out = String::new();
    let mut word_before = false;
    for token in tokens.clone() {
        let word = matches!(token, TokenTree::Ident(_) | TokenTree::Literal(_));
        match &token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                // `(u8,)`: no space before the closing delimiter.
                out.push_str(written(&group.stream()).trim_end());
                out.push_str(close);
            }
            TokenTree::Punct(p) if p.as_char() == '+' || p.as_char() == '=' => {
                out.push(' ');
                out.push(p.as_char());
                out.push(' ');
            }
            // `->`, spaced as rustfmt spaces it.
            TokenTree::Punct(p)
                if p.as_char() == '-' && p.spacing() == proc_macro2::Spacing::Joint =>
            {
                out.push_str(" -");
            }
            TokenTree::Punct(p) if p.as_char() == '>' && out.ends_with(" -") => out.push_str("> "),
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => {
                out.push(p.as_char());
                out.push(' ');
            }
            _ => {
                if word && word_before {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
            }
        }
        word_before = word;
    }
    out
}

/// Edit distance counting insertions, deletions, substitutions and swaps of
/// two neighbours (`levle` is one edit from `level`), for "did you mean".
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between the first i chars of a and the first j of b.
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The closest of `choices` to `word`, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    choices
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, edit_distance, written};

    #[test]
    fn distances() {
        assert_eq!(edit_distance("level", "level"), 0);
        assert_eq!(edit_distance("levle", "level"), 1);
        assert_eq!(edit_distance("skp", "skip"), 1);
        assert_eq!(edit_distance("", "ret"), 3);
    }

    #[test]
    fn types_are_written_as_users_write_them() {
        let ty: syn::Type = syn::parse_quote!(Borrowed<'_>);
        assert_eq!(
            written(&quote::ToTokens::to_token_stream(&ty)),
            "Borrowed<'_>"
        );
        let ty: syn::Type = syn::parse_quote!(fn(u8) -> *const u8);
        assert_eq!(
            written(&quote::ToTokens::to_token_stream(&ty)),
            "fn(u8) -> *const u8"
        );
        let ty: syn::Type = syn::parse_quote!(&'a mut Box<dyn Error + Send, A>);
        assert_eq!(
            written(&quote::ToTokens::to_token_stream(&ty)),
            "&'a mut Box<dyn Error + Send, A>"
        );
        let ty: syn::Type = syn::parse_quote!((u8, [Foo; 2], (u8,)));
        assert_eq!(
            written(&quote::ToTokens::to_token_stream(&ty)),
            "(u8, [Foo; 2], (u8,))"
        );
    }

    #[test]
    fn suggestions() {
        let choices = ["name", "level", "skip", "skip_all", "fields", "ret", "err"];
        assert_eq!(did_you_mean("levle", &choices), Some("level"));
        assert_eq!(did_you_mean("field", &choices), Some("fields"));
        assert_eq!(did_you_mean("skipall", &choices), Some("skip_all"));
        assert_eq!(did_you_mean("parentt", &["name", "level"]), None);
    }
}
