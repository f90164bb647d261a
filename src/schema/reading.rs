//! Splitting a line's words by its [`Signature`]: which word is which
//! positional argument or named option, each with its [`Value`] kind. The
//! rules that judge arguments (`invalid-argument`) or the names they refer
//! to (`undefined-section`) read lines through this.

use super::arguments::{self, Opt, Signature, Value};
use super::{Version, Versioned};
use crate::ast::{Directive, SectionKind, Word};
use std::borrow::Cow;

/// A line read by its signature.
pub struct Reading<'a> {
    /// The signature it was read by.
    pub signature: &'static Signature,
    /// The words up to a rule's condition (`if`/`unless`).
    pub words: &'a [Word],
    /// The positional arguments, each with its kind.
    pub positional: Vec<(Value, &'a Word)>,
    /// The named options: the option, its name word, its value word.
    pub options: Vec<(&'static Opt, &'a Word, Option<&'a Word>)>,
}

/// The signature `target` has for `d` in `section` (any version when
/// `None`), if any: a cheap look-up, before reading the words.
pub fn signature_of(
    src: &str,
    section: SectionKind,
    d: &Directive,
    target: Option<Version>,
) -> Option<&'static Signature> {
    let keyword = d.keyword().value(src);
    arguments::signatures_of(&keyword)?; // most lines: no signature, no more work
    let second = d.words.get(1).map(|w| w.value(src));
    arguments::signature(section, &keyword, second.as_deref(), target)
}

/// Reads `d` by `signature` (from [`signature_of`]), judging options
/// by what `target` has.
pub fn read<'a>(
    src: &str,
    signature: &'static Signature,
    d: &'a Directive,
    target: Option<Version>,
) -> Reading<'a> {
    let mut words = d.words.as_ref();
    if arguments::is_rule_keyword(d.keyword().raw(src)) {
        // A rule's condition is not its arguments.
        let condition = |w: &Word| {
            let text = if w.is_plain() { Cow::Borrowed(w.raw(src)) } else { w.value(src) };
            matches!(text.as_ref(), "if" | "unless")
        };
        words = &words[..words.iter().position(condition).unwrap_or(words.len())];
    }
    let mut reading = Reading { signature, words, positional: Vec::new(), options: Vec::new() };
    let mut rest = words.iter().skip(reading.path_len());
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
    reading
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
    /// How many words name the keyword: 2 when the signature is about the
    /// second word (`timeout client`), else 1.
    pub fn path_len(&self) -> usize {
        if self.signature.sub.is_some() {
            2
        } else {
            1
        }
    }

    /// The keyword (and the sub-keyword the signature is about), as HAProxy
    /// names them in messages: `timeout client`.
    pub fn context(&self, src: &str) -> String {
        let path = &self.words[..self.path_len().min(self.words.len())];
        path.iter().map(|w| w.value(src)).collect::<Vec<_>>().join(" ")
    }

    /// Every argument word with its kind: positional ones and option values.
    pub fn values(&self) -> impl Iterator<Item = (Value, &Word)> {
        let options = self.options.iter().filter_map(|(o, _, v)| Some((o.value, (*v)?)));
        self.positional.iter().map(|(k, w)| (*k, *w)).chain(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::LineKind;

    /// An option's name and value, as read.
    type OptionRead = (String, Option<String>);

    /// The first directive of `line` put in a listen section: the context,
    /// the positional words and the options.
    fn reading_of(text: &str, target: Option<Version>) -> (String, Vec<String>, Vec<OptionRead>) {
        let src = format!("listen l\n    {text}\n");
        let parsed = crate::parse(&src);
        let d = parsed
            .file()
            .lines
            .iter()
            .find_map(|l| match &l.kind {
                LineKind::Directive(d) => Some(d.clone()),
                _ => None,
            })
            .expect("a directive");
        let sig = signature_of(&src, SectionKind::Listen, &d, target).expect("a signature");
        let r = read(&src, sig, &d, target);
        let positional = r.positional.iter().map(|(_, w)| w.value(&src).into_owned()).collect();
        let options = r
            .options
            .iter()
            .map(|(o, _, v)| (o.name.to_owned(), v.map(|w| w.value(&src).into_owned())))
            .collect();
        (r.context(&src), positional, options)
    }

    #[test]
    fn options_are_taken_out_and_conditions_cut_off() {
        let (context, positional, options) =
            reading_of("http-request deny deny_status 403 hdr x y if { path /a }", None);
        assert_eq!(context, "http-request deny");
        assert_eq!(positional, ["hdr", "x", "y"]);
        assert_eq!(options, [("deny_status".to_owned(), Some("403".to_owned()))]);
        let (_, _, options) = reading_of("tcp-check send PING comment", None);
        assert_eq!(options, [("comment".to_owned(), None)]);
    }

    #[test]
    fn the_keyword_alone_reads_the_second_word_as_an_argument() {
        let (context, positional, _) = reading_of("timeout client 5s", None);
        assert_eq!((context.as_str(), positional), ("timeout client", vec!["5s".to_owned()]));
        let (context, positional, _) = reading_of("mode http", None);
        assert_eq!((context.as_str(), positional), ("mode", vec!["http".to_owned()]));
        // 2.6 has no `compression direction`: the keyword's signature reads it.
        let (context, positional, _) = reading_of("compression direction both", Some(Version::new(2, 6)));
        assert_eq!((context.as_str(), positional.len()), ("compression", 2));
    }
}
