//! temp
#![forbid(unsafe_code)]
pub mod ast;
pub mod span;
pub mod syntax;
pub use syntax::{parse, Parse, SyntaxError, SyntaxErrorKind};
