use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits::quote_word, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `stick-table ... peers X` where no `peers X` section exists.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `Proxy 'app': unable to find sync peers 'X'.`
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    /// backend app
    ///     stick-table type ip size 20k peers my_peers
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k peers mypeers
    /// ```
    ///
    /// ## Fix safety
    /// When exactly one peers section exists, renaming the reference to it is
    /// safe: the config cannot start as it is, and there is no other candidate.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table`; haproxy-semantics §3 #1.
    pub struct UndefinedPeersSection {
        code: "HA303",
        name: "undefined-peers-section",
        severity: Error,
        fix: Sometimes,
        summary: "`stick-table ... peers X` where no peers section X exists",
    }
}

impl Rule for UndefinedPeersSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for proxy in model.proxies.iter().filter(|p| !p.disabled) {
            for table in &proxy.stick_tables {
                let Some((name, span)) = &table.item.peers else { continue };
                if model.peers_section(name).is_some() {
                    continue;
                }
                let mut d = Diagnostic::new(&Self::META, *span, format!("no peers section named '{name}'"))
                    .with_label("HAProxy refuses this: unable to find sync peers");
                if let [only] = model.peers.as_slice() {
                    d = d.with_secondary(only.name_span, "the only peers section").with_fix(Fix::safe(
                        format!("use peers section '{}'", only.name),
                        vec![Edit::replace(*span, quote_word(&only.name))],
                    ));
                } else if model.peers.is_empty() {
                    d = d.with_help(format!("declare `peers {name}` listing every instance"));
                } else {
                    let names: Vec<&str> = model.peers.iter().map(|p| p.name.as_str()).collect();
                    d = d.with_help(format!("the peers sections are: {}", names.join(", ")));
                }
                cx.report(d);
            }
        }
    }
}
