use super::{LintContext, Rule, RuleMeta};
use crate::ast::Directive;
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

declare_rule! {
    /// ## What it does
    /// Reports a directive whose words (their values: quoting aside) are
    /// exactly those of an earlier directive of the same section. Comments
    /// and blanks are not compared. Lines inside `.if` blocks are left out:
    /// the same line in two branches, or in a branch and outside, is
    /// usually deliberate.
    ///
    /// ## Why is this bad?
    /// A repeated line is at best noise, often a merge or templating
    /// accident, and sometimes fatal or silently doubling: a repeated
    /// `server` or `stick-table` line is refused, a repeated `log` target
    /// logs every request twice, a repeated `http-request add-header` adds
    /// the header twice and a repeated `sc-inc-gpc0` counts twice.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     option httpchk GET /health
    ///     server s1 10.0.0.1:80 check
    ///     option httpchk GET /health
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     option httpchk GET /health
    ///     server s1 10.0.0.1:80 check
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the later line. It is safe when repeating the line
    /// changes nothing (settings where the last value wins, ACL lines, a
    /// `server` or `stick-table` line that makes the config invalid,
    /// `http-*`/`tcp-*` rules whose action sets a value, ends processing
    /// or tracks a counter once) and the later line carries no comment of
    /// its own. It is unsafe when the line acts once per occurrence, or may:
    /// `log` targets, `capture` and `filter` lines, and rules with any other
    /// action (`add-header`, `replace-*`, `sc-inc-gpc0`, `set-var` that may
    /// compute from the variable itself, Lua actions...): deleting one
    /// changes what HAProxy does, even if the repetition was a mistake. It
    /// is unsafe too when the later line's comment differs from the first's,
    /// since the comment would be lost.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies" (rule evaluation order),
    /// 4.2 `log`, `http-request add-header`.
    pub struct DuplicateLine {
        code: "HA104",
        name: "duplicate-line",
        severity: Warning,
        fix: Always,
        summary: "the same directive twice in one section",
    }
}

/// Keywords whose every occurrence acts (`log global` excepted: HAProxy
/// copies the global targets once).
const CUMULATIVE_KEYWORDS: &[&str] = &["log", "capture", "filter"];

/// Rule actions that act the same when repeated: they set, end processing,
/// or track a counter once.
#[rustfmt::skip]
const IDEMPOTENT_ACTIONS: &[&str] = &[
    "accept", "allow", "auth", "close", "del-acl", "del-header", "del-map", "deny", "disable-l7-retry",
    "expect-netscaler-cip", "expect-proxy", "normalize-uri", "redirect", "reject", "return", "set-dst",
    "set-header", "set-log-level", "set-mark", "set-method", "set-nice", "set-path", "set-pathq",
    "set-query", "set-src", "set-status", "set-timeout", "set-tos", "set-uri", "silent-drop", "tarpit",
    "use-service", "wait-for-body", "wait-for-handshake",
];

/// Whether deleting one of two identical lines `words` may change behaviour.
fn is_cumulative(words: &[Cow<'_, str>]) -> bool {
    let word = |i: usize| words.get(i).map(|w| w.as_ref());
    let action = match word(0) {
        Some(k) if CUMULATIVE_KEYWORDS.contains(&k) => return word(1) != Some("global"),
        Some("http-request" | "http-response" | "http-after-response") => word(1),
        Some("tcp-request" | "tcp-response") => match word(1) {
            Some("connection" | "session" | "content") => word(2),
            _ => None,
        },
        _ => None,
    };
    let Some(action) = action else { return false };
    let base = action.split('(').next().unwrap_or(action);
    !(IDEMPOTENT_ACTIONS.contains(&base) || base.starts_with("track-sc"))
}

/// Whether line `line` sits inside an `.if` block.
/// A directive compared by its words' values.
/// A hash of a directive's word values (computed once per line).
fn words_hash(d: &Directive, src: &str) -> u64 {
    let mut h = FxHasher::default();
    for w in d.words.iter() {
        w.value(src).hash(&mut h);
    }
    h.finish()
}

fn same_words(a: &Directive, b: &Directive, src: &str) -> bool {
    a.words.len() == b.words.len()
        && a.words.iter().zip(b.words.iter()).all(|(x, y)| x.value(src) == y.value(src))
}

fn words_of<'s>(d: &Directive, src: &'s str) -> Vec<Cow<'s, str>> {
    d.words.iter().map(|w| w.value(src)).collect()
}

impl Rule for DuplicateLine {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        let inside = file.inside_conditionals();
        // One table of (hash, line) per section: 16 bytes an entry, the
        // hash computed once per line (a generated frontend can have 100,000
        // lines), words compared only when hashes are equal.
        let mut seen: HashTable<(u64, u32)> = HashTable::new();
        let directive = |line: u32| crate::model::directive_at(cx.parse, line as usize);
        for section in &file.sections {
            // `clear` costs the table's capacity: after a big section start
            // afresh rather than clear it once per following section.
            if seen.capacity() > 256 {
                seen = HashTable::new();
            } else {
                seen.clear();
            }
            for (line, d) in file.directives(section) {
                if inside[line] {
                    continue;
                }
                let hash = words_hash(d, src);
                let earlier = seen
                    .find(hash, |&(h, l)| h == hash && directive(l).is_some_and(|e| same_words(e, d, src)));
                let Some((first_line, first)) = earlier.and_then(|&(_, l)| Some((l as usize, directive(l)?)))
                else {
                    seen.insert_unique(hash, (hash, line as u32), |&(h, _)| h);
                    continue;
                };
                let words = words_of(d, src);
                let keyword = &words[0];
                let comment = |l: usize| file.lines[l].comment.map(|c| c.text(src).trim_end());
                let keeps_comment = comment(line).is_none() || comment(line) == comment(first_line);
                let title = "delete the repeated line";
                let edit = vec![edits::delete_line(cx.parse, line)];
                let fix = if keeps_comment && !is_cumulative(&words) {
                    Fix::safe(title, edit)
                } else {
                    Fix::unsafe_(title, edit)
                };
                let d = Diagnostic::new(
                    &Self::META,
                    d.span(),
                    format!("this '{keyword}' line repeats an earlier one"),
                )
                .with_label("same words as an earlier line")
                .with_secondary(first.span(), "first written here")
                .with_help("delete one of the two lines, or change the one that was meant to differ")
                .with_fix(fix);
                cx.report(d);
            }
        }
    }
}
