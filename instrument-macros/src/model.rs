//! The instrumented function, fully resolved: its kind, the span it opens
//! (name, target, level, parent, causes and every field with its value), and
//! the `ret`/`err` events. Defaults are decided here, once; the expansion
//! only turns a model into tokens, and `valid` checks it.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, Pat, ReturnType, Stmt, Type};

use crate::args::{Args, EventArgs, EventFormat, Level};
use crate::fields::{FieldValue, Record};
use crate::item::ItemFn;
use crate::types::{
    self, FutureReturn, async_block, future_return, is_stream, is_value_type, strip_parens,
};

/// How the function's span relates to its body.
pub(crate) enum Kind {
    /// `fn`: the span opens at the call and is entered for the body.
    Sync,
    /// `async fn`: the span opens at the first poll.
    Async(AsyncSignature),
    /// A function whose return type is a future (`impl Future`, a boxed
    /// `dyn Future`, or declared with `future`).
    ReturnsFuture {
        ret: Box<FutureReturn>,
        body: FutureBody,
    },
    /// A function whose return type is a stream (`impl Stream`, a boxed
    /// `dyn Stream`, `BoxStream`, or declared with `stream`): the span opens
    /// at the call, and the stream is polled and dropped inside it.
    ReturnsStream { boxed: bool },
}

/// What becomes of an `async fn`'s signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AsyncSignature {
    /// Rewritten as a function returning `impl Future`, so the future is
    /// created at the call and can keep the caller's span.
    Rewrite,
    /// Kept: another attribute after ours needs to see an `async fn`
    /// (`#[tokio::test]`), so the body awaits the instrumented future.
    Keep,
}

/// The shape of a future-returning function's body.
pub(crate) enum FutureBody {
    /// Only an async block, possibly in `Box::pin(..)` (what `async-trait`
    /// emits): behaves as an `async fn`, the span opens at the first poll.
    OnlyAsync(Box<Expr>),
    /// Statements before the returned future (a sync prelude), or a body
    /// that does not parse: the span opens at the call.
    Prelude,
}

/// A binding the signature introduces.
#[derive(Clone)]
pub(crate) struct Param {
    /// The binding's name (unraw), or `self`.
    pub(crate) name: String,
    /// The name as written (`r#type`), for `tracing`'s rule of which field
    /// hides which parameter.
    pub(crate) written: String,
    /// The binding as an expression (`x`, `self`), with the user's span.
    pub(crate) binding: TokenStream,
    /// The binding is a reference (`x: &T`, `&self`, `ref x`): when it is
    /// recorded with `Debug`, an error about it names `T`, the type that
    /// lacks the trait.
    pub(crate) by_ref: bool,
    /// How it is recorded when it is.
    pub(crate) record: Record,
}

/// The span a function opens.
pub(crate) struct SpanSpec<'a> {
    /// A `&'static str` constant expression.
    pub(crate) name: TokenStream,
    /// A `&'static str` constant expression; the module path when `None`.
    pub(crate) target: Option<&'a Expr>,
    pub(crate) level: Level,
    pub(crate) parent: Option<&'a Expr>,
    pub(crate) follows_from: Option<&'a Expr>,
    /// A root that follows from the parent it would have had.
    pub(crate) detached: bool,
    /// Recorded parameters, in signature order, then `fields(..)`, then
    /// `outcome`.
    pub(crate) fields: Vec<SpanField<'a>>,
}

/// One field of the span.
pub(crate) struct SpanField<'a> {
    /// A string literal or a constant expression (`{CONST}`).
    pub(crate) name: TokenStream,
    pub(crate) value: SpanValue<'a>,
}

/// What a span field is recorded from when the span opens.
pub(crate) enum SpanValue<'a> {
    /// A parameter.
    Param(Param),
    /// A `fields(..)` expression.
    Expr {
        record: Record,
        expr: &'a TokenStream,
    },
    /// Declared, to be recorded later.
    Empty,
}

/// The `ret` or `err` event.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    Ret,
    Err,
}

impl EventKind {
    /// The field the value is recorded in.
    pub(crate) fn field(self) -> &'static str {
        match self {
            EventKind::Ret => "return",
            EventKind::Err => "error",
        }
    }

    /// The prefix of the event callsite's statics.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            EventKind::Ret => "RET",
            EventKind::Err => "ERR",
        }
    }

    /// The runtime helper that formats the value. Each has one bound whose
    /// error message names the argument.
    pub(crate) fn helper(self, format: EventFormat) -> &'static str {
        match (self, format) {
            (EventKind::Ret, EventFormat::Debug) => "record_return",
            (EventKind::Ret, EventFormat::Display) => "record_return_display",
            (EventKind::Err, EventFormat::Debug) => "record_error_debug",
            (EventKind::Err, EventFormat::Display) => "record_error",
            // `ret(Error)` is refused by the argument parser; were it
            // allowed, the value would be an error recorded as one.
            (EventKind::Ret | EventKind::Err, EventFormat::Error) => "record_error_sources",
        }
    }

    fn default_format(self) -> EventFormat {
        match self {
            EventKind::Ret => EventFormat::Debug,
            EventKind::Err => EventFormat::Display,
        }
    }
}

