use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits::quote_word, Edit, Fix};
use crate::model::cluster::{
    cluster_sections, instance_address, instances_by_name, local_name, LocalNameSource, PeerIndex, PeerMatch,
};
use crate::model::PeersSection;
use crate::span::Span;
use rustc_hash::FxHashSet;

declare_rule! {
    /// ## What it does
    /// For each local peer name halint knows (`--local`, as `haproxy -L`
    /// would give it; a `localpeer` in `global` before the first peers
    /// section; each inventory instance), reports a peers section of the
    /// cluster with no peer of exactly that name. Names are compared as
    /// HAProxy does: exactly, case included. A peer that differs only in
    /// case, a short name against an FQDN, or a peer at the instance's
    /// inventory address is shown as the likely culprit.
    ///
    /// Inventory instances with no such look-alike are reported by
    /// `peer-missing-for-instance`, which can add the missing line.
    ///
    /// ## Why is this bad?
    /// HAProxy only warns (`Removing incomplete section 'peers x' (no peer
    /// named 'lb1')`), starts, and silently stops replicating every table of
    /// the section: `haproxy -c` still says the config is valid.
    ///
    /// ## Example
    /// ```haproxy
    /// # haproxy -L haproxy-1
    /// peers mypeers
    ///     peer HAProxy-1 10.0.0.1:1024
    ///     peer haproxy-2 10.0.0.2:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer haproxy-1 10.0.0.1:1024
    ///     peer haproxy-2 10.0.0.2:1024
    /// ```
    ///
    /// ## Fix safety
    /// Renaming the one look-alike peer to the exact local name is safe: the
    /// peer was meant for this instance (same name but for case, or its
    /// address), and no working replication can depend on the wrong name,
    /// since HAProxy drops a section without its local peer. With several
    /// look-alikes, or none, there is no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers", 3.1 `localpeer`, `-L`;
    /// haproxy-semantics §1.2, §1.3.
    pub struct LocalPeerNotFound {
        code: "HA403",
        name: "local-peer-not-found",
        severity: Error,
        fix: Sometimes,
        summary: "an instance's local name matches no peer: HAProxy drops replication",
    }
}

impl Rule for LocalPeerNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // (name, where it comes from, inventory address)
        let mut names: Vec<(String, Option<LocalNameSource>)> = Vec::new();
        if let Some((name, source)) = local_name(cx.model(), cx.settings) {
            names.push((name, Some(source)));
        }
        // Sets, not scans: an inventory may list thousands of instances.
        let inventory_of = instances_by_name(cx.settings);
        let mut seen: FxHashSet<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        let mut more = Vec::new();
        for instance in &cx.settings.instances {
            if seen.insert(instance.name.as_str()) {
                more.push((instance.name.clone(), None));
            }
        }
        drop(seen);
        names.extend(more);
        for section in cluster_sections(cx.model(), cx.settings) {
            let index = PeerIndex::new(section);
            for (name, source) in &names {
                if index.exact(name).is_some() {
                    continue;
                }
                let inventory = inventory_of.get(name.as_str()).copied();
                let address = inventory.and_then(instance_address);
                match index.match_peer(name, address.as_ref()) {
                    PeerMatch::Exact(_) => {}
                    // An inventory instance with nothing like it: peer-missing-for-instance.
                    PeerMatch::Missing if inventory.is_some() => {}
                    PeerMatch::Missing => cx.report(missing(section, name, source.as_ref())),
                    PeerMatch::NearMiss(mut candidates) => {
                        // A look-alike named exactly after another local name
                        // is that instance's peer, not a misspelling of this
                        // one: renaming it would take it from the other (and
                        // the fix loop would rename it back, round after round).
                        candidates.retain(|&i| {
                            !names.iter().any(|(n, _)| section.peers[i].item.name == n.as_str())
                        });
                        if !candidates.is_empty() {
                            cx.report(near_miss(section, name, source.as_ref(), &candidates));
                        } else if inventory.is_none() {
                            cx.report(missing(section, name, source.as_ref()));
                        }
                    }
                }
            }
        }
    }
}

fn message(section: &PeersSection, name: &str) -> String {
    format!("peers section '{}' has no peer named '{name}', a local peer name", section.name)
}

const HELP: &str = "HAProxy only warns, removes the section and stops syncing its tables";

fn with_source(d: Diagnostic, source: Option<&LocalNameSource>) -> Diagnostic {
    match source {
        Some(LocalNameSource::LocalPeer { span, .. }) => d.with_secondary(*span, "local name set here"),
        _ => d,
    }
}

fn missing(section: &PeersSection, name: &str, source: Option<&LocalNameSource>) -> Diagnostic {
    let d = Diagnostic::new(&LocalPeerNotFound::META, section.name_span, message(section, name))
        .with_label(format!("no peer line for '{name}'"))
        .with_help(format!("{HELP}; add `peer {name} <IP:port>` or use the right -L / localpeer"));
    with_source(d, source)
}

fn near_miss(
    section: &PeersSection,
    name: &str,
    source: Option<&LocalNameSource>,
    candidates: &[usize],
) -> Diagnostic {
    let spans: Vec<(Span, &str)> = candidates
        .iter()
        .map(|&i| (section.peers[i].item.name_span, section.peers[i].item.name.as_str()))
        .collect();
    let (first_span, first_name) = spans[0];
    let why = if first_name.eq_ignore_ascii_case(name) {
        "differs only in case".to_owned()
    } else {
        format!("looks meant for '{name}'")
    };
    let mut d = Diagnostic::new(&LocalPeerNotFound::META, first_span, message(section, name))
        .with_label(format!("'{first_name}' {why}; HAProxy compares names exactly"))
        .with_help(HELP);
    for (span, other) in &spans[1..] {
        d = d.with_secondary(*span, format!("'{other}' could be meant too"));
    }
    if spans.len() == 1 {
        d = d.with_fix(Fix::safe(
            format!("rename peer '{first_name}' to '{name}'"),
            vec![Edit::replace(first_span, quote_word(name))],
        ));
    }
    with_source(d, source)
}

#[cfg(test)]
mod tests {
    use crate::{parse, Instance, Linter, Settings};

    /// Found by the `fix` fuzz target: with `lb1.example.com` and `lb1` both
    /// in the inventory, the fix renamed peer `lb1` to `lb1.example.com`,
    /// then back to `lb1`, for all ten rounds of the fix loop.
    #[test]
    fn a_peer_named_after_another_instance_is_not_renamed() {
        let instances = ["lb1.example.com", "lb1=10.0.0.1:1024"];
        let instances = instances.iter().map(|a| Instance::parse_arg(a).expect("instance")).collect();
        let linter = Linter::new(Settings { instances, ..Settings::default() });
        let src = "peers mesh\n    peer lb1 10.0.0.1:1024\n";
        let findings = linter.check(&parse(src));
        assert!(findings.iter().all(|d| d.rule != "local-peer-not-found" || d.fix.is_none()), "{findings:?}");
        let fixed = linter.fix(src, true);
        assert_eq!(fixed.output, src);
        assert!(fixed.applied.is_empty(), "{:?}", fixed.applied);

        // The local name given with --local, not in the inventory: missing.
        let settings = Settings { local: Some("lb1.example.com".into()), ..linter.settings().clone() };
        let settings = Settings { instances: settings.instances[1..].to_vec(), ..settings };
        let findings = Linter::new(settings).check(&parse(src));
        let d = findings.iter().find(|d| d.rule == "local-peer-not-found").expect("reported");
        assert!(d.fix.is_none() && d.label.as_deref() == Some("no peer line for 'lb1.example.com'"), "{d:?}");
    }
}
