use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One argument of a line, as HAProxy's tokenizer splits it.
///
/// A plain word (no quote, escape or variable: almost every word of a real
/// config) stores only its span. Other words also store their [`Part`]s, from
/// which the value is computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    /// The word as written, quotes and backslashes included.
    pub span: Span,
    /// The pieces of a word that is not plain text; `None` for plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // A thin pointer keeps a word at 16 bytes: millions of them in a big config.
    #[allow(clippy::box_collection)]
    pub parts: Option<Box<Vec<Part>>>,
}

/// A piece of a word that is not plain text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Part {
    /// Literal text (outside or inside quotes).
    Text {
        /// Where.
        span: Span,
    },
    /// An opening or closing quote; not part of the value.
    Quote {
        /// Where.
        span: Span,
        /// Which quote character.
        kind: QuoteKind,
    },
    /// A backslash sequence (`\ `, `\#`, `\x41` ...) and the byte it stands for.
    Escape {
        /// The whole sequence.
        span: Span,
        /// The byte it produces.
        byte: u8,
    },
    /// An environment variable inside double quotes: `$NAME`, `${NAME}`,
    /// `${NAME-default}` or `${NAME[*]}`.
    Env {
        /// The whole reference.
        span: Span,
        /// The variable's name (`.LINE` for pseudo-variables).
        name: Span,
        /// The default value after `-`, without the `-`.
        default: Option<Span>,
        /// `[*]`: the value is split into several words.
        expand: bool,
    },
    /// Bytes HAProxy's tokenizer refuses; a syntax error says why.
    Invalid {
        /// Where.
        span: Span,
    },
}

/// A quote character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// `"`: weak quoting.
    Double,
    /// `'`: strong quoting.
    Single,
}

impl Word {
    /// The word exactly as written.
    pub fn raw<'s>(&self, src: &'s str) -> &'s str {
        self.span.text(src)
    }

    /// Whether the word is plain text (its value is its raw text).
    pub fn is_plain(&self) -> bool {
        self.parts.is_none()
    }

    /// Whether the word refers to an environment variable.
    pub fn has_env(&self) -> bool {
        self.parts.as_deref().is_some_and(|parts| parts.iter().any(|p| matches!(p, Part::Env { .. })))
    }

    /// The word's value: quotes removed and escapes decoded, as HAProxy sees
    /// it, with environment variables left as written (`${NAME}`).
    pub fn value<'s>(&self, src: &'s str) -> Cow<'s, str> {
        self.value_with(src, |_| None)
    }

    /// The word's value with environment variables looked up in `env`
    /// (an unset variable takes its default, or expands to nothing, as in HAProxy;
    /// a variable set to the empty string stays empty).
    pub fn expand<'s>(&self, src: &'s str, env: impl Fn(&str) -> Option<String>) -> Cow<'s, str> {
        self.value_with(src, |name| Some(env(name)))
    }

    /// `env` answers `None` to keep a reference as written, `Some(None)` for
    /// an unset variable and `Some(Some(value))` for a set one.
    pub(crate) fn value_with<'s>(
        &self,
        src: &'s str,
        env: impl Fn(&str) -> Option<Option<String>>,
    ) -> Cow<'s, str> {
        let Some(parts) = &self.parts else {
            return Cow::Borrowed(self.raw(src));
        };
        let mut out: Vec<u8> = Vec::with_capacity(self.span.len() as usize);
        for part in parts.iter() {
            match part {
                Part::Text { span } | Part::Invalid { span } => {
                    out.extend_from_slice(span.text(src).as_bytes());
                }
                Part::Quote { .. } => {}
                Part::Escape { byte, .. } => out.push(*byte),
                Part::Env { span, name, default, .. } => match env(name.text(src)) {
                    Some(Some(value)) => out.extend_from_slice(value.as_bytes()),
                    Some(None) => {
                        if let Some(default) = default {
                            out.extend_from_slice(default.text(src).as_bytes());
                        }
                    }
                    None => out.extend_from_slice(span.text(src).as_bytes()),
                },
            }
        }
        match String::from_utf8(out) {
            Ok(s) => Cow::Owned(s),
            Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        }
    }
}
