use super::context::ClusterFile;
use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::cluster::{cluster_deviations, join_names, plural_verb};
use crate::model::PeersSection;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::Parse;
use crate::views::address::{Address, NormalHost};
use crate::views::peer::PeerKind;

declare_rule! {
    /// ## What it does
    /// With `--cluster`, compares each peers section with the section of the
    /// same name in the other instances' files: the set of peers, each as
    /// `name -> address` after normalising (`[::1]:1024`, `::1:1024` and
    /// `ipv6@::1:1024` are one address), in any order. It reports a section
    /// one file lacks, a peer one file lacks or adds, and a peer at another
    /// address. In the `bind`/`server` style the local peer's `server` line has
    /// no address: its address is the section's `bind`. Each finding is made
    /// in the files that differ from the majority (with two files, in both)
    /// and names the file it was compared with.
    ///
    /// Not compared: addresses built from environment variables, a `bind` on
    /// a wildcard address, a peer without address, and a host name against an
    /// IP (halint does not resolve names).
    ///
    /// ## Why is this bad?
    /// A node only accepts peer sessions from peers it lists by name: a node
    /// missing from another's list is refused (`show peers` says `UNKN`), and a
    /// peer written at a wrong address is never reached. `haproxy -c` checks
    /// each file alone and cannot see either; the tables simply stop syncing
    /// between some nodes. The HAProxy documentation recommends identical
    /// peers sections on every node, with the local name given by `-L` or
    /// `localpeer`.
    ///
    /// ## Example
    /// ```haproxy
    /// # lb1.cfg
    /// peers mesh
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb3 10.0.0.3:1024
    /// # lb2.cfg
    /// peers mesh
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # lb1.cfg and lb2.cfg (and lb3.cfg)
    /// peers mesh
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb3 10.0.0.3:1024
    /// ```
    ///
    /// ## Fix safety
    /// With an inventory that gives every instance an address (`halint.toml`
    /// or `--instance NAME=ADDR:PORT`), the inventory decides: each file whose
    /// section lists other peers or other addresses has its `peer` lines
    /// rewritten to the inventory's, one `peer NAME ADDR:PORT` per instance in
    /// the inventory's order. This is safe: the inventory is the declared
    /// truth, and every file ends with the same section. There is no fix
    /// without such an inventory (which file is right is the user's call; the
    /// majority is only a hint), for a section that is not the inventory's
    /// (`peers` in `[cluster]` names it), in the `bind`/`server` style (its
    /// local line must differ per file), or when the `peer` lines carry
    /// parameters (`ssl`...), comments, or `.if` blocks between them.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers"; haproxy-semantics §2.4
    /// (CLUSTER-001).
    pub struct PeersSectionDivergent {
        code: "HA501",
        name: "peers-section-divergent",
        severity: Error,
        fix: Sometimes,
        summary: "--cluster: the same peers section differs between instances",
    }
}

const HELP: &str = "every instance must list the same peers at the same addresses: a node refuses peers it does not list, and a wrong address is never reached";

/// A peer's address as compared between files.
#[derive(Clone, Debug, PartialEq)]
enum PeerAddr {
    /// An IP or host name and a port, normalised.
    Net(NormalHost, u16),
    /// Anything else (a path, no port...), as written.
    Other(String),
}

impl std::fmt::Display for PeerAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerAddr::Net(host, port) => write!(f, "{host}:{port}"),
            PeerAddr::Other(text) => f.write_str(text),
        }
    }
}

/// One peer of a section, as a file states it.
struct PeerFact {
    name: String,
    name_span: Span,
    /// `None` when it cannot be compared (environment variable, no address).
    addr: Option<PeerAddr>,
    /// Where the address is written (the `bind` for a local `server` line).
    addr_span: Span,
    /// The address is the section's `bind` (a local `server` line).
    from_bind: bool,
}

fn comparable(address: &Address) -> Option<PeerAddr> {
    if address.has_env {
        return None;
    }
    Some(match address.normalized() {
        Some((host, port)) => PeerAddr::Net(host, port),
        None => PeerAddr::Other(address.text.clone()),
    })
}

/// The peers of a section, first line of each name only.
fn peer_facts(section: &PeersSection) -> Vec<PeerFact> {
    let mut facts: Vec<PeerFact> = Vec::new();
    for p in &section.peers {
        let peer = &p.item;
        if peer.name.is_empty() || facts.iter().any(|f| f.name == peer.name) {
            continue;
        }
        let (addr, addr_span, from_bind) =
            match (&peer.address, section.binds.first().and_then(|b| b.item.address.as_ref())) {
                (Some((a, span)), _) => (comparable(a), *span, false),
                // The local peer of the `bind`/`server` style listens on the bind.
                (None, Some((a, span))) if peer.kind == PeerKind::Server => {
                    (comparable(a).filter(|_| !a.is_wildcard()), *span, true)
                }
                (None, _) => (None, peer.name_span, false),
            };
        facts.push(PeerFact {
            name: peer.name.to_string(),
            name_span: peer.name_span,
            addr,
            addr_span,
            from_bind,
        });
    }
    facts
}

