//! Edition-2024 shapes.
