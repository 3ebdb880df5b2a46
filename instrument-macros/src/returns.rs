//! Early returns in a future-returning function's sync prelude.
//!
//! A `return fut;` in the prelude leaves the function with a future that
//! must be instrumented like the tail one. Boxed return types wrap each
//! return on the spot (all coerce to the return type); an `impl Future` has
//! one concrete type, so its returns break out of the prelude's labelled
//! block and share the one wrapper after it.
//!
//! Only the function's own `return`s are rewritten: closures, async blocks,
//! const blocks and nested items have their own.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::visit_mut::VisitMut;
use syn::{Expr, Lifetime, Stmt};

use crate::types::box_pin_arg;

/// How a returned future is handled.
pub(crate) enum Returns<'a> {
    /// `return wrap(fut)`, where `wrap` instruments and boxes the future.
    Wrap(&'a dyn Fn(&TokenStream) -> TokenStream),
    /// `break 'label fut`.
    Break(&'a Lifetime),
    /// `break 'label wrap(fut)`: a boxed prelude that runs in a closure
    /// (to catch a panic), whose returns leave the closure's labelled block
    /// already instrumented.
    BreakWrapped(&'a Lifetime, &'a dyn Fn(&TokenStream) -> TokenStream),
}

/// Rewrites the returns of `stmts`. Returns whether a `break` was written,
/// so the label is only declared when it is used.
pub(crate) fn rewrite(stmts: &mut [Stmt], returns: &Returns<'_>) -> bool {
    let mut visitor = Rewriter {
        returns,
        wrote_break: false,
    };
    for stmt in stmts {
        visitor.visit_stmt_mut(stmt);
    }
    visitor.wrote_break
}

struct Rewriter<'a> {
    returns: &'a Returns<'a>,
    wrote_break: bool,
}

impl Rewriter<'_> {
    fn replace(&mut self, value: &Expr) -> Expr {
        // A returned `Box::pin(fut)` is unboxed; the wrapper boxes once.
        let unboxed = || box_pin_arg(value).unwrap_or(value).to_token_stream();
        let tokens = match self.returns {
            Returns::Wrap(wrap) => {
                let wrapped = wrap(&unboxed());
                quote!(return #wrapped)
            }
            Returns::Break(label) => {
                self.wrote_break = true;
                quote!(break #label #value)
            }
            Returns::BreakWrapped(label, wrap) => {
                self.wrote_break = true;
                let wrapped = wrap(&unboxed());
                quote!(break #label #wrapped)
            }
        };
        Expr::Verbatim(tokens)
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Return(ret) => {
                if let Some(value) = &mut ret.expr {
                    self.visit_expr_mut(value);
                    *expr = self.replace(value);
                }
            }
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