/// Where to report that a file lacks section `name`: a stick-table naming
/// it, else the file's first peers section, else the start of the file.
fn absence_anchor(file: &ClusterFile<'_>, name: &str) -> Span {
    let reference = file
        .model
        .proxies
        .iter()
        .flat_map(|p| &p.stick_tables)
        .find_map(|t| t.item.peers.as_ref().filter(|(n, _)| n == name).map(|(_, s)| *s));
    reference.or_else(|| file.model.peers.first().map(|s| s.name_span)).unwrap_or(Span::empty(0))
}

fn names(files: &[ClusterFile<'_>], idx: &[usize]) -> String {
    join_names(&idx.iter().map(|&i| files[i].path).collect::<Vec<_>>())
}

impl Rule for PeersSectionDivergent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cx: &mut ClusterContext<'_>) {
        let files = cx.files;
        let mut section_names: Vec<&str> = Vec::new();
        for f in files {
            for s in &f.model.peers {
                if !s.name.is_empty() && !section_names.contains(&s.name.as_str()) {
                    section_names.push(&s.name);
                }
            }
        }
        for name in section_names {
            let sections: Vec<Option<&PeersSection>> =
                files.iter().map(|f| f.model.peers_section(name)).collect();
            let presence: Vec<(usize, bool)> = sections.iter().map(|s| s.is_some()).enumerate().collect();
            for (fi, refs) in cluster_deviations(&presence) {
                let d = match sections[fi] {
                    None => Diagnostic::new(
                        &Self::META,
                        absence_anchor(&files[fi], name),
                        format!(
                            "{} {} peers section '{name}'; this file does not",
                            names(files, &refs),
                            plural_verb(&refs, "defines", "define")
                        ),
                    )
                    .with_label(format!("no peers section '{name}' in this file")),
                    Some(s) => Diagnostic::new(
                        &Self::META,
                        s.name_span,
                        format!(
                            "{} {} not define peers section '{name}'",
                            names(files, &refs),
                            plural_verb(&refs, "does", "do")
                        ),
                    )
                    .with_label(format!("not in {}", names(files, &refs))),
                };
                cx.report(fi, d.with_help(HELP));
            }
            let facts: Vec<(usize, &PeersSection, Vec<PeerFact>)> =
                sections.iter().enumerate().filter_map(|(i, s)| s.map(|s| (i, s, peer_facts(s)))).collect();
            if facts.len() < 2 {
                continue;
            }
            let mut peer_names: Vec<&str> = Vec::new();
            for (_, _, list) in &facts {
                for f in list {
                    if !peer_names.contains(&f.name.as_str()) {
                        peer_names.push(&f.name);
                    }
                }
            }
            let first_finding = cx.diagnostics.len();
            for peer in peer_names {
                report_presence(cx, &facts, peer);
                report_addresses(cx, &facts, peer);
            }
            attach_inventory_fixes(cx, &facts, first_finding);
        }
    }
}

/// The inventory's peers, `name -> address`, when it gives every instance
/// an address (two or more instances).
fn inventory_peers(settings: &Settings) -> Option<Vec<(&str, PeerAddr, &str)>> {
    if !settings.inventory_is_cluster() {
        return None;
    }
    settings
        .instances
        .iter()
        .map(|i| {
            let text = i.address.as_deref()?;
            Some((i.name.as_str(), comparable(&Address::parse(text))?, text))
        })
        .collect()
}

/// Gives the first finding of each file in a section the fix that rewrites
/// its `peer` lines to the inventory's (see the rule's fix safety).
fn attach_inventory_fixes(cx: &mut ClusterContext<'_>, facts: &Facts<'_>, first_finding: usize) {
    let Some(inventory) = inventory_peers(cx.settings) else { return };
    let Some((_, section, _)) = facts.first() else { return };
    if cx.settings.peers_section.as_deref().is_some_and(|n| n != section.name) {
        return;
    }
    let mut wanted: Vec<(&str, &PeerAddr)> = inventory.iter().map(|(n, a, _)| (*n, a)).collect();
    wanted.sort_by_key(|(n, _)| *n);
    let mut fixed = rustc_hash::FxHashSet::default();
    for k in first_finding..cx.diagnostics.len() {
        let fi = cx.diagnostics[k].0;
        if cx.diagnostics[k].1.rule != PeersSectionDivergent::META.name || fixed.contains(&fi) {
            continue;
        }
        let Some((_, section, list)) = facts.iter().find(|(i, _, _)| *i == fi) else { continue };
        let mut have: Vec<(&str, &PeerAddr)> =
            list.iter().filter_map(|f| Some((f.name.as_str(), f.addr.as_ref()?))).collect();
        have.sort_by_key(|(n, _)| *n);
        // A file that already says what the inventory says keeps its lines.
        if have == wanted && list.len() == wanted.len() {
            continue;
        }
        let Some(edit) = rewrite_peer_lines(cx.files[fi].parse, section, &inventory) else { continue };
        fixed.insert(fi);
        let fix = Fix::safe("write the inventory's peers into this section", vec![edit]);
        cx.diagnostics[k].1.fix = Some(fix);
    }
}

