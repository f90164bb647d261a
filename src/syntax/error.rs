//! Syntax errors: what HAProxy's tokenizer and conditional-block reader refuse.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A syntax error: where, and which mistake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", kind.message())]
pub struct SyntaxError {
    /// The bytes at fault (an unterminated quote points at the opening quote).
    pub span: Span,
    /// Which mistake.
    pub kind: SyntaxErrorKind,
}

/// The mistakes HAProxy refuses before it looks at keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SyntaxErrorKind {
    /// `"` with no closing `"` on the line.
    UnterminatedDoubleQuote,
    /// `'` with no closing `'` on the line.
    UnterminatedSingleQuote,
    /// `\x` not followed by two hexadecimal digits.
    InvalidHexEscape,
    /// `$` inside double quotes not followed by a variable name.
    InvalidVariableName,
    /// `${NAME` with no closing `}`.
    UnclosedVariableBrace,
    /// `${NAME[` not followed by `*]`.
    InvalidWordExpansion,
    /// `${.NAME}` other than `.LINE`, `.FILE` and `.SECTION`.
    UnknownPseudoVariable,
    /// A NUL byte (a run of them counts once).
    NulByte,
    /// More than 64 words on one line.
    TooManyWords,
    /// A dot directive HAProxy does not know (`.elseif`).
    UnknownDirective,
    /// `.elif` with no open `.if`.
    ElifWithoutIf,
    /// `.else` with no open `.if`.
    ElseWithoutIf,
    /// `.endif` with no open `.if`.
    EndifWithoutIf,
    /// `.elif` after the block's `.else`.
    ElifAfterElse,
    /// A second `.else` in one block.
    ElseAfterElse,
    /// `.if` with no `.endif` before the end of the file.
    UnclosedIf,
    /// The `.if` that opens a 100th nested block (HAProxy: `too many nested
    /// '.if', max is 100`).
    TooManyNestedIfs,
}

impl SyntaxErrorKind {
    /// What is wrong, in a sentence fragment (lowercase, no final period).
    pub fn message(self) -> &'static str {
        match self {
            Self::UnterminatedDoubleQuote => "unterminated double quote",
            Self::UnterminatedSingleQuote => "unterminated single quote",
            Self::InvalidHexEscape => "invalid hexadecimal escape: `\\x` needs two hexadecimal digits",
            Self::InvalidVariableName => "`$` inside double quotes must start a variable name",
            Self::UnclosedVariableBrace => "environment variable with no closing `}`",
            Self::InvalidWordExpansion => "invalid word expansion: only `[*]` may follow a variable name",
            Self::UnknownPseudoVariable => {
                "unknown pseudo-variable: only `.LINE`, `.FILE` and `.SECTION` exist"
            }
            Self::NulByte => "NUL byte in the configuration",
            Self::TooManyWords => "more than 64 words on one line",
            Self::UnknownDirective => "unknown directive",
            Self::ElifWithoutIf => "`.elif` without a matching `.if`",
            Self::ElseWithoutIf => "`.else` without a matching `.if`",
            Self::EndifWithoutIf => "`.endif` without a matching `.if`",
            Self::ElifAfterElse => "`.elif` after `.else`",
            Self::ElseAfterElse => "second `.else` in one `.if` block",
            Self::UnclosedIf => "`.if` block never closed with `.endif`",
            Self::TooManyNestedIfs => "too many nested `.if` blocks: HAProxy allows at most 99 open",
        }
    }

    /// The label under the offending bytes.
    pub fn label(self) -> &'static str {
        match self {
            Self::UnterminatedDoubleQuote | Self::UnterminatedSingleQuote => {
                "this quote is opened here and never closed"
            }
            Self::InvalidHexEscape => "expected two hexadecimal digits after `\\x`",
            Self::InvalidVariableName => "expected a letter, `_` or `.` after `$`",
            Self::UnclosedVariableBrace => "this `{` is never closed",
            Self::InvalidWordExpansion => "expected `[*]`",
            Self::UnknownPseudoVariable => "unknown name",
            Self::NulByte => "NUL byte",
            Self::TooManyWords => "HAProxy stops reading the line here",
            Self::UnknownDirective => "not a directive HAProxy knows",
            Self::ElifWithoutIf | Self::ElseWithoutIf | Self::EndifWithoutIf => "no `.if` is open here",
            Self::ElifAfterElse | Self::ElseAfterElse => "the block already had its `.else`",
            Self::UnclosedIf => "this block is still open at the end of the file",
            Self::TooManyNestedIfs => "this `.if` opens the 100th nested block",
        }
    }

    /// What to do about it.
    pub fn help(self) -> &'static str {
        match self {
            Self::UnterminatedDoubleQuote => {
                "close the quote with `\"` before the end of the line, or escape it as `\\\"`"
            }
            Self::UnterminatedSingleQuote => {
                "close the quote with `'` before the end of the line, or escape it as `\\'`"
            }
            Self::InvalidHexEscape => "write a byte as `\\x41`, or a literal backslash as `\\\\`",
            Self::InvalidVariableName => "write a literal dollar sign inside double quotes as `\\$`",
            Self::UnclosedVariableBrace => "end the variable reference with `}`",
            Self::InvalidWordExpansion => "write `${NAME[*]}` to split the value into words",
            Self::UnknownPseudoVariable => "use `${.LINE}`, `${.FILE}` or `${.SECTION}`",
            Self::NulByte => "remove the NUL byte; the file may not be a text file",
            Self::TooManyWords => "split the line: HAProxy reads at most 64 words per line",
            Self::UnknownDirective => {
                "the directives are .if, .elif, .else, .endif, .diag, .notice, .warning and .alert"
            }
            Self::ElifWithoutIf | Self::ElseWithoutIf | Self::EndifWithoutIf => {
                "open the block with `.if <condition>` first, or remove this line"
            }
            Self::ElifAfterElse | Self::ElseAfterElse => "`.else` must be the block's last branch",
            Self::UnclosedIf => "add `.endif` where the block ends",
            Self::TooManyNestedIfs => "flatten the conditions: combine them in one `.if` with `&&`",
        }
    }
}
