//! The option words of `bind`, `server`, `default-server`, `server-template`
//! and `peer` lines, read the way HAProxy reads them: from the first word
//! after the address, each option stepping over the words it takes, the
//! reading stopping at the first word no version knows (HAProxy stops at
//! its first refusal, and the words after it cannot be told apart).

use crate::ast::{Directive, SectionKind, Word};
use crate::schema::LineOption;
pub use crate::schema::OptionTable;

/// One option word of a line.
#[derive(Clone, Copy, Debug)]
pub struct OptionWord<'a> {
    /// The word.
    pub word: &'a Word,
    /// The option it names, when some version has it.
    pub option: Option<&'static LineOption>,
    /// The option takes more words than the line has left.
    pub missing_argument: bool,
}

/// Whether lines of `section` can read options from `table` (rules skip the
/// other sections: a generated frontend can have a hundred thousand lines).
pub fn reads_options(section: SectionKind, table: OptionTable) -> bool {
    use SectionKind::{Backend, Defaults, Frontend, Listen, LogForward, Peers, Ring};
    match table {
        OptionTable::Bind => matches!(section, Frontend | Listen | Peers | LogForward),
        OptionTable::Server => matches!(section, Defaults | Backend | Listen | Peers | Ring),
    }
}

/// The options table of directive `d` in `section` and the index of its
/// first option word, for the lines that take options.
pub fn option_table(section: SectionKind, d: &Directive, src: &str) -> Option<(OptionTable, usize)> {
    use SectionKind::{Backend, Defaults, Frontend, Listen, LogForward, Peers, Ring};
    Some(match (d.keyword().value(src).as_ref(), section) {
        ("bind", Frontend | Listen | Peers | LogForward) => (OptionTable::Bind, 2),
        ("server", Backend | Listen | Ring) => (OptionTable::Server, 3),
        // Without an address a peers `server` is the local peer: no options.
        ("server" | "peer", Peers) => (OptionTable::Server, 3),
        ("default-server", Defaults | Backend | Listen | Peers) => (OptionTable::Server, 1),
        ("server-template", Backend | Listen) => (OptionTable::Server, 4),
        _ => return None,
    })
}

/// The option words of `d` (see the module docs); none when the line takes
/// no options.
pub fn option_words<'a>(
    section: SectionKind,
    d: &'a Directive,
    src: &'a str,
) -> impl Iterator<Item = OptionWord<'a>> + 'a {
    let (table, first) = option_table(section, d, src).map_or((OptionTable::Bind, usize::MAX), |t| t);
    let mut next = Some(first);
    std::iter::from_fn(move || {
        let i = next?;
        let word = d.words.get(i)?;
        // `${VAR}` may stand for several words, or none (HAProxy expands it
        // unquoted too, where the tree keeps it as plain text).
        if word.has_env() || word.raw(src).contains('$') {
            return None;
        }
        let option = table.option(&word.value(src));
        let takes = option.map_or(-1, |o| o.args);
        // An unknown word, or one that reads its own words, ends the reading.
        next = usize::try_from(takes).ok().map(|n| i + 1 + n);
        let missing_argument = takes > 0 && i + takes as usize >= d.words.len();
        Some(OptionWord { word, option, missing_argument })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::LineKind;

    fn names(cfg: &str, section: SectionKind) -> Vec<(String, bool, bool)> {
        let parse = crate::parse(cfg);
        let src = parse.source();
        let LineKind::Directive(d) = &parse.file().lines[0].kind else { panic!("a directive") };
        option_words(section, d, src)
            .map(|o| (o.word.value(src).into_owned(), o.option.is_some(), o.missing_argument))
            .collect()
    }

    fn own(list: &[(&str, bool, bool)]) -> Vec<(String, bool, bool)> {
        list.iter().map(|(n, k, m)| ((*n).to_owned(), *k, *m)).collect()
    }

    #[test]
    fn options_step_over_their_arguments() {
        let got = names("bind :443 ssl crt /x.pem alpn h2 tfoo v6only\n", SectionKind::Frontend);
        assert_eq!(
            got,
            own(&[("ssl", true, false), ("crt", true, false), ("alpn", true, false), ("tfoo", false, false)])
        );
        let got = names("server s1 10.0.0.1:80 check inter\n", SectionKind::Backend);
        assert_eq!(got, own(&[("check", true, false), ("inter", true, true)]));
        let got = names(
            "server-template s 3 app:80 check set-proxy-v2-tlv-fmt(0xE1) %[src] weight 5\n",
            SectionKind::Listen,
        );
        assert_eq!(
            got,
            own(&[
                ("check", true, false),
                ("set-proxy-v2-tlv-fmt(0xE1)", true, false),
                ("weight", true, false)
            ])
        );
    }

    #[test]
    fn sections_that_read_options_agree_with_the_lines() {
        let lines = [("bind :80 tfo\n", OptionTable::Bind), ("default-server check\n", OptionTable::Server)];
        for kind in SectionKind::ALL {
            for (line, table) in lines {
                let has = !names(line, kind).is_empty();
                assert!(!has || reads_options(kind, table), "{kind:?} reads {line}");
            }
        }
    }

    #[test]
    fn reading_stops_where_words_are_unknowable() {
        // `source` reads its own words; `${OPTS}` may be several words.
        assert_eq!(
            names("server s 10.0.0.1:80 source 10.0.0.2 usesrc client\n", SectionKind::Backend).len(),
            1
        );
        assert_eq!(
            names("default-server check ${OPTS} chek\n", SectionKind::Defaults),
            own(&[("check", true, false)])
        );
        assert!(names("server s 10.0.0.1:80 check\n", SectionKind::Frontend).is_empty());
        assert!(names("bind :80 chek\n", SectionKind::Defaults).is_empty());
    }
}