/// The level of a `ret`/`err` event.
pub(crate) enum EventLevel {
    /// The span's own level (the default of `ret`).
    OfSpan,
    Given(Level),
}

/// A `ret` or `err` event, resolved.
pub(crate) struct EventSpec {
    pub(crate) kind: EventKind,
    pub(crate) level: EventLevel,
    pub(crate) format: EventFormat,
    /// Where an error about the recorded value is reported: the format the
    /// user wrote, or else the type of the function's value.
    pub(crate) span: Span,
}

pub(crate) struct Model<'a> {
    pub(crate) item: &'a ItemFn,
    pub(crate) kind: Kind,
    /// `<root>::__private`: what generated code calls.
    pub(crate) private: TokenStream,
    /// `<root>::field`: the helpers that record a value, which errors about
    /// the value name.
    pub(crate) field: TokenStream,
    pub(crate) span: SpanSpec<'a>,
    pub(crate) ret: Option<EventSpec>,
    pub(crate) err: Option<EventSpec>,
    /// Record how the function ended in the span's `outcome` field.
    pub(crate) outcome: bool,
    /// The body's statements, when they parse.
    pub(crate) stmts: Option<Vec<Stmt>>,
    /// Every binding of the signature, recorded or not.
    pub(crate) bindings: Vec<Param>,
}

/// Attributes that are known not to rewrite the function, so ours may turn
/// an `async fn` into a function returning a future under them.
const INERT_ATTRIBUTES: &[&str] = &[
    "doc",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "must_use",
    "inline",
    "cold",
    "track_caller",
    "deprecated",
    "cfg",
    "no_mangle",
    "export_name",
    "link_section",
    "target_feature",
    "instrument",
];

const INERT_NAMESPACES: &[&str] = &["rustfmt", "clippy", "diagnostic"];

