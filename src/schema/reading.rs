//! Splitting a line's words by its [`Signature`]: which word is which
//! positional argument or named option, each with its [`Value`] kind. The
//! rules that judge arguments (`invalid-argument`) or the names they refer
//! to (`undefined-section`) read lines through this.

use super::arguments::{self, Opt, Signature, Value};
use super::{Version, Versioned};
use crate::ast::{Directive, SectionKind, Word};

/// A line read by its signature.
pub struct Reading<'a> {
    /// The signature it was read by.
    pub signature: &'static Signature,
    /// The keyword (and the sub-keyword the signature is about), as HAProxy
    /// names them in messages: `timeout client`.
    pub context: String,
    /// The words up to a rule's condition (`if`/`unless`).
    pub words: &'a [Word],
    /// The positional arguments, each with its kind.
    pub positional: Vec<(Value, &'a Word)>,
    /// The named options: the option, its name word, its value word.
    pub options: Vec<(&'static Opt, &'a Word, Option<&'a Word>)>,
}

/// Reads `d` in `section` by the signature `target` has for it (any
/// version when `None`); `None` when no signature applies.
pub fn read<'a>(
    src: &str,
    section: SectionKind,
    d: &'a Directive,
    target: Option<Version>,
) -> Option<Reading<'a>> {
    let keyword = d.keyword().value(src);
    let mut words = d.words.as_ref();
    if arguments::is_rule_keyword(&keyword) {
        // A rule's condition is not its arguments.
        let end = words.iter().position(|w| matches!(w.value(src).as_ref(), "if" | "unless"));
        words = &words[..end.unwrap_or(words.len())];
    }
    let second = words.get(1).map(|w| w.value(src));
    let signature = arguments::signature(section, &keyword, second.as_deref(), target)?;
    let skip = if signature.sub.is_some() { 2 } else { 1 };
    let context = words[..skip.min(words.len())].iter().map(|w| w.value(src)).collect::<Vec<_>>().join(" ");
    let mut reading = Reading { signature, context, words, positional: Vec::new(), options: Vec::new() };
    let mut rest = words.iter().skip(skip);
    while let Some(w) = rest.next() {
        let text = w.value(src);
        match signature.options.iter().find(|o| o.name == text && target.is_none_or(|t| o.exists_in(t))) {
            Some(option) => reading.options.push((option, w, rest.next())),
            None => {
                let kind = kind_at(signature, reading.positional.len());
                reading.positional.push((kind, w));
            }
        }
    }
    Some(reading)
}

/// The kind of the `i`-th positional argument.
fn kind_at(sig: &Signature, i: usize) -> Value {
    match sig.args.get(i) {
        Some(kind) => *kind,
        None if sig.repeat => sig.args.last().copied().unwrap_or(Value::Word),
        None => Value::Word,
    }
}

impl Reading<'_> {
    /// Every argument word with its kind: positional ones and option values.
    pub fn values(&self) -> impl Iterator<Item = (Value, &Word)> {
        let options = self.options.iter().filter_map(|(o, _, v)| Some((o.value, (*v)?)));
        self.positional.iter().map(|(k, w)| (*k, *w)).chain(options)
    }
}
