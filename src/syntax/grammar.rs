//! The pest parser generated from `grammar/haproxy.pest`.

#![allow(missing_docs)] // pest_derive generates the `Rule` enum without docs.

/// The parser; see the grammar file for the rules.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/haproxy.pest"]
pub struct HaproxyParser;
