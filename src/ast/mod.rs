//! The lossless syntax tree of a haproxy.cfg.
//!
//! A [`File`] is a flat list of [`Line`]s that covers every byte of the source
//! exactly once, plus two indexes built over it: the [`Section`]s (which lines
//! belong to `backend app`) and the [`Conditional`] blocks (`.if` ... `.endif`).
//! Conditional blocks may open in one section and close in another, so neither
//! can nest in the other; both refer to lines by index.
//!
//! Nodes hold [`Span`]s into the source, never copies of its text: a word's
//! text and its unquoted, unescaped value are computed on demand from the
//! source ([`Word::raw`], [`Word::value`]). That keeps the tree of a 25 MB
//! config small. Every type is serde-serializable; `halint parse` prints the
//! richer [`json`] view, which adds each word's text and value.

pub mod json;
mod section_kind;
mod word;

pub use section_kind::SectionKind;
pub use word::{Part, QuoteKind, Word};

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A parsed file: its lines and the indexes over them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    /// The UTF-8 byte-order mark at the start, if any.
    pub bom: Option<Span>,
    /// Every line, in order; together with `bom` they cover the source exactly.
    pub lines: Vec<Line>,
    /// The sections in order of their header lines.
    pub sections: Vec<Section>,
    /// The conditional blocks, in order of their `.if` lines.
    pub conditionals: Vec<Conditional>,
}

/// One physical line, its end-of-line bytes included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The whole line, line ending included.
    pub span: Span,
    /// Leading blanks (spaces, tabs).
    pub indent: Option<Span>,
    /// What the line says.
    pub kind: LineKind,
    /// A trailing or whole-line comment, from `#` to the end of the line.
    pub comment: Option<Span>,
    /// Text after a carriage return that ends the line early: HAProxy
    /// silently ignores it (`server s1 10.0.0.1:80<CR>check` loses `check`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<Span>,
    /// The line ending.
    pub eol: Eol,
}

/// What a line says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LineKind {
    /// Nothing but blanks and maybe a comment.
    Empty,
    /// A section header such as `backend app`.
    Section {
        /// Which kind of section it opens.
        kind: SectionKind,
        /// The header's words: the section keyword, then the name and the rest.
        directive: Directive,
    },
    /// A keyword and its arguments.
    Directive(Directive),
    /// A conditional-block or message directive (`.if`, `.endif`, `.warning` ...).
    Control {
        /// Which directive.
        kind: ControlKind,
        /// Its words: the directive (`.if`), then the condition or message words.
        directive: Directive,
    },
}
// (Struct variants, not wrapped structs: the kind byte then shares the tag's
// word, and a line is 8 bytes smaller; there are 650,000 in a big config.)

/// The line ending of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eol {
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
    /// The last line of a file that does not end with a line feed.
    None,
}

impl Eol {
    /// The bytes of this line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
            Eol::None => "",
        }
    }
}

/// A keyword followed by its arguments: the words of a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directive {
    /// The words; never empty. The first is the keyword.
    pub words: Box<[Word]>,
}

impl Directive {
    /// The keyword (first word).
    pub fn keyword(&self) -> &Word {
        &self.words[0]
    }

    /// The arguments (every word after the keyword).
    pub fn args(&self) -> &[Word] {
        &self.words[1..]
    }

    /// From the first byte of the keyword to the last byte of the last word.
    pub fn span(&self) -> Span {
        let first = self.words[0].span;
        let last = self.words[self.words.len() - 1].span;
        first.cover(last)
    }
}

/// A section header line, such as `backend app` or `defaults web from base`:
/// a view of a [`LineKind::Section`] line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionHeader<'a> {
    /// Which kind of section it opens.
    pub kind: SectionKind,
    /// The header's words: the section keyword, then the name and the rest.
    pub directive: &'a Directive,
}

impl<'a> SectionHeader<'a> {
    /// The section's name, when it has one (`global` has none).
    pub fn name(&self) -> Option<&'a Word> {
        self.directive.words.get(1)
    }
}

