use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::{in_exclusive_branches, local_name};
use crate::model::{At, PeersSection};
use crate::syntax::Parse;
use crate::views::PeerLine;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## What it does
    /// Reports a `peer` or `server` name that appears twice in one peers
    /// section. Lines in different branches of one `.if` block are not
    /// duplicates: HAProxy reads only one of them.
    ///
    /// ## Why is this bad?
    /// For the local peer, HAProxy refuses the config (`'peer lb1' : local
    /// peer name already referenced at f:15.`). For a remote peer, HAProxy up
    /// to 2.8 accepts it silently and keeps two sessions to one name, with
    /// two addresses of which at most one is right; 2.9 and later refuse it
    /// (`another peer named 'lb2' was already defined`), so an upgrade stops
    /// the cluster.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb2 10.0.0.3:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb3 10.0.0.3:1024
    /// ```
    ///
    /// ## Fix safety
    /// When the repeated line is byte-identical to the first one (blanks
    /// around it aside), deleting it is safe: it declares nothing new. When
    /// the lines differ, which one is right is for a human to decide: no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`peer`); haproxy-semantics
    /// §1.4 "Duplicates", §3 #4 and #5 (2.9 commit 2c29d1f52).
    pub struct DuplicatePeerName {
        code: "HA404",
        name: "duplicate-peer-name",
        severity: Error,
        fix: Sometimes,
        summary: "one peer name twice in a section",
    }
}

fn duplicate_name(section: &PeersSection, peer: &PeerLine, first: &PeerLine, local: bool) -> Diagnostic {
    let label = if local {
        "HAProxy refuses a repeated local peer name"
    } else {
        "ignored silently up to HAProxy 2.8, refused from 2.9"
    };
    Diagnostic::new(
        &DuplicatePeerName::META,
        peer.name_span,
        format!("peer '{}' is declared twice in peers section '{}'", peer.name, section.name),
    )
    .with_label(label)
    .with_secondary(first.name_span, "first declared here")
}

/// The text of a line without its line ending, trimmed.
fn line_text(parse: &Parse, line: usize) -> &str {
    let l = &parse.file().lines[line];
    parse.text(l.span).trim_end_matches(['\r', '\n']).trim()
}

impl Rule for DuplicatePeerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let local = local_name(cx.model(), cx.settings).map(|(name, _)| name);
        for section in &cx.model().peers {
            // The earlier lines of each name: a section may list thousands of peers.
            let mut by_name: FxHashMap<&str, Vec<&At<PeerLine>>> = FxHashMap::default();
            for peer in section.peers.iter() {
                let earlier = by_name.entry(peer.item.name.as_str()).or_default();
                let first = first_of(earlier, peer, cx.parse);
                earlier.push(peer);
                let Some(first) = first else { continue };
                let is_local = local.as_deref() == Some(peer.item.name.as_str());
                let mut d = duplicate_name(section, &peer.item, &first.item, is_local);
                if line_text(cx.parse, first.line) == line_text(cx.parse, peer.line) {
                    let edit = edits::delete_line(cx.parse, peer.line);
                    d = d.with_fix(Fix::safe("delete the repeated line", vec![edit]));
                } else {
                    d = d.with_help(
                        "keep the line with the right address and delete the other, or rename one peer",
                    );
                }
                cx.report(d);
            }
        }
    }
}

/// The first earlier line declaring the same name that HAProxy can read
/// together with `peer`.
fn first_of<'a>(
    earlier: &[&'a At<PeerLine>],
    peer: &At<PeerLine>,
    parse: &Parse,
) -> Option<&'a At<PeerLine>> {
    // A line without a name is another rule's business.
    if peer.item.name.is_empty() {
        return None;
    }
    earlier
        .iter()
        .find(|p| p.item.name == peer.item.name && !in_exclusive_branches(parse.file(), p.line, peer.line))
        .copied()
}
