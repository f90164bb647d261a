//! Fixes: byte-range edits on the original text, never a re-print of the tree.

pub mod apply;
pub mod diff;
pub mod edits;

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Whether a fix may be applied without a human deciding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes behaviour a human must judge (routing, persistence): applied
    /// only with `--unsafe-fixes`.
    Unsafe,
    /// Mechanical, keeps comments, cannot change the routing of a working
    /// cluster: applied by `--fix`.
    Safe,
}

/// Replace the bytes of `span` with `replacement` (an insertion when the span
/// is empty, a deletion when the replacement is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Inserts `text` at `offset`.
    pub fn insert(offset: u32, text: impl Into<String>) -> Self {
        Edit { span: Span::empty(offset), replacement: text.into() }
    }

    /// Replaces `span` with `text`.
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit { span, replacement: text.into() }
    }

    /// Deletes `span`.
    pub fn delete(span: Span) -> Self {
        Edit { span, replacement: String::new() }
    }
}

/// A repair for one finding: edits applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, as an imperative ("add `peers diamanti_peers`").
    pub title: String,
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { title: title.into(), applicability: Applicability::Safe, edits }
    }

    /// An unsafe fix.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { title: title.into(), applicability: Applicability::Unsafe, edits }
    }

    /// The span covering every edit.
    pub fn span(&self) -> Option<Span> {
        self.edits.iter().map(|e| e.span).reduce(Span::cover)
    }
}
