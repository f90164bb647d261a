//! The rule registry: stable, unique, documented, with fixtures; the README's
//! rule table is generated from it and must be current.

mod common;

use halint::rules::{docs, FixAvailability, ALL_RULES};
use std::path::Path;

/// The names `docs/contract.md` promises.
const CONTRACT_RULES: &[&str] = &[
    "syntax-error",
    "peers-section-missing",
    "peer-missing-for-instance",
    "local-peer-not-found",
    "duplicate-peer-name",
    "duplicate-peer-address",
    "peer-address-mismatch",
    "peer-port-conflict",
    "undefined-peers-section",
    "stick-table-not-shared",
    "backend-without-stick-table",
    "stick-rule-without-table",
    "peers-section-divergent",
    "table-definition-mismatch",
    "server-identity-mismatch",
    "undefined-backend",
    "duplicate-proxy-name",
    "unknown-keyword",
];

#[test]
fn every_contract_rule_exists() {
    for name in CONTRACT_RULES {
        assert!(halint::rules::find(name).is_some(), "the contract's rule '{name}' is missing");
    }
}

#[test]
fn codes_and_names_are_unique_sorted_and_well_formed() {
    let metas: Vec<_> = ALL_RULES.iter().map(|r| r.meta()).collect();
    for pair in metas.windows(2) {
        assert!(
            pair[0].code < pair[1].code,
            "{} and {} out of order or duplicated",
            pair[0].code,
            pair[1].code
        );
    }
    let mut names: Vec<&str> = metas.iter().map(|m| m.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), metas.len(), "duplicate rule names");
    for m in &metas {
        let code_ok =
            m.code.len() == 5 && m.code.starts_with("HA") && m.code[2..].chars().all(|c| c.is_ascii_digit());
        assert!(code_ok, "code {} is not HAnnn", m.code);
        // Kebab-case; digits inside a word are fine (`invalid-utf8`, as ruff's `utf8-encoding-declaration`).
        let name_ok = m.name.split('-').all(|p| {
            p.starts_with(|c: char| c.is_ascii_lowercase())
                && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        assert!(name_ok, "name {} is not kebab-case", m.name);
        assert!(!m.summary.ends_with('.'), "{}: summary ends with a period", m.name);
    }
    let listing: String = metas
        .iter()
        .map(|m| format!("{} {} {} {:?}\n", m.code, m.name, m.severity.as_str(), m.fix))
        .collect();
    insta::assert_snapshot!(listing);
}

#[test]
fn every_rule_is_documented() {
    for rule in ALL_RULES {
        let m = rule.meta();
        let text = docs(m);
        common::assert_rule_documented(m.name, &text);
        assert!(!text.contains("TODO"), "{}: docs still say TODO", m.name);
        // Precedence (rules::precedence) and the docs tell the same story.
        let superseded_by = halint::rules::precedence::superseded_by(m.name);
        let section = text.split("## Superseded by").nth(1).map(|s| s.split("\n## ").next().unwrap_or(s));
        match section {
            None => assert!(
                superseded_by.is_empty(),
                "{}: docs lack `## Superseded by` {superseded_by:?}",
                m.name
            ),
            Some(section) => {
                assert!(
                    !superseded_by.is_empty(),
                    "{}: `## Superseded by` but no precedence says so",
                    m.name
                );
                for specific in superseded_by {
                    assert!(
                        section.contains(&format!("`{specific}`")),
                        "{}: docs do not name `{specific}`",
                        m.name
                    );
                }
            }
        }
    }
}

#[test]
fn every_rule_has_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for rule in ALL_RULES {
        let d = dir.join(rule.meta().name);
        let single = d.join("invalid.cfg").is_file() && d.join("valid.cfg").is_file();
        let manifest = d.join("invalid.yaml").is_file() && d.join("valid.yaml").is_file();
        let cluster = d.join("cluster-invalid").is_dir() && d.join("cluster-valid").is_dir();
        assert!(
            single || cluster || manifest,
            "{}: needs invalid.cfg + valid.cfg (or cluster-invalid/ + cluster-valid/, or invalid.yaml + valid.yaml)",
            d.display()
        );
    }
}

/// The README's rule table, as generated from the registry.
fn rules_table() -> String {
    let mut out = String::from("| code | rule | severity | fix | finds |\n|---|---|---|---|---|\n");
    for rule in ALL_RULES {
        let m = rule.meta();
        let fix = match m.fix {
            FixAvailability::Never => "",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {fix} | {} |\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_current() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let start = readme.find("<!-- rules:start -->\n").expect("README lacks <!-- rules:start -->") + 21;
    let end = readme.find("<!-- rules:end -->").expect("README lacks <!-- rules:end -->");
    let table = rules_table();
    assert!(readme[start..end] == table, "README's rule table is stale; replace it with:\n{table}");
}
