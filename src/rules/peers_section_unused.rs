use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::{Model, PeersSection};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a peers section that no stick-table uses (no `peers <name>`
    /// on any `stick-table`) and that declares no `table` of its own; and a
    /// `disabled` peers section that tables do use.
    ///
    /// A disabled section that nothing uses is parked on purpose and does
    /// nothing: it is not reported.
    ///
    /// ## Why is this bad?
    /// An unused section still listens and connects to its peers (HAProxy
    /// says nothing), but replicates nothing: usually a stick-table lost its
    /// `peers` argument, or the section was renamed on one side only. A
    /// disabled section is accepted silently too, and every table that
    /// refers to it stops syncing: persistence breaks on failover.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// backend app
    ///     stick-table type ip size 20k
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// backend app
    ///     stick-table type ip size 20k peers mypeers
    /// ```
    ///
    /// ## Fix safety
    /// No fix: whether to share a table, delete the section or enable it is
    /// the author's decision (`stick-table-not-shared` offers the `peers`
    /// argument where it applies).
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`disabled`), 4.2
    /// `stick-table`; haproxy-semantics §1.6 (unreferenced sections still
    /// connect; `disabled` silently stops syncing), §3 #8.
    pub struct PeersSectionUnused {
        code: "HA415",
        name: "peers-section-unused",
        severity: Warning,
        fix: Never,
        summary: "a peers section no table uses, or one that is disabled",
    }
}

fn unused(section: &PeersSection) -> Diagnostic {
    Diagnostic::new(
        &PeersSectionUnused::META,
        section.name_span,
        format!("peers section '{}' is used by no stick-table", section.name),
    )
    .with_label("it listens and connects, but replicates nothing")
    .with_help(format!("add `peers {}` to the stick-tables to share, or delete the section", section.name))
}

fn disabled(section: &PeersSection, keyword: Option<Span>, user: Option<(Span, String)>) -> Diagnostic {
    let mut d = Diagnostic::new(
        &PeersSectionUnused::META,
        keyword.unwrap_or(section.name_span),
        format!("peers section '{}' is disabled: tables referencing it do not sync", section.name),
    )
    .with_label("replication is off for every table that uses this section")
    .with_help(
        "remove `disabled` to replicate, or stop using this section to keep the tables local on purpose",
    );
    if let Some((span, what)) = user {
        d = d.with_secondary(span, what);
    }
    d
}

/// The first stick-table `peers` argument naming `section`, with its proxy.
fn first_user(model: &Model, section: &PeersSection) -> Option<(Span, String)> {
    model.proxies.iter().find_map(|p| {
        let (_, span) =
            p.stick_tables.iter().filter_map(|t| t.item.peers.as_ref()).find(|(n, _)| *n == section.name)?;
        Some((
            *span,
            format!("used by the stick-table of {} '{}'", p.kind, p.name.as_deref().unwrap_or_default()),
        ))
    })
}

impl Rule for PeersSectionUnused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        // Tables that lack `peers` are `stick-table-not-shared`'s finding; the
        // section is likely the one they are meant to use.
        let unshared =
            cx.model().proxies.iter().flat_map(|p| &p.stick_tables).any(|t| t.item.peers.is_none());
        for section in &cx.model().peers {
            let user = first_user(cx.model(), section);
            let used = user.is_some() || !section.tables.is_empty();
            match (section.disabled, used) {
                (false, false) if !unshared => cx.report(unused(section)),
                (true, true) => {
                    let keyword = file
                        .directives(&file.sections[section.section])
                        .find(|(_, d)| d.keyword().value(cx.src()) == "disabled")
                        .map(|(_, d)| d.keyword().span);
                    let user = user.or_else(|| {
                        let table = section.tables.first()?;
                        Some((table.item.name_span, format!("its table '{}'", table.item.name)))
                    });
                    cx.report(disabled(section, keyword, user));
                }
                _ => {}
            }
        }
    }
}