impl<'a> Model<'a> {
    pub(crate) fn new(item: &'a ItemFn, args: &'a Args) -> Self {
        let sig = &item.sig;
        let stmts =
            syn::parse::Parser::parse2(syn::Block::parse_within, item.body.stmts.clone()).ok();
        let kind = if sig.asyncness.is_some() {
            if item.attrs.iter().all(is_inert) {
                Kind::Async(AsyncSignature::Rewrite)
            } else {
                Kind::Async(AsyncSignature::Keep)
            }
        } else {
            future_kind(item, args, stmts.as_deref())
                .or_else(|| stream_kind(item, args))
                .unwrap_or(Kind::Sync)
        };
        let root = args.root();
        let private = quote!(#root::__private);
        let field = quote!(#root::field);
        let bindings = bindings(sig);
        let mut model = Model {
            item,
            kind,
            private,
            field,
            span: SpanSpec {
                name: match &args.name {
                    Some(name) => name.to_token_stream(),
                    None => {
                        let ident = syn::ext::IdentExt::unraw(&sig.ident).to_string();
                        quote!(#ident)
                    }
                },
                target: args.target.as_ref(),
                level: args
                    .level
                    .clone()
                    .unwrap_or_else(|| Level::named("INFO", Span::call_site())),
                parent: args.parent.as_ref(),
                follows_from: args.follows_from.as_ref(),
                detached: args.detached.is_some(),
                fields: Vec::new(),
            },
            ret: None,
            err: None,
            outcome: args.outcome.is_some(),
            stmts,
            bindings: Vec::new(),
        };
        model.span.fields = span_fields(args, &bindings);
        if model.outcome {
            model.span.fields.push(SpanField {
                name: quote!("outcome"),
                value: SpanValue::Empty,
            });
        }
        model.bindings = bindings;
        model.ret = args
            .ret
            .as_ref()
            .map(|ret| model.event(EventKind::Ret, ret, EventLevel::OfSpan));
        model.err = args.err.as_ref().map(|err| {
            let error = EventLevel::Given(Level::named("ERROR", Span::call_site()));
            model.event(EventKind::Err, err, error)
        });
        model
    }

    fn event(&self, kind: EventKind, args: &EventArgs, default_level: EventLevel) -> EventSpec {
        EventSpec {
            kind,
            level: args.level.clone().map_or(default_level, EventLevel::Given),
            format: args
                .format
                .map_or(kind.default_format(), |(format, _)| format),
            span: args
                .format
                .map_or_else(|| self.value_output_span(), |(_, span)| span),
        }
    }

    /// Whether a panic of the function is caught, recorded (an `ERROR`
    /// event, and `outcome`) and resumed: with `outcome`, `err` and
    /// `err(Error)`.
    pub(crate) fn catches_panics(&self) -> bool {
        self.outcome || self.err.is_some()
    }

    /// The levels of the span and its events: `None` for one given as a
    /// path to a constant.
    pub(crate) fn levels(&self) -> Vec<Option<String>> {
        let span = self.span.level.name();
        let mut levels = vec![span.clone()];
        for event in [&self.ret, &self.err].into_iter().flatten() {
            levels.push(match &event.level {
                EventLevel::OfSpan => span.clone(),
                EventLevel::Given(level) => level.name(),
            });
        }
        levels
    }

    /// The bindings the span records, as expressions.
    pub(crate) fn recorded_bindings(&self) -> Vec<&TokenStream> {
        self.span
            .fields
            .iter()
            .filter_map(|field| match &field.value {
                SpanValue::Param(param) => Some(&param.binding),
                SpanValue::Expr { .. } | SpanValue::Empty => None,
            })
            .collect()
    }

    /// The `E` of a function whose value is spelled `..Result<T, E>`.
    pub(crate) fn error_type(&self) -> Option<&Type> {
        let ReturnType::Type(_, ty) = &self.item.sig.output else {
            return None;
        };
        let value = match &self.kind {
            Kind::ReturnsFuture { ret, .. } => ret.output.as_ref()?,
            _ => ty,
        };
        types::result_error(value)
    }

    /// The declared return type, `()` when there is none.
    pub(crate) fn output(&self) -> TokenStream {
        match &self.item.sig.output {
            ReturnType::Default => quote!(()),
            ReturnType::Type(_, ty) => ty.to_token_stream(),
        }
    }

    /// The span of the type the function's value has when it completes: the
    /// future's `Output` for future-returning functions, else the return type.
    pub(crate) fn value_output_span(&self) -> Span {
        match &self.kind {
            Kind::ReturnsFuture { ret, .. } => ret
                .output
                .as_ref()
                .map_or_else(|| self.output_span(), Spanned::span),
            _ => self.output_span(),
        }
    }

    /// The span of the return type, or of the signature's `)` without one.
    pub(crate) fn output_span(&self) -> Span {
        types::output_span(&self.item.sig)
    }

    /// Whether the return type is `!`.
    pub(crate) fn returns_never(&self) -> bool {
        types::returns_never(&self.item.sig)
    }
}

/// The span's fields: the recorded parameters (minus skipped ones and those
/// a field hides), then `fields(..)`. A field that is only a parameter's
/// name records that parameter, skipped or not; any other name alone
/// declares an empty field, to be recorded later.
fn span_fields<'a>(args: &'a Args, bindings: &[Param]) -> Vec<SpanField<'a>> {
    let fields = args.fields.iter().flat_map(|f| &f.0);
    let mut out = Vec::new();
    if args.skip_all.is_none() {
        let skipped: Vec<String> = args.skip.iter().flatten().map(unraw).collect();
        for param in bindings {
            // tracing's rule, and a bare field that records the parameter.
            let hidden = fields.clone().any(|field| {
                field.name.hides(&param.written)
                    || (matches!(field.value, FieldValue::Bare(_))
                        && field.name.text() == Some(&param.name))
            });
            if !hidden && !skipped.contains(&param.name) {
                let name = &param.name;
                out.push(SpanField {
                    name: quote!(#name),
                    value: SpanValue::Param(param.clone()),
                });
            }
        }
    }
    for field in fields {
        let value = match &field.value {
            FieldValue::Bare(_) => {
                match bindings.iter().find(|p| field.name.text() == Some(&p.name)) {
                    Some(param) => SpanValue::Param(param.clone()),
                    None => SpanValue::Empty,
                }
            }
            FieldValue::Expr { record, expr } => SpanValue::Expr {
                record: *record,
                expr,
            },
        };
        out.push(SpanField {
            name: field.name.to_callsite_name(),
            value,
        });
    }
    out
}

/// An identifier as its name is recorded, without `r#`.
pub(crate) fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

fn is_inert(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    let first = path.segments.first().map(|s| s.ident.to_string());
    match first.as_deref() {
        Some(ns) if path.segments.len() > 1 => INERT_NAMESPACES.contains(&ns),
        Some(name) => INERT_ATTRIBUTES.contains(&name),
        None => false,
    }
}

/// The bindings the signature introduces, with how each is recorded.
pub(crate) fn bindings(sig: &syn::Signature) -> Vec<Param> {
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => params.push(Param {
                name: "self".to_owned(),
                written: "self".to_owned(),
                by_ref: matches!(receiver.kind, syn::ReceiverKind::Reference(..)),
                binding: receiver.self_token.to_token_stream(),
                record: Record::Debug,
            }),
            FnArg::Typed(typed) => pattern_bindings(&typed.pat, Some(&typed.ty), &mut params),
        }
    }
    params
}

