//! Shared test support: a recording layer.