/// One edit replacing the section's `peer` lines (contiguous, plain `peer
/// NAME ADDR` lines, nothing between them) with the inventory's.
fn rewrite_peer_lines(
    parse: &Parse,
    section: &PeersSection,
    inventory: &[(&str, PeerAddr, &str)],
) -> Option<Edit> {
    if !section.binds.is_empty() || section.peers.is_empty() {
        return None;
    }
    if section.peers.iter().any(|p| p.item.kind != PeerKind::Peer || !p.item.params.is_empty()) {
        return None;
    }
    let (first, last) = (section.peers.first()?.line, section.peers.last()?.line);
    let lines = &parse.file().lines;
    // Every line of the block is one of the peer lines, without a comment.
    if last + 1 - first != section.peers.len() || lines[first..=last].iter().any(|l| l.comment.is_some()) {
        return None;
    }
    let indent = lines[first].indent.map_or(String::new(), |s| s.text(parse.source()).to_owned());
    let eol = lines[first].eol.as_str();
    let eol = if eol.is_empty() { crate::fix::edits::eol_of(parse) } else { eol };
    let mut text = String::new();
    for (i, (name, _, address)) in inventory.iter().enumerate() {
        text.push_str(&format!("{indent}peer {name} {address}"));
        // The block's last line keeps its own ending (none at the end of a file).
        if i + 1 < inventory.len() {
            text.push_str(eol);
        } else {
            text.push_str(lines[last].eol.as_str());
        }
    }
    Some(Edit::replace(Span::new(lines[first].span.start, lines[last].span.end), text))
}

type Facts<'s> = [(usize, &'s PeersSection, Vec<PeerFact>)];

/// What the file `fi` says of `peer`, if it has the section and lists it.
fn fact<'a>(facts: &'a Facts<'_>, fi: usize, peer: &str) -> Option<&'a PeerFact> {
    facts.iter().find(|(i, _, _)| *i == fi).and_then(|(_, _, l)| l.iter().find(|f| f.name == peer))
}

/// A peer listed in some files' section and not in others'.
fn report_presence(cx: &mut ClusterContext<'_>, facts: &Facts<'_>, peer: &str) {
    let files = cx.files;
    let present: Vec<(usize, bool)> =
        facts.iter().map(|(i, _, _)| (*i, fact(facts, *i, peer).is_some())).collect();
    for (fi, refs) in cluster_deviations(&present) {
        let Some((_, section, _)) = facts.iter().find(|(i, _, _)| *i == fi) else { continue };
        let d = match fact(facts, fi, peer) {
            None => {
                let at = fact(facts, refs[0], peer)
                    .and_then(|f| f.addr.as_ref())
                    .map(|a| format!(" at {a}"))
                    .unwrap_or_default();
                Diagnostic::new(
                    &PeersSectionDivergent::META,
                    section.name_span,
                    format!(
                        "{} {} peer '{peer}'{at}; this file does not",
                        names(files, &refs),
                        plural_verb(&refs, "lists", "list"),
                    ),
                )
                .with_label(format!("no peer '{peer}' here"))
            }
            Some(f) => Diagnostic::new(
                &PeersSectionDivergent::META,
                f.name_span,
                format!(
                    "{} {} not list peer '{peer}' in peers section '{}'",
                    names(files, &refs),
                    plural_verb(&refs, "does", "do"),
                    section.name
                ),
            )
            .with_label(format!("not in {}", names(files, &refs))),
        };
        cx.report(fi, d.with_help(HELP));
    }
}

/// A peer listed at different addresses.
fn report_addresses(cx: &mut ClusterContext<'_>, facts: &Facts<'_>, peer: &str) {
    let files = cx.files;
    let mut known: Vec<(usize, &PeerAddr)> =
        facts.iter().filter_map(|(i, _, _)| fact(facts, *i, peer)?.addr.as_ref().map(|a| (*i, a))).collect();
    // A host name against an IP cannot be compared without resolving it.
    let is_ip = |a: &PeerAddr| matches!(a, PeerAddr::Net(NormalHost::Ip(_), _));
    if known.iter().any(|(_, a)| is_ip(a)) {
        known.retain(|(_, a)| !matches!(a, PeerAddr::Net(NormalHost::Name(_), _)));
    }
    for (fi, refs) in cluster_deviations(&known) {
        let (Some(mine), Some(theirs)) = (fact(facts, fi, peer), fact(facts, refs[0], peer)) else {
            continue;
        };
        let (Some(mine_addr), Some(their_addr)) = (&mine.addr, &theirs.addr) else { continue };
        let d = Diagnostic::new(
            &PeersSectionDivergent::META,
            mine.addr_span,
            format!(
                "{} {} peer '{peer}' at {their_addr}; this file {} {mine_addr}",
                names(files, &refs),
                plural_verb(&refs, "has", "have"),
                if mine.from_bind { "binds it to" } else { "says" }
            ),
        )
        .with_label(format!("{}: {their_addr}", names(files, &refs)));
        cx.report(fi, d.with_help(HELP));
    }
}