fn pattern_bindings(pat: &Pat, ty: Option<&Type>, out: &mut Vec<Param>) {
    match pat {
        Pat::Ident(ident) => {
            let record = match ty {
                Some(ty) if is_value_type(ty) => Record::Value,
                _ => Record::Debug,
            };
            out.push(Param {
                name: unraw(&ident.ident),
                written: ident.ident.to_string(),
                by_ref: ident.by_ref.is_some()
                    || (ident.subpat.is_none()
                        && matches!(ty.map(strip_parens), Some(Type::Reference(_)))),
                binding: ident.ident.to_token_stream(),
                record,
            });
            if let Some((_, sub)) = &ident.subpat {
                pattern_bindings(sub, None, out);
            }
        }
        Pat::Tuple(tuple) => {
            // Zip `(a, b): (u32, String)` so each binding keeps its type.
            let types: Option<Vec<&Type>> = match ty.map(strip_parens) {
                Some(Type::Tuple(t)) if t.elems.len() == tuple.elems.len() => {
                    Some(t.elems.iter().collect())
                }
                _ => None,
            };
            for (i, elem) in tuple.elems.iter().enumerate() {
                pattern_bindings(elem, types.as_ref().map(|t| t[i]), out);
            }
        }
        Pat::TupleStruct(tuple) => tuple
            .elems
            .iter()
            .for_each(|p| pattern_bindings(p, None, out)),
        Pat::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| pattern_bindings(&f.pat, None, out)),
        Pat::Slice(s) => s.elems.iter().for_each(|p| pattern_bindings(p, None, out)),
        Pat::Reference(r) => {
            let inner = match ty.map(strip_parens) {
                Some(Type::Reference(t)) => Some(&*t.elem),
                _ => None,
            };
            pattern_bindings(&r.pat, inner, out);
        }
        Pat::Paren(p) => pattern_bindings(&p.pat, ty, out),
        Pat::Type(t) => pattern_bindings(&t.pat, Some(&t.ty), out),
        // An or-pattern binds the same names in every alternative.
        Pat::Or(or) => {
            if let Some(first) = or.cases.first() {
                pattern_bindings(first, None, out);
            }
        }
        _ => {}
    }
}

/// Decides from the return type (never from the body's spelling) whether the
/// function returns a stream: `impl Stream<Item = T>` (any path ending in
/// `Stream`), `Pin<Box<dyn Stream ..>>`, `BoxStream<'a, T>`,
/// `LocalBoxStream<'a, T>`, or any type with `stream`.
fn stream_kind(item: &ItemFn, args: &Args) -> Option<Kind> {
    let ReturnType::Type(_, ty) = &item.sig.output else {
        return args
            .stream
            .is_some()
            .then_some(Kind::ReturnsStream { boxed: true });
    };
    let boxed = !matches!(strip_parens(ty), Type::ImplTrait(_));
    (args.stream.is_some() || is_stream(ty)).then_some(Kind::ReturnsStream { boxed })
}

/// Decides from the return type (never from the body's spelling) whether the
/// function returns a future, then looks at the body's shape.
fn future_kind(item: &ItemFn, args: &Args, stmts: Option<&[Stmt]>) -> Option<Kind> {
    if args.stream.is_some() {
        return None;
    }
    let ret = match (&item.sig.output, &args.future) {
        (_, Some(_)) => FutureReturn {
            boxed: true,
            output: match &item.sig.output {
                ReturnType::Type(_, ty) => future_return(ty).and_then(|r| r.output),
                ReturnType::Default => None,
            },
        },
        (ReturnType::Type(_, ty), None) => future_return(ty)?,
        (ReturnType::Default, None) => return None,
    };
    let body = match stmts {
        Some([Stmt::Expr(tail, None)]) => match async_block(tail) {
            Some(block) => FutureBody::OnlyAsync(Box::new(block.clone())),
            None => FutureBody::Prelude,
        },
        _ => FutureBody::Prelude,
    };
    Some(Kind::ReturnsFuture {
        ret: Box::new(ret),
        body,
    })
}
