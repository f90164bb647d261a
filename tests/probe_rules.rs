//! The probe's runtime rules: listed apart from the rules of the text,
//! with the same standards (unique sorted codes, kebab names, the doc
//! headings), shown by `halint rules` and `halint explain`, and in the
//! README's runtime rule table.

mod common;

use common::run;
use halint::rules::runtime::RUNTIME_RULES;
use halint::rules::{docs, ALL_RULES};
use std::time::Duration;

#[test]
fn runtime_rules_are_ha6xx_unique_and_documented() {
    let metas: Vec<_> = RUNTIME_RULES.iter().map(|r| r.meta()).collect();
    for pair in metas.windows(2) {
        assert!(pair[0].code < pair[1].code, "{} and {} out of order", pair[0].code, pair[1].code);
    }
    for m in &metas {
        assert!(m.code.starts_with("HA6") && m.code.len() == 5, "{}", m.code);
        assert!(
            m.name.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase())),
            "{}",
            m.name
        );
        assert!(
            ALL_RULES.iter().all(|r| r.meta().code != m.code && r.meta().name != m.name),
            "{} clashes",
            m.name
        );
        assert!(m.summary.starts_with("probe: ") && !m.summary.ends_with('.'), "{}", m.summary);
        let text = docs(m);
        common::assert_rule_documented(m.name, &text);
        assert_eq!(halint::rules::find(m.name).map(|r| r.meta().code), Some(m.code));
    }
    // The names the probe's issue (#14) asks for.
    for name in
        ["peer-not-connected", "runtime-local-peer-mismatch", "runtime-table-mismatch", "not-replicated"]
    {
        assert!(metas.iter().any(|m| m.name == name), "{name} is missing");
    }
}

#[test]
fn rules_and_explain_show_them() {
    let out = run::halint_in(&["rules"], None, None, Duration::from_secs(30));
    let listing = String::from_utf8_lossy(&out.stdout);
    for r in RUNTIME_RULES {
        assert!(
            listing.lines().any(|l| l.starts_with(r.meta().code) && l.contains(r.meta().name)),
            "{listing}"
        );
    }
    let out = run::halint_in(&["explain", "peer-not-connected"], None, None, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# peer-not-connected (HA602)"));
}

#[test]
fn readme_runtime_rule_table_is_current() {
    let mut table = String::from("| code | rule | severity | finds |\n|---|---|---|---|\n");
    for r in RUNTIME_RULES {
        let m = r.meta();
        let finds = m.summary.trim_start_matches("probe: ");
        table.push_str(&format!("| {} | `{}` | {} | {finds} |\n", m.code, m.name, m.severity.as_str()));
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start = readme.find("<!-- runtime-rules:start -->\n").expect("README lacks the runtime rules table")
        + "<!-- runtime-rules:start -->\n".len();
    let end = readme.find("<!-- runtime-rules:end -->").expect("README lacks <!-- runtime-rules:end -->");
    assert!(readme[start..end] == table, "README's runtime rule table is stale; replace it with:\n{table}");
}
