use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a config that has no `peers` section although the inventory
    /// (`--instance`, or `[cluster]` in `halint.toml`) names two or more instances.
    ///
    /// ## Why is this bad?
    /// Without a peers section no stick table can be shared: every instance
    /// keeps its own sessions, and a client that fails over to another
    /// instance loses its persistence. HAProxy starts without a word.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k
    ///     stick on src
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers cluster
    ///     peer haproxy-1 10.0.0.1:1024
    ///     peer haproxy-2 10.0.0.2:1024
    ///
    /// backend app
    ///     stick-table type ip size 20k peers cluster
    ///     stick on src
    /// ```
    ///
    /// ## Fix safety
    /// When every instance of the inventory has an address, the fix creates
    /// the section before the first proxy, one `peer` line per instance, named
    /// as the inventory's `peers` (else after the name a stick-table already
    /// refers to, else `cluster`). It is safe: a new peers section that no
    /// table uses yet changes no routing; `stick-table-not-shared` then points
    /// the tables at it.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers"; haproxy-semantics §1.
    pub struct PeersSectionMissing {
        code: "HA401",
        name: "peers-section-missing",
        severity: Error,
        fix: Sometimes,
        summary: "active-active inventory, but no peers section",
    }
}

impl Rule for PeersSectionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.settings.inventory_is_cluster() || !cx.model().peers.is_empty() {
            return;
        }
        let file = cx.parse.file();
        let first_proxy = file.sections.iter().find(|s| s.kind.is_proxy() && s.kind != SectionKind::Defaults);
        let span = cx
            .model()
            .proxies
            .iter()
            .flat_map(|p| &p.stick_tables)
            .map(|t| t.item.keyword)
            .next()
            .or_else(|| first_proxy.map(|s| file.header(s).directive.keyword().span))
            .unwrap_or(Span::empty(0));
        let names: Vec<&str> = cx.settings.instances.iter().map(|i| i.name.as_str()).collect();
        let mut d = Diagnostic::new(
            &Self::META,
            span,
            format!(
                "no peers section, but the inventory has {} instances ({})",
                names.len(),
                names.join(", ")
            ),
        )
        .with_label("no table can be shared between the instances")
        .with_help("add a peers section listing every instance by its local name, with its IP:port");
        if let Some(fix) = create_section(cx) {
            d = d.with_fix(fix);
        }
        cx.report(d);
    }
}

/// The section's name: the inventory's, else the one stick-tables already
/// name (when they agree), else `cluster`.
fn section_name(cx: &LintContext<'_>) -> String {
    if let Some(name) = &cx.settings.peers_section {
        return name.clone();
    }
    let mut referenced =
        cx.model().proxies.iter().flat_map(|p| &p.stick_tables).filter_map(|t| t.item.peers.as_ref());
    match referenced.next() {
        Some((first, _)) if referenced.all(|(n, _)| n == first) => first.to_string(),
        _ => "cluster".to_owned(),
    }
}

fn create_section(cx: &LintContext<'_>) -> Option<Fix> {
    let addresses: Option<Vec<&str>> = cx.settings.instances.iter().map(|i| i.address.as_deref()).collect();
    let addresses = addresses?;
    let file = cx.parse.file();
    let name = section_name(cx);
    let before =
        file.sections.iter().position(|s| s.kind.is_proxy()).map(|i| file.sections[i].header as usize);
    let indent = edits::indent_near(cx.parse, before.unwrap_or(0));
    let mut lines = vec![format!("peers {name}")];
    for (instance, address) in cx.settings.instances.iter().zip(addresses) {
        lines.push(format!("{indent}peer {} {address}", edits::quote_word(&instance.name)));
    }
    lines.push(String::new());
    let edit = match before {
        Some(line) => edits::insert_lines_before(cx.parse, line, &lines),
        None => {
            let eol = edits::eol_of(cx.parse);
            let src = cx.src();
            let lead = if src.is_empty() || src.ends_with('\n') { "" } else { eol };
            let text: String = lines.iter().map(|l| format!("{l}{eol}")).collect();
            crate::fix::Edit::insert(src.len() as u32, format!("{lead}{eol}{text}"))
        }
    };
    Some(Fix::safe(format!("add peers section '{name}' from the inventory"), vec![edit]))
}
