//! The parameters of `bind`, `server`, `server-template`, `default-server`
//! and `peer` lines, each with the words it takes as the schema counts them
//! ([`OptionTable::option`]).
//!
//! Unlike [`crate::model::line_options`], which stops where HAProxy stops
//! reading, a view reads every word: it names what a line holds, mistakes
//! included, for the rules to report.

use super::{val, Text};
use crate::ast::Word;
use crate::schema::OptionTable;
use crate::span::Span;

/// Whether `word` (a word's value) names an option of `table` in some version.
pub(crate) fn is_option(word: &str, table: OptionTable) -> bool {
    table.option(word).is_some()
}

/// Splits parameter words into `(keyword, span)` pairs, the span covering
/// the keyword and its argument words. An option takes the words the
/// schema gives it; a word no version knows, or an option that reads a
/// variable number of words itself (`source`), takes the next word unless
/// that word is an option.
pub(crate) fn split_params(words: &[Word], src: &str, table: OptionTable) -> Vec<(Text, Span)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let name = val(&words[i], src);
        let nargs = match table.option(&name).and_then(|o| usize::try_from(o.args).ok()) {
            Some(n) => n,
            None => usize::from(words.get(i + 1).is_some_and(|w| !is_option(&w.value(src), table))),
        };
        let last = (i + nargs).min(words.len() - 1);
        out.push((name, words[i].span.cover(words[last].span)));
        i = last + 1;
    }
    out
}

/// The span of parameter `name` and its arguments (the last one given).
pub(crate) fn last_param(params: &[(Text, Span)], name: &str) -> Option<Span> {
    params.iter().rev().find(|(n, _)| n == name).map(|(_, s)| *s)
}

/// The value and span of the argument of parameter `name` (the word after
/// the keyword), if present.
pub(crate) fn param_arg(
    words: &[Word],
    src: &str,
    params: &[(Text, Span)],
    name: &str,
) -> Option<(Text, Span)> {
    let span = last_param(params, name)?;
    let at = words.iter().position(|w| w.span.start == span.start)?;
    let w = words.get(at + 1).filter(|w| w.span.end <= span.end)?;
    Some((val(w, src), w.span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{first, text};

    fn spans(cfg: &str, table: OptionTable) -> Vec<&str> {
        let params =
            first(cfg, |d, src| Some(split_params(d.args().get(2..).unwrap_or_default(), src, table)));
        params.iter().map(|(_, s)| text(cfg, *s)).collect()
    }

    #[test]
    fn options_take_the_words_the_schema_gives_them() {
        let cfg = "server s1 10.0.0.1:80 check set-proxy-v2-tlv-fmt(0xE1) %[src] no-sslv3 weight 5\n";
        assert_eq!(
            spans(cfg, OptionTable::Server),
            ["check", "set-proxy-v2-tlv-fmt(0xE1) %[src]", "no-sslv3", "weight 5"]
        );
        let cfg = "bind :443 x ssl crt /x.pem tls-tickets default-crt /y.pem\n";
        assert_eq!(spans(cfg, OptionTable::Bind), ["ssl", "crt /x.pem", "tls-tickets", "default-crt /y.pem"]);
    }

    #[test]
    fn unknown_and_variable_words_take_one_word_unless_an_option_follows() {
        let cfg = "server s1 10.0.0.1:80 source 10.0.0.2 frobnicate 3 newflag check\n";
        assert_eq!(spans(cfg, OptionTable::Server), ["source 10.0.0.2", "frobnicate 3", "newflag", "check"]);
    }
}
