//! Lowering pest pairs into the AST, one function per grammar rule.
//!
//! Spans are shifted by the chunk's offset in the whole source, so chunks
//! parsed apart give the same tree as one parse of the file.

use super::error::{SyntaxError, SyntaxErrorKind};
use super::grammar::Rule;
use crate::ast::{ControlKind, Directive, Eol, Line, LineKind, Part, QuoteKind, SectionKind, Word};
use crate::span::Span;
use pest::iterators::Pair;

/// The blanks HAProxy splits words on (besides line ends).
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0B | 0x0C)
}

/// HAProxy's `MAX_LINE_ARGS`.
const MAX_WORDS: usize = 64;

/// Lowers the pairs of one chunk.
pub(super) struct Lowerer<'s> {
    /// The whole source (spans index it; pairs' positions are relative to the chunk).
    full: &'s str,
    /// The chunk's offset in the whole source.
    offset: u32,
    pub(super) lines: Vec<Line>,
    pub(super) errors: Vec<SyntaxError>,
    pub(super) bom: Option<Span>,
    /// Reused for the words of each line.
    scratch: Vec<Word>,
}

impl<'s> Lowerer<'s> {
    /// A lowerer appending the lines to `lines` (a buffer to reuse).
    pub(super) fn new(full: &'s str, offset: u32, lines: Vec<Line>) -> Self {
        Lowerer { full, offset, lines, errors: Vec::new(), bom: None, scratch: Vec::new() }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() as u32 + self.offset, s.end() as u32 + self.offset)
    }

    fn error(&mut self, span: Span, kind: SyntaxErrorKind) {
        self.errors.push(SyntaxError { span, kind });
    }

    /// `file` or `chunk`.
    pub(super) fn lower_file(&mut self, pair: Pair<'_, Rule>) {
        debug_assert!(matches!(pair.as_rule(), Rule::file | Rule::chunk));
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::bom => self.bom = Some(self.span(&child)),
                Rule::line | Rule::last_line => {
                    let line = self.lower_line(child);
                    self.lines.push(line);
                }
                Rule::EOI => {}
                other => unreachable!("{other:?} in file"),
            }
        }
    }

    /// `line` or `last_line`.
    fn lower_line(&mut self, pair: Pair<'_, Rule>) -> Line {
        let span = self.span(&pair);
        let text = pair.as_str().as_bytes();
        // Indentation and line ending are silent in the grammar: read them here.
        let indent_len = text.iter().take_while(|&&b| is_blank(b) || b == b'\r').count();
        let indent_len = if text[..indent_len].ends_with(b"\r") && text.get(indent_len) == Some(&b'\n') {
            indent_len - 1
        } else {
            indent_len
        };
        let indent = (indent_len > 0).then(|| Span::new(span.start, span.start + indent_len as u32));
        let eol = if text.ends_with(b"\r\n") {
            Eol::CrLf
        } else if text.ends_with(b"\n") {
            Eol::Lf
        } else {
            Eol::None
        };
        let mut comment = None;
        let mut ignored = None;
        let mut words = std::mem::take(&mut self.scratch);
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::plain_word => words.push(Word { span: self.span(&child), parts: None }),
                Rule::complex_word => words.push(self.lower_word(child)),
                Rule::comment => comment = Some(self.span(&child)),
                Rule::stray_cr => ignored = Some(self.span(&child)),
                other => unreachable!("{other:?} in line"),
            }
        }
        if words.len() > MAX_WORDS {
            let extra = words[MAX_WORDS].span.cover(words[words.len() - 1].span);
            self.error(extra, SyntaxErrorKind::TooManyWords);
        }
        // An exact allocation per line (a shrunk vector may keep its larger block).
        let kind = if words.is_empty() {
            LineKind::Empty
        } else {
            let exact: Box<[Word]> = words.drain(..).collect();
            self.classify(Directive { words: exact })
        };
        self.scratch = words;
        Line { span, indent, kind, comment, ignored, eol }
    }

    /// Section header, dot directive or plain directive, by the first word.
    fn classify(&mut self, directive: Directive) -> LineKind {
        let keyword = directive.keyword();
        let value = keyword.value(self.full);
        if value.starts_with('.') {
            let kind = ControlKind::from_keyword(&value);
            if kind == ControlKind::Unknown {
                self.error(keyword.span, SyntaxErrorKind::UnknownDirective);
            }
            return LineKind::Control { kind, directive };
        }
        match SectionKind::from_keyword(&value) {
            Some(kind) => LineKind::Section { kind, directive },
            None => LineKind::Directive(directive),
        }
    }

    /// `complex_word`.
    fn lower_word(&mut self, pair: Pair<'_, Rule>) -> Word {
        debug_assert_eq!(pair.as_rule(), Rule::complex_word);
        let span = self.span(&pair);
        let pieces = pair.into_inner();
        if pieces.len() == 1 && pieces.peek().is_some_and(|p| p.as_rule() == Rule::plain) {
            return Word { span, parts: None };
        }
        let mut parts = Vec::new();
        for piece in pieces {
            self.lower_piece(piece, &mut parts);
        }
        Word { span, parts: Some(Box::new(parts)) }
    }

    /// One piece of a word (outside quotes, or inside double quotes).
    fn lower_piece(&mut self, pair: Pair<'_, Rule>, parts: &mut Vec<Part>) {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::plain | Rule::dq_text | Rule::sq_text | Rule::lone_backslash => {
                parts.push(Part::Text { span });
            }
            Rule::hex_escape => {
                let digits = &pair.as_str()[2..4];
                let byte =
                    u8::from_str_radix(digits, 16).unwrap_or_else(|_| unreachable!("hex_escape digits"));
                parts.push(Part::Escape { span, byte });
            }
            Rule::char_escape | Rule::dq_char_escape => {
                let byte = match pair.as_str().as_bytes()[1] {
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'r' => b'\r',
                    other => other,
                };
                parts.push(Part::Escape { span, byte });
            }
            Rule::bad_hex_escape => {
                parts.push(Part::Invalid { span });
                self.error(span, SyntaxErrorKind::InvalidHexEscape);
            }
            Rule::nul => {
                parts.push(Part::Invalid { span });
                self.error(span, SyntaxErrorKind::NulByte);
            }
            Rule::dquote => parts.push(Part::Quote { span, kind: QuoteKind::Double }),
            Rule::squote => parts.push(Part::Quote { span, kind: QuoteKind::Single }),
            Rule::dq_string | Rule::sq_string => self.lower_string(pair, parts),
            Rule::env => self.lower_env(pair, parts),
            Rule::bad_env => {
                parts.push(Part::Invalid { span });
                self.error(span, SyntaxErrorKind::InvalidVariableName);
            }
            other => unreachable!("{other:?} in word"),
        }
    }

    /// `dq_string` or `sq_string`: quotes and what they enclose.
    fn lower_string(&mut self, pair: Pair<'_, Rule>, parts: &mut Vec<Part>) {
        let (quote_rule, kind) = match pair.as_rule() {
            Rule::dq_string => (Rule::dquote, SyntaxErrorKind::UnterminatedDoubleQuote),
            _ => (Rule::squote, SyntaxErrorKind::UnterminatedSingleQuote),
        };
        let mut quotes = 0;
        let mut open = None;
        for child in pair.into_inner() {
            if child.as_rule() == quote_rule {
                quotes += 1;
                open.get_or_insert(self.span(&child));
            }
            self.lower_piece(child, parts);
        }
        if quotes < 2 {
            let open = open.unwrap_or_else(|| unreachable!("string without its opening quote"));
            self.error(open, kind);
        }
    }

    /// `env`: `$NAME` or the braced form.
    fn lower_env(&mut self, pair: Pair<'_, Rule>, parts: &mut Vec<Part>) {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().unwrap_or_else(|| unreachable!("env without body"));
        let mut name = None;
        let mut default = None;
        let mut expand = false;
        let mut valid = true;
        match inner.as_rule() {
            Rule::env_name => name = Some(self.span(&inner)),
            Rule::env_braced => {
                let mut open = None;
                let mut closed = false;
                for child in inner.into_inner() {
                    let child_span = self.span(&child);
                    match child.as_rule() {
                        Rule::env_open => open = Some(child_span),
                        Rule::env_name => name = Some(child_span),
                        Rule::env_expand => expand = true,
                        Rule::bad_env_expand => {
                            self.error(child_span, SyntaxErrorKind::InvalidWordExpansion);
                            valid = false;
                        }
                        Rule::env_default => default = Some(Span::new(child_span.start + 1, child_span.end)),
                        Rule::env_close => closed = true,
                        other => unreachable!("{other:?} in env_braced"),
                    }
                }
                if valid && !closed {
                    let open = open.unwrap_or_else(|| unreachable!("env_braced without `{{`"));
                    self.error(open, SyntaxErrorKind::UnclosedVariableBrace);
                    valid = false;
                }
            }
            other => unreachable!("{other:?} in env"),
        }
        let name = name.unwrap_or_else(|| unreachable!("env without a name"));
        let name_text = name.text(self.full);
        if name_text.starts_with('.') && !matches!(name_text, ".LINE" | ".FILE" | ".SECTION") {
            self.error(name, SyntaxErrorKind::UnknownPseudoVariable);
        }
        if valid {
            parts.push(Part::Env { span, name, default, expand });
        } else {
            parts.push(Part::Invalid { span });
        }
    }
}
