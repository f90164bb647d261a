//! Typed views over single directives.
//!
//! A view reads one [`Directive`] (a line's words) and names its parts:
//! `server s1 10.0.0.1:80 check` becomes a [`server::Server`] with a name, an
//! [`address::Address`] and its parameters, each with the [`Span`] it came
//! from so that rules can point at it and fixes can edit it. Views are built on
//! demand (`from_directive` returns `None` when the keyword does not match)
//! and never fail: what HAProxy would refuse is kept and marked, for the
//! rules to report.
//!
//! Values are the words' values as HAProxy's tokenizer gives them (quotes
//! removed, escapes decoded), with environment variables left as written
//! (`${NAME}`).

pub mod address;
pub mod bind;
mod params;
pub mod peer;
pub mod proxy_refs;
pub mod sample_expr;
pub(crate) mod sample_sites;
pub mod server;
pub mod stick_rule;
pub mod stick_table;

pub use address::{Address, AddressKind, NormalHost, PortSpec};
pub use bind::Bind;
pub use peer::{PeerKind, PeerLine, PeersBind, PeersTable};
pub use proxy_refs::{Balance, Cookie, CookieMode, DefaultBackend, LocalPeer, Mode, ProxyMode, UseBackend};
pub use server::{Server, ServerTemplate, TemplateRange};
pub use stick_rule::{StickKind, StickRule, TrackSc};
pub use stick_table::{KeyType, StickTable};

/// The text of a view's field (a name, a size, a timeout as written). Short
/// texts, the usual case, are stored inline without an allocation; it
/// dereferences to `&str` and compares with `&str` and `String`.
pub type Text = compact_str::CompactString;

use crate::ast::{Directive, Word};
use crate::span::Span;

/// A word's value as an owned string.
pub(crate) fn val(word: &Word, src: &str) -> Text {
    Text::from(word.value(src))
}

/// The values of `words` joined with single spaces.
pub(crate) fn joined(words: &[Word], src: &str) -> Text {
    let mut out = Text::default();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&w.value(src));
    }
    out
}

/// The first character HAProxy refuses in a proxy, peers section or peer
/// name (it allows letters, digits, `_`, `.`, `:` and `-`).
pub fn invalid_name_char(name: &str) -> Option<char> {
    name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
}

/// Whether the directive's keyword is `keyword`.
pub(crate) fn is_keyword(d: &Directive, src: &str, keyword: &str) -> bool {
    d.keyword().value(src) == keyword
}

/// The span of bytes `start..end` of a word's value: exact for a plain word
/// (its value is its text), the whole word otherwise.
pub(crate) fn sub_span(word: &Word, start: usize, end: usize) -> Span {
    if word.is_plain() {
        Span::new(word.span.start + start as u32, word.span.start + end as u32)
    } else {
        word.span
    }
}

/// Splits a value on commas, giving each piece with its span inside `word`.
pub(crate) fn split_commas(word: &Word, src: &str) -> Vec<(Text, Span)> {
    let value = word.value(src);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, piece) in value.split(',').enumerate() {
        if i > 0 {
            start += 1;
        }
        out.push((Text::from(piece), sub_span(word, start, start + piece.len())));
        start += piece.len();
    }
    out
}

/// The `if`/`unless` condition at the end of a rule: the span from the
/// `if`/`unless` word to the last word, and whether it is `unless`.
/// `words` are searched from `from` on.
pub(crate) fn condition(words: &[Word], src: &str, from: usize) -> Option<(usize, Span, bool)> {
    let at = words.iter().skip(from).position(|w| matches!(w.value(src).as_ref(), "if" | "unless"))? + from;
    let unless = words[at].value(src) == "unless";
    let span = words[at].span.cover(words[words.len() - 1].span);
    Some((at, span, unless))
}

/// The rule keyword of a directive (as HAProxy names it) and the index of
/// its action word.
pub(crate) fn rule_set(d: &Directive, src: &str) -> Option<(&'static str, usize)> {
    let second = || d.words.get(1).map(|w| w.value(src));
    Some(match d.keyword().value(src).as_ref() {
        "http-request" => ("http-request", 1),
        "http-response" => ("http-response", 1),
        "http-after-response" => ("http-after-response", 1),
        "tcp-request" => match second()?.as_ref() {
            "connection" => ("tcp-request connection", 2),
            "session" => ("tcp-request session", 2),
            "content" => ("tcp-request content", 2),
            _ => return None,
        },
        "tcp-response" => match second()?.as_ref() {
            "content" => ("tcp-response content", 2),
            _ => return None,
        },
        _ => return None,
    })
}

/// Test helpers shared by the views' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::ast::{Directive, LineKind};

    /// Every view `read` builds from the directives of `cfg`, in order.
    pub fn all<T>(cfg: &str, read: impl Fn(&Directive, &str) -> Option<T>) -> Vec<T> {
        let parse = crate::parse(cfg);
        assert!(parse.errors().is_empty(), "{:?}", parse.errors());
        let src = parse.source();
        parse
            .file()
            .lines
            .iter()
            .filter_map(|line| match &line.kind {
                LineKind::Directive(d) => read(d, src),
                _ => None,
            })
            .collect()
    }

    /// The first view `read` builds from `cfg`.
    pub fn first<T>(cfg: &str, read: impl Fn(&Directive, &str) -> Option<T>) -> T {
        all(cfg, read).into_iter().next().expect("no matching directive")
    }

    /// The text of `span` in `cfg`.
    pub fn text(cfg: &str, span: crate::span::Span) -> &str {
        span.text(cfg)
    }
}
