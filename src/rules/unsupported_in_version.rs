use super::{LintContext, Rule, RuleMeta};
use crate::ast::{Directive, Section, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::keywords;
use crate::schema::Version;
use crate::schema::{self, Versioned};
use crate::span::Span;
use crate::views::stick_table::KeyType;

declare_rule! {
    /// ## What it does
    /// With a target version (`--haproxy-version X.Y`, or `haproxy-version`
    /// in `halint.toml`), reports syntax that version does not have:
    /// keywords, options and timeouts introduced later (from the keyword
    /// table; removed ones are `unknown-keyword`'s), section keywords
    /// introduced later (`crt-store` 3.0, `log-profile` and `traces` 3.1,
    /// `acme` 3.2, from the schema; `healthcheck`, newer than the 3.3
    /// sources, with any target up to 3.3), section keywords removed before
    /// the target (`program`, whose support 3.3 removed),
    /// and the version-gated parts of peers and stick tables: `type ipv4`
    /// and `recv-only` (3.2), `brates-factor` (3.1), `write-to` (3.0),
    /// `shards`/`shard` (2.8), `srvkey` (2.4), `localpeer` and a peers
    /// section's `log` (2.2), and the `bind`/`server`/`table` style of peers
    /// sections and parameters on `peer` lines (2.0).
    ///
    /// ## Why is this bad?
    /// The targeted HAProxy refuses the config (`stick-table: unknown type
    /// 'ipv4'.`, `unknown keyword 'shards' in 'peers' section`): a config
    /// written against a newer manual fails on the fleet's actual version.
    ///
    /// ## Example
    /// ```haproxy
    /// # halint check --haproxy-version 2.6
    /// backend app
    ///     stick-table type ipv4 size 20k
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k
    /// ```
    ///
    /// ## Fix safety
    /// Only `type ipv4` → `type ip` is fixed (safe: 3.2 made `ipv4` an
    /// alias of `ip`, so the table is the same). Other constructs need a
    /// decision on what to use instead.
    ///
    /// ## References
    /// HAProxy configuration manuals 2.0 to 3.2; haproxy-semantics §1.1, §2.1.
    pub struct UnsupportedInVersion {
        code: "HA103",
        name: "unsupported-in-version",
        severity: Error,
        fix: Sometimes,
        summary: "syntax the targeted HAProxy version does not have (--haproxy-version)",
    }
}

const fn v(major: u8, minor: u8) -> Version {
    Version { major, minor }
}

fn too_new(span: Span, what: &str, since: Version, target: Version) -> Diagnostic {
    Diagnostic::new(&UnsupportedInVersion::META, span, format!("{what} needs HAProxy {since} or later"))
        .with_label(format!("not in HAProxy {target}"))
        .with_help(format!("the target is {target} (--haproxy-version); remove it or raise the target"))
}

/// The span of the word `name` among a directive's words.
fn word_span(d: &Directive, src: &str, name: &str) -> Option<Span> {
    d.words.iter().find(|w| w.value(src) == name).map(|w| w.span)
}

impl Rule for UnsupportedInVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let Some(target) = cx.settings.haproxy_version else { return };
        let src = cx.src();
        let file = cx.parse.file();
        for section in &file.sections {
            check_header(cx, section, target, src);
            for (_, d) in file.directives(section) {
                check_directive(cx, section.kind, d, target, src);
            }
        }
    }
}

/// A section keyword the target does not have: HAProxy reads the header
/// as an unknown keyword of the section before.
fn check_header(cx: &mut LintContext<'_>, section: &Section, target: Version, src: &str) {
    let keyword = cx.parse.file().header(section).directive.keyword();
    let name = keyword.value(src);
    match schema::section_keyword(&name) {
        Some(k) if target < k.since => {
            cx.report(too_new(keyword.span, &format!("a `{name}` section"), k.since, target));
        }
        // Removed before the target (`program`, last in 3.2): HAProxy reads
        // the header as an unknown keyword.
        Some(k) if !k.exists_in(target) => {
            let message =
                format!("a `{name}` section is not in HAProxy {target}: HAProxy {} has it", k.versions());
            let diagnostic = Diagnostic::new(&UnsupportedInVersion::META, keyword.span, message)
                .with_label(format!("not in HAProxy {target}"))
                .with_help(format!(
                    "the target is {target} (--haproxy-version); remove the section or lower the target"
                ));
            cx.report(diagnostic);
        }
        // Newer than the newest sources extracted (3.3).
        None if target <= schema::NEWEST => {
            let message = format!("a `{name}` section needs HAProxy newer than {}", schema::NEWEST);
            let diagnostic = Diagnostic::new(&UnsupportedInVersion::META, keyword.span, message)
                .with_label(format!("not in HAProxy {target}"))
                .with_help(format!(
                    "the target is {target} (--haproxy-version); remove it or raise the target"
                ));
            cx.report(diagnostic);
        }
        _ => {}
    }
}

