//! A span's fields as one line of text, as `tracing-subscriber`'s fmt layer
//! prints them by default: `name=value` pairs separated by spaces, strings
//! quoted (`Debug`), a `message` field as its bare text, an error with
//! `Display` and its sources (`err err.sources=[a, b]`), everything else with
//! `Debug`.
//!
//! Bounded: each value to [`VALUE_LIMIT`] bytes and the whole text to about
//! [`FIELDS_LIMIT`], each cut marked with `…`. Control characters (a newline
//! in a `Display` value) are escaped, so a span is always one line.

use std::fmt::{self, Write as _};

use tracing_core::field::{Field, Visit};
use tracing_core::span::{Attributes, Record};

/// The most bytes of one value that are kept; the rest is cut, and the cut
/// marked with `…`.
pub(super) const VALUE_LIMIT: usize = 128;
/// No pair starts past this many bytes of text: the pairs after it are left
/// out, and the text ends with `…`. (The pair that crosses it is kept, so a
/// text is at most this, one name and one value long.)
pub(super) const FIELDS_LIMIT: usize = 512;

/// The mark of a cut.
const CUT: char = '…';

/// The text of one span's fields.
#[derive(Default)]
pub(super) struct FieldText {
    text: String,
    /// Where each pair is in `text`, by the field's index in its callsite:
    /// a later `record` of the same field replaces its pair.
    pairs: Pairs,
    /// Pairs were left out ([`FIELDS_LIMIT`]).
    cut: bool,
}

#[derive(Clone, Copy, Default)]
struct Pair {
    field: u32,
    start: u16,
    end: u16,
}

/// The pairs of a text: the first few inline (most spans have a few
/// fields), the rest in a vector, so that a span's fields cost one
/// allocation, its text.
#[derive(Default)]
struct Pairs {
    inline: [Pair; Pairs::INLINE],
    len: usize,
    more: Vec<Pair>,
}

impl Pairs {
    const INLINE: usize = 4;

    fn push(&mut self, pair: Pair) {
        if self.len < Pairs::INLINE {
            self.inline[self.len] = pair;
        } else {
            if self.len == Pairs::INLINE {
                self.more.extend_from_slice(&self.inline);
            }
            self.more.push(pair);
        }
        self.len += 1;
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_slice(&self) -> &[Pair] {
        if self.len <= Pairs::INLINE {
            &self.inline[..self.len]
        } else {
            &self.more
        }
    }
}

impl FieldText {
    /// The fields given at the span's creation.
    pub(super) fn new(attrs: &Attributes<'_>) -> FieldText {
        let mut text = FieldText::default();
        if !attrs.values().is_empty() {
            let fields = attrs.metadata().fields().len();
            text.text.reserve(fields * 16);
        }
        attrs.record(&mut Appender(&mut text));
        text
    }

    /// The values of a later `record`, to [`FieldText::merge`] into the
    /// span's text. (Formatted apart, before the span's details are locked:
    /// a value's `Debug` may itself record into the span.)
    pub(super) fn recorded(values: &Record<'_>) -> FieldText {
        let mut fresh = FieldText::default();
        values.record(&mut Appender(&mut fresh));
        fresh
    }

    /// Adds the values of a later `record`: a field recorded again gets its
    /// new value, in its place; a field recorded for the first time is
    /// added at the end, as the fmt layer does.
    pub(super) fn merge(&mut self, fresh: &FieldText) {
        if fresh.pairs.is_empty() {
            return;
        }
        let mut pairs: Vec<(u32, &str)> = self
            .pairs
            .as_slice()
            .iter()
            .map(|pair| (pair.field, &self.text[pair.start.into()..pair.end.into()]))
            .collect();
        for pair in fresh.pairs.as_slice() {
            let text = &fresh.text[pair.start.into()..pair.end.into()];
            match pairs.iter_mut().find(|(field, _)| *field == pair.field) {
                Some(old) => old.1 = text,
                None => pairs.push((pair.field, text)),
            }
        }
        let mut rebuilt = FieldText {
            cut: self.cut || fresh.cut,
            ..FieldText::default()
        };
        for (field, text) in pairs {
            rebuilt.push(field as usize, |out| out.push_str(text));
        }
        *self = rebuilt;
    }

