//! Where a directive holds sample expressions that HAProxy parses at
//! start-up: the criterion of an `acl` line or of an anonymous ACL
//! (`if { req.hdr(host) -m str x }`), the expression of actions like
//! `set-var(...)` or `track-scN`, and the log-format strings (`log-format`,
//! `unique-id-format`, `set-header`...) whose `%[...]` hold expressions
//! (see [`super::sample_expr::log_format_expressions`]).

use super::rule_set;
use crate::ast::{Directive, SectionKind, Word};
use crate::schema;

/// The words of a directive that hold a sample expression HAProxy parses at
/// start-up, each with what it holds.
pub(crate) fn sample_sites(d: &Directive, kind: SectionKind, src: &str) -> Vec<(usize, SampleSite)> {
    let mut out = Vec::new();
    let words = &d.words;
    let keyword = d.keyword().value(src);
    let not_condition = |w: &&Word| !matches!(w.value(src).as_ref(), "if" | "unless");
    match keyword.as_ref() {
        "acl" => {
            if words.len() > 2 {
                out.push((2, SampleSite::Acl));
            }
            return out;
        }
        // Parsed for proxies that log: not in a backend, and in defaults
        // only once a frontend inherits them.
        "log-format" | "log-format-sd" | "error-log-format"
            if matches!(kind, SectionKind::Frontend | SectionKind::Listen) && words.len() > 1 =>
        {
            out.push((1, SampleSite::LogFormat));
        }
        "unique-id-format" if kind != SectionKind::Defaults && words.len() > 1 => {
            out.push((1, SampleSite::LogFormat));
        }
        _ => {}
    }
    if let Some((rules, at)) = rule_set(d, src) {
        let action = words.get(at).and_then(|w| schema::action(rules, &w.value(src))).map(|a| a.name);
        let (offset, site) = match action {
            Some(
                "set-var" | "track-sc" | "set-src" | "set-dst" | "set-src-port" | "set-dst-port" | "capture",
            ) => (1, SampleSite::Sample),
            Some("set-var-fmt" | "set-path" | "set-pathq" | "set-uri" | "set-query") => {
                (1, SampleSite::LogFormat)
            }
            Some(
                "set-header" | "add-header" | "early-hint" | "replace-path" | "replace-pathq" | "replace-uri",
            ) => (2, SampleSite::LogFormat),
            Some("replace-header" | "replace-value") => (3, SampleSite::LogFormat),
            Some("redirect") => match words.get(at + 1).map(|w| w.value(src)) {
                Some(how) if matches!(how.as_ref(), "location" | "prefix") => (2, SampleSite::LogFormat),
                _ => (0, SampleSite::Sample),
            },
            _ => (0, SampleSite::Sample),
        };
        if offset > 0 && words.get(at + offset).is_some_and(|w| not_condition(&w)) {
            out.push((at + offset, site));
        }
    }
    // Anonymous ACLs of the condition.
    // Conditions are spelled plainly; reading the raw text keeps this scan of
    // every word of every line free of allocations.
    if let Some(cond) =
        words.iter().skip(1).position(|w| matches!(w.raw(src), "if" | "unless")).map(|i| i + 1)
    {
        for (i, w) in words.iter().enumerate().skip(cond + 1) {
            if matches!(w.raw(src), "{" | "!{") && words.get(i + 1).is_some_and(|n| n.raw(src) != "}") {
                out.push((i + 1, SampleSite::Acl));
            }
        }
    }
    out
}

/// What a word holds.
#[derive(Clone, Copy)]
pub(crate) enum SampleSite {
    /// An ACL criterion: an ACL keyword or a sample expression.
    Acl,
    /// A sample expression.
    Sample,
    /// A log-format string, whose `%[...]` hold sample expressions.
    LogFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::SectionKind;
    use crate::views::testing::first;

    fn sites(cfg: &str, kind: SectionKind) -> Vec<(String, &'static str)> {
        first(cfg, |d, src| {
            let words = sample_sites(d, kind, src).into_iter().map(|(at, site)| {
                let what = match site {
                    SampleSite::Acl => "acl",
                    SampleSite::Sample => "sample",
                    SampleSite::LogFormat => "log-format",
                };
                (d.words[at].value(src).into_owned(), what)
            });
            Some(words.collect())
        })
    }

    fn own(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|(w, s)| ((*w).to_owned(), *s)).collect()
    }

    #[test]
    fn acl_criteria_actions_and_log_formats() {
        let fe = SectionKind::Frontend;
        assert_eq!(
            sites("acl api req.hdr(host),lower -m str x\n", fe),
            own(&[("req.hdr(host),lower", "acl")])
        );
        assert_eq!(
            sites("http-request set-var(txn.x) src if { path_beg /a } !{ src 10.0.0.1 }\n", fe),
            own(&[("src", "sample"), ("path_beg", "acl"), ("src", "acl")])
        );
        assert_eq!(
            sites("http-request set-header X-Id %[uuid] if { }\n", fe),
            own(&[("%[uuid]", "log-format")])
        );
        assert_eq!(sites("http-request redirect location /x\n", fe), own(&[("/x", "log-format")]));
        assert_eq!(sites("log-format %[src]\n", fe), own(&[("%[src]", "log-format")]));
        // A backend's log-format is not parsed; defaults' unique-id-format neither.
        assert!(sites("log-format %[src]\n", SectionKind::Backend).is_empty());
        assert!(sites("unique-id-format %[uuid]\n", SectionKind::Defaults).is_empty());
        // An action without an expression before its condition.
        assert!(sites("http-request set-var(txn.x) if TRUE\n", fe).is_empty());
    }
}