fn check_directive(cx: &mut LintContext<'_>, kind: SectionKind, d: &Directive, target: Version, src: &str) {
    let keyword = d.keyword().value(src);
    // Keywords, options and timeouts from the keyword table.
    let entry = match (keyword.as_ref(), d.words.get(1)) {
        ("option", Some(name)) => {
            keywords::lookup_option(kind, &name.value(src)).map(|k| (k, name.span, "option "))
        }
        ("timeout", Some(name)) => {
            keywords::lookup_timeout(kind, &name.value(src)).map(|k| (k, name.span, "timeout "))
        }
        _ => keywords::lookup(kind, &keyword).map(|k| (k, d.keyword().span, "")),
    };
    let dated = entry.is_some_and(|(k, _, _)| target < k.since);
    if let Some((k, span, prefix)) = entry.filter(|_| dated) {
        cx.report(too_new(span, &format!("`{prefix}{}`", k.name), k.since, target));
    }
    let table_args = match (kind, keyword.as_ref()) {
        (SectionKind::Peers, "table") => d.words.get(2..),
        (k, "stick-table") if k.is_proxy() => d.words.get(1..),
        _ => None,
    };
    if let Some(args) = table_args {
        let table = crate::views::stick_table::StickTable::from_args(d.keyword().span, args, src);
        if let Some((KeyType::Ipv4, span)) = &table.key_type {
            if target < v(3, 2) {
                let fix = Fix::safe("use `type ip` (the same table)", vec![Edit::replace(*span, "ip")]);
                cx.report(too_new(*span, "`type ipv4`", v(3, 2), target).with_fix(fix));
            }
        }
        let gated =
            [("recv-only", v(3, 2)), ("brates-factor", v(3, 1)), ("write-to", v(3, 0)), ("srvkey", v(2, 4))];
        for (arg, since) in gated {
            if target < since {
                if let Some(span) = word_span(d, src, arg) {
                    cx.report(too_new(span, &format!("`{arg}`"), since, target));
                }
            }
        }
    }
    match (kind, keyword.as_ref()) {
        // The keyword table already dated this keyword.
        _ if dated => {}
        (SectionKind::Peers, "shards") if target < v(2, 8) => {
            cx.report(too_new(d.keyword().span, "`shards`", v(2, 8), target));
        }
        (SectionKind::Peers, "log") if target < v(2, 2) => {
            cx.report(too_new(d.keyword().span, "`log` in a peers section", v(2, 2), target));
        }
        (SectionKind::Peers, "bind" | "server" | "table" | "default-bind" | "default-server")
            if target < v(2, 0) =>
        {
            cx.report(too_new(d.keyword().span, &format!("`{keyword}` in a peers section"), v(2, 0), target));
        }
        (SectionKind::Peers, "peer" | "server") => {
            if target < v(2, 8) {
                if let Some(span) = word_span(d, src, "shard") {
                    cx.report(too_new(span, "the `shard` parameter", v(2, 8), target));
                }
            }
            if keyword == "peer" && target < v(2, 0) && d.words.len() > 3 {
                let span = d.words[3].span.cover(d.words[d.words.len() - 1].span);
                cx.report(too_new(span, "parameters on a `peer` line", v(2, 0), target));
            }
        }
        (SectionKind::Global, "localpeer") if target < v(2, 2) => {
            cx.report(too_new(d.keyword().span, "`localpeer`", v(2, 2), target));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Linter, Settings};

    fn findings(target: &str, src: &str) -> Vec<String> {
        let settings =
            Settings { haproxy_version: Some(target.parse().expect("version")), ..Settings::default() };
        let findings = Linter::new(settings).check(&parse(src));
        findings.iter().filter(|d| d.rule == "unsupported-in-version").map(|d| d.message.clone()).collect()
    }

    /// 3.3 removed `program` sections (v3.3.0 registers no such section).
    #[test]
    fn a_program_section_is_gone_in_3_3() {
        let src = "program dataplane\n    command /usr/bin/dataplaneapi\n";
        assert_eq!(
            findings("3.3", src),
            ["a `program` section is not in HAProxy 3.3: HAProxy 2.0 to 3.2 has it"]
        );
        assert!(findings("3.2", src).is_empty());
        assert_eq!(findings("1.9", src)[0], "a `program` section needs HAProxy 2.0 or later");
    }
}