/// The directives starting with a dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ControlKind {
    /// `.if <condition>`.
    If,
    /// `.elif <condition>`.
    Elif,
    /// `.else`.
    Else,
    /// `.endif`.
    Endif,
    /// `.diag <message>` (shown with `-dD`).
    Diag,
    /// `.notice <message>`.
    Notice,
    /// `.warning <message>`.
    Warning,
    /// `.alert <message>`: HAProxy stops with an error.
    Alert,
    /// A dot directive HAProxy does not know (`.elseif`, say).
    Unknown,
}

impl ControlKind {
    /// The kind named by a directive word such as `.if`.
    pub fn from_keyword(word: &str) -> ControlKind {
        match word {
            ".if" => ControlKind::If,
            ".elif" => ControlKind::Elif,
            ".else" => ControlKind::Else,
            ".endif" => ControlKind::Endif,
            ".diag" => ControlKind::Diag,
            ".notice" => ControlKind::Notice,
            ".warning" => ControlKind::Warning,
            ".alert" => ControlKind::Alert,
            _ => ControlKind::Unknown,
        }
    }
}

/// A section: its header line and the lines after it up to the next header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The kind, as on the header.
    pub kind: SectionKind,
    /// Index of the header line in [`File::lines`].
    pub header: u32,
    /// One past the index of the section's last line.
    pub end: u32,
}

impl Section {
    /// The indexes of the lines after the header that belong to the section.
    pub fn body(&self) -> std::ops::Range<usize> {
        self.header as usize + 1..self.end as usize
    }
}

/// An `.if` block with its `.elif`/`.else` branches and its `.endif`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditional {
    /// Index of the `.if` line.
    pub if_line: u32,
    /// Indexes of the `.elif` and `.else` lines, in order.
    pub branches: Vec<u32>,
    /// Index of the `.endif` line; `None` when the file ends first.
    pub endif_line: Option<u32>,
    /// How many blocks enclose this one (0 at the top level).
    pub depth: u32,
}

impl File {
    /// The line index range before the first section header: lines HAProxy
    /// reads outside any section.
    pub fn preamble(&self) -> std::ops::Range<usize> {
        let end = self.sections.first().map_or(self.lines.len(), |s| s.header as usize);
        0..end
    }

    /// The header of a section.
    pub fn header(&self, section: &Section) -> SectionHeader<'_> {
        match &self.lines[section.header as usize].kind {
            LineKind::Section { kind, directive } => SectionHeader { kind: *kind, directive },
            other => unreachable!("section header line holds {other:?}"),
        }
    }

    /// The directives in a section's body, with their line indexes.
    pub fn directives<'a>(&'a self, section: &Section) -> impl Iterator<Item = (usize, &'a Directive)> + 'a {
        let first = section.header as usize + 1;
        self.lines[section.body()].iter().enumerate().filter_map(move |(i, line)| match &line.kind {
            LineKind::Directive(d) => Some((first + i, d)),
            _ => None,
        })
    }

    /// The directives of the proxy sections (`defaults`, `frontend`,
    /// `backend`, `listen`), with their section and line indexes.
    pub fn proxy_directives(&self) -> impl Iterator<Item = (&Section, usize, &Directive)> + '_ {
        let proxies = self.sections.iter().filter(|s| s.kind.is_proxy());
        proxies.flat_map(move |section| self.directives(section).map(move |(line, d)| (section, line, d)))
    }

    /// For each line, whether it sits inside a conditional block (between an
    /// `.if` and its `.endif`). One sweep, for rules that look at every line.
    pub fn inside_conditionals(&self) -> Vec<bool> {
        let mut inside = vec![false; self.lines.len()];
        for c in &self.conditionals {
            let end = c.endif_line.map_or(self.lines.len(), |e| e as usize);
            inside[(c.if_line as usize + 1).min(end)..end].iter_mut().for_each(|x| *x = true);
        }
        inside
    }

    /// The index of the section that line `line` belongs to, if any.
    pub fn section_of(&self, line: usize) -> Option<usize> {
        let i = self.sections.partition_point(|s| (s.header as usize) <= line);
        i.checked_sub(1)
    }
}
