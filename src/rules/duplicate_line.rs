use super::{LintContext, Rule, RuleMeta};
use crate::ast::Directive;
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHasher};
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
    /// Lines that HAProxy reads once per occurrence are never duplicates,
    /// since the repeat means something: ordered rules (`http-request`,
    /// `http-response`, `http-after-response`, `tcp-request`,
    /// `tcp-response`, `stats http-request`, `use_backend`, `use-server`,
    /// `redirect`, `stick`, `force-persist`, `ignore-persist`, `monitor`),
    /// check steps (`tcp-check`, `http-check`), `acl` lines (they extend a
    /// list), captures (`capture`, `declare capture`: ids are positions),
    /// `log`, `filter`, `bind`, `compression` and `lua-load` lines.
    ///
    /// ## Why is this bad?
    /// A repeated setting is at best noise, often a merge or templating
    /// accident, and sometimes fatal: a repeated `server` or `stick-table`
    /// line is refused.
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
    /// The fix deletes the later line, and is offered only when no line
    /// with the same keyword (`no`/`default` aside) sits between the two:
    /// then the setting already holds the repeated value where the later
    /// line stands, and deleting it changes nothing. It is safe when the
    /// later line carries no comment of its own, unsafe when its comment
    /// differs from the first's (the comment would be lost). With a line of
    /// the same keyword in between (`timeout connect 5s`, `timeout
    /// connect 10s`, `timeout connect 5s`) the repeat may be what sets the
    /// value: no fix.
    ///
    /// ## Superseded by
    /// `duplicate-peer-name`: a repeated `peer` line is its finding (it knows
    /// whether HAProxy refuses the repeat), not this rule's.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies" (rule evaluation order),
    /// 4.2 `declare capture`, `tcp-check`, `acl`, `log`.
    pub struct DuplicateLine {
        code: "HA104",
        name: "duplicate-line",
        severity: Warning,
        fix: Sometimes,
        summary: "the same setting twice in one section",
    }
}

/// Keywords whose every occurrence counts: ordered rules, check steps,
/// list entries, captures (numbered by position), log targets, listeners.
#[rustfmt::skip]
const REPEATABLE_KEYWORDS: &[&str] = &[
    "acl", "bind", "capture", "compression", "declare", "filter", "force-persist", "http-after-response",
    "http-check", "http-request", "http-response", "ignore-persist", "log", "lua-load",
    "lua-load-per-thread", "lua-prepend-path", "monitor", "redirect", "stick", "tcp-check",
    "tcp-request", "tcp-response", "use-server", "use_backend",
];

/// Whether a repeat of line `words` means something to HAProxy.
fn is_repeatable(words: &[Cow<'_, str>]) -> bool {
    let word = |i: usize| words.get(i).map(|w| w.as_ref());
    match word(0) {
        Some("stats") => word(1) == Some("http-request"),
        Some(k) => REPEATABLE_KEYWORDS.contains(&k),
        None => false,
    }
}

/// The setting a directive writes: its keyword after `no`/`default`, with
/// the timeout's name for `timeout`.
fn setting_key<'s>(d: &Directive, src: &'s str) -> Option<Cow<'s, str>> {
    let mut words = d.words.iter().map(|w| w.value(src));
    let first = words.next()?;
    let key = match first.as_ref() {
        "no" | "default" => words.next().unwrap_or(first),
        _ => first,
    };
    match (key.as_ref(), words.next()) {
        ("timeout", Some(name)) => Some(Cow::Owned(format!("timeout {name}"))),
        _ => Some(key),
    }
}

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
            // The last line (so far) writing each setting, for the fix.
            let mut last_of_key: FxHashMap<Cow<'_, str>, u32> = FxHashMap::default();
            for (line, d) in file.directives(section) {
                let key = setting_key(d, src);
                let last_same_key = key.clone().and_then(|k| last_of_key.insert(k, line as u32));
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
                if is_repeatable(&words) {
                    continue;
                }
                let keyword = &words[0];
                let comment = |l: usize| file.lines[l].comment.map(|c| c.text(src).trim_end());
                let keeps_comment = comment(line).is_none() || comment(line) == comment(first_line);
                // Another value of the setting in between: this line may be
                // the one that sets it back.
                let set_between = last_same_key.is_some_and(|l| {
                    l as usize > first_line && !directive(l).is_some_and(|b| same_words(b, d, src))
                });
                let title = "delete the repeated line";
                let edit = || vec![edits::delete_line(cx.parse, line)];
                let fix = match (set_between, keeps_comment) {
                    (true, _) => None,
                    (false, true) => Some(Fix::safe(title, edit())),
                    (false, false) => Some(Fix::unsafe_(title, edit())),
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    d.span(),
                    format!("this '{keyword}' line repeats an earlier one"),
                )
                .with_label("same words as an earlier line")
                .with_secondary(first.span(), "first written here")
                .with_help("delete one of the two lines, or change the one that was meant to differ");
                if let Some(fix) = fix {
                    d = d.with_fix(fix);
                }
                cx.report(d);
            }
        }
    }
}
