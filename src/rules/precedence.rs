//! One finding per cause: when a more specific rule reports something, a
//! more general rule that would report the same thing stays silent there
//! (ruff's rule precedence). Each general rule says so in its docs, under
//! `## Superseded by`; `tests/registry.rs` checks the two agree.
//!
//! Precedence acts on what was reported: with the specific rule disabled
//! (`--ignore`), or finding nothing, the general one speaks.

use crate::diagnostic::Diagnostic;
use crate::syntax::Parse;
use rustc_hash::FxHashSet;

/// Where a specific finding silences a general one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// On the same line of the same file.
    Line,
    /// In the proxy of the same name, in any file of the cluster (a table is
    /// named after its proxy: one cause, reported from both sides).
    ProxyAcrossFiles,
}

/// One precedence: `specific` silences those findings of `general` that
/// `applies` accepts, within `scope`.
pub struct Precedence {
    /// The more specific rule.
    pub specific: &'static str,
    /// The rule it silences.
    pub general: &'static str,
    /// Where.
    pub scope: Scope,
    /// Which findings of `general` (some rules find several causes).
    pub applies: fn(&Diagnostic) -> bool,
}

/// Every precedence.
pub static PRECEDENCE: &[Precedence] = &[
    // A repeated peer line: the peers rule knows what the repeat means.
    Precedence {
        specific: "duplicate-peer-name",
        general: "duplicate-line",
        scope: Scope::Line,
        applies: |_| true,
    },
    // A table shared on one instance, local on another: the missing `peers`
    // is the cause, and `stick-table-not-shared` can add it.
    Precedence {
        specific: "stick-table-not-shared",
        general: "table-definition-mismatch",
        scope: Scope::ProxyAcrossFiles,
        applies: super::table_definition_mismatch::is_sharing_finding,
    },
];

/// The rule that supersedes `general`'s findings, if any (for the docs test).
pub fn superseded_by(general: &str) -> Vec<&'static str> {
    PRECEDENCE.iter().filter(|p| p.general == general).map(|p| p.specific).collect()
}

/// Drops the findings superseded by others: `files` are the files checked
/// together (one, or a cluster's), each with its findings.
pub fn apply(files: &mut [(&Parse, Vec<Diagnostic>)]) {
    for p in PRECEDENCE {
        match p.scope {
            Scope::Line => {
                for (parse, diagnostics) in files.iter_mut() {
                    let lines: FxHashSet<usize> = diagnostics
                        .iter()
                        .filter(|d| d.rule == p.specific)
                        .map(|d| line_of(parse, d))
                        .collect();
                    if !lines.is_empty() {
                        diagnostics.retain(|d| {
                            !(d.rule == p.general && (p.applies)(d) && lines.contains(&line_of(parse, d)))
                        });
                    }
                }
            }
            Scope::ProxyAcrossFiles => {
                let proxies: FxHashSet<String> = files
                    .iter()
                    .flat_map(|(parse, ds)| {
                        ds.iter().filter(|d| d.rule == p.specific).filter_map(|d| proxy_of(parse, d))
                    })
                    .collect();
                if proxies.is_empty() {
                    continue;
                }
                for (parse, diagnostics) in files.iter_mut() {
                    diagnostics.retain(|d| {
                        !(d.rule == p.general
                            && (p.applies)(d)
                            && proxy_of(parse, d).is_some_and(|name| proxies.contains(&name)))
                    });
                }
            }
        }
    }
}

/// The index of the line a finding starts on.
fn line_of(parse: &Parse, d: &Diagnostic) -> usize {
    let lines = &parse.file().lines;
    lines.partition_point(|l| l.span.end <= d.span.start).min(lines.len().saturating_sub(1))
}

/// The name of the proxy (frontend, backend, listen) a finding sits in.
fn proxy_of(parse: &Parse, d: &Diagnostic) -> Option<String> {
    let file = parse.file();
    let section = &file.sections[file.section_of(line_of(parse, d))?];
    if !section.kind.is_proxy() {
        return None;
    }
    Some(file.header(section).name()?.value(parse.source()).into_owned())
}