    /// The text, with the mark of a cut if pairs were left out.
    pub(super) fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.text.len() + 4);
        text.push_str(&self.text);
        if self.cut {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push(CUT);
        }
        text
    }

    /// Appends one pair, which `write` writes, unless the text is full.
    fn push(&mut self, field: usize, write: impl FnOnce(&mut String)) {
        // A callsite has a few fields: its index fits (and `MAX` is none).
        let field = u32::try_from(field).unwrap_or(u32::MAX);
        if self.text.len() >= FIELDS_LIMIT {
            self.cut = true;
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let start = self.text.len();
        write(&mut self.text);
        let (Ok(start), Ok(end)) = (u16::try_from(start), u16::try_from(self.text.len())) else {
            // Unreachable with the limits above; keep the text as it was.
            self.text.truncate(start.saturating_sub(1));
            self.cut = true;
            return;
        };
        self.pairs.push(Pair { field, start, end });
    }
}

/// Writes into a string, escaping control characters, up to an absolute
/// length; past it, fails (which stops the `Debug` or `Display` impl that is
/// writing: a huge value costs only the bound) and remembers the cut.
struct Bounded<'a> {
    out: &'a mut String,
    limit: usize,
    cut: bool,
}

impl fmt::Write for Bounded<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // Control characters are below 0x20, 0x7f, or (U+0080 to U+009F)
        // two bytes starting with 0xc2: a string without those bytes has
        // none.
        let plain = !s.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
        if plain && self.out.len() + s.len() <= self.limit {
            self.out.push_str(s);
            return Ok(());
        }
        for c in s.chars() {
            if c.is_control() {
                for escaped in c.escape_default() {
                    self.push(escaped)?;
                }
            } else {
                self.push(c)?;
            }
        }
        Ok(())
    }
}

impl Bounded<'_> {
    fn push(&mut self, c: char) -> fmt::Result {
        if self.out.len() + c.len_utf8() > self.limit {
            self.cut = true;
            return Err(fmt::Error);
        }
        self.out.push(c);
        Ok(())
    }
}

/// Writes `value` into `out`, at most [`VALUE_LIMIT`] bytes of it, and marks
/// a cut.
fn write_value(out: &mut String, value: fmt::Arguments<'_>) {
    let limit = out.len() + VALUE_LIMIT;
    let mut bounded = Bounded {
        out,
        limit,
        cut: false,
    };
    // An error here is the bound (or a failing `Debug` impl): what was
    // written stays.
    let _ = bounded.write_fmt(value);
    if bounded.cut {
        out.push(CUT);
    }
}

/// The `Visit` that appends each field as a pair.
struct Appender<'a>(&'a mut FieldText);

impl Visit for Appender<'_> {
    // Integers and booleans, the most common fields, skip the formatting
    // machinery (their `Debug` is their `Display`, and they are never cut).
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.push(field.index(), |out| {
            push_name(out, field);
            push_u64(out, value);
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.push(field.index(), |out| {
            push_name(out, field);
            if value < 0 {
                out.push('-');
            }
            push_u64(out, value.unsigned_abs());
        });
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.push(field.index(), |out| {
            push_name(out, field);
            out.push_str(if value { "true" } else { "false" });
        });
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.record_debug(field, &format_args!("{value}"));
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        match value.source() {
            Some(source) => self.record_debug(
                field,
                &format_args!("{value} {}.sources={}", name(field), Sources(source)),
            ),
            None => self.record_debug(field, &format_args!("{value}")),
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push(field.index(), |out| {
            push_name(out, field);
            write_value(out, format_args!("{value:?}"));
        });
    }
}

/// `name=`, but nothing for `message`, whose value stands alone.
fn push_name(out: &mut String, field: &Field) {
    if field.name() != "message" {
        out.push_str(name(field));
        out.push('=');
    }
}

/// The decimal digits of `value`.
fn push_u64(out: &mut String, mut value: u64) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // `value % 10` is a digit: the cast keeps it.
        #[allow(clippy::cast_possible_truncation, reason = "a digit")]
        let digit = (value % 10) as u8;
        digits[at] = b'0' + digit;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// The field's name as the fmt layer prints it (`r#type` as `type`).
fn name(field: &Field) -> &'static str {
    let name = field.name();
    name.strip_prefix("r#").unwrap_or(name)
}

/// An error and its sources, as a list of their `Display`s.
struct Sources<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        let mut next = Some(self.0);
        while let Some(error) = next {
            list.entry(&format_args!("{error}"));
            next = error.source();
        }
        list.finish()
    }
}
