//! The one-line summaries of `halint::schema` (`src/schema/summaries/`):
//! every item of every table has one, every one belongs to an item, and
//! each reads as one short line.
//!
//! Bind options, server options and filter kinds have no schema table yet:
//! their summaries are checked against `tests/fixtures/schema/*.txt`, the
//! names HAProxy's sources register (`struct bind_kw_list`, `struct
//! srv_kw_list`, `struct flt_kw_list`) from v1.8.0 to v3.2.0.

use halint::ast::SectionKind;
use halint::schema::{self, keywords, summaries, summary, summary_in, Kind, MAX_SUMMARY_CHARS};
use std::collections::BTreeSet;

/// Every (name, context) an item of `kind` has in the schema's tables;
/// the context is a section keyword, a rule set, or empty.
fn items(kind: Kind) -> BTreeSet<(String, String)> {
    let sections = |table: &[keywords::Keyword]| -> BTreeSet<(String, String)> {
        let per_section = |k: &keywords::Keyword| {
            k.sections.iter().map(|s| (k.name.to_owned(), s.keyword().to_owned())).collect::<Vec<_>>()
        };
        table.iter().flat_map(per_section).collect()
    };
    let names = |names: Vec<&str>| names.into_iter().map(|n| (n.to_owned(), String::new())).collect();
    match kind {
        Kind::Keyword => sections(keywords::keywords()),
        Kind::Option => sections(keywords::options()),
        Kind::Timeout => sections(keywords::timeouts()),
        Kind::Action => {
            schema::all_actions().iter().map(|a| (a.name.to_owned(), a.rules.to_owned())).collect()
        }
        Kind::Fetch => names(schema::all_fetches().iter().map(|f| f.name).collect()),
        Kind::Converter => names(schema::all_converters().iter().map(|c| c.name).collect()),
        Kind::AclKeyword => names(schema::all_acl_keywords().iter().map(|k| k.name).collect()),
        Kind::MatchMethod => names(schema::all_match_methods().iter().map(|m| m.name).collect()),
        Kind::AclFlag => names(schema::all_acl_flags().iter().map(|f| f.name).collect()),
        Kind::BindOption => names(fixture("bind-options")),
        Kind::ServerOption => names(fixture("server-options")),
        Kind::Filter => names(fixture("filters")),
    }
}

/// The names listed in `tests/fixtures/schema/NAME.txt` (`#` lines are comments).
fn fixture(name: &str) -> Vec<&'static str> {
    let path = format!("{}/tests/fixtures/schema/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text: &'static str = std::fs::read_to_string(&path).expect("fixture").leak();
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

#[test]
fn every_item_of_every_table_has_a_summary() {
    let mut missing = Vec::new();
    for kind in Kind::ALL {
        for (name, context) in items(kind) {
            let found =
                if context.is_empty() { summary(kind, &name) } else { summary_in(kind, &name, &context) };
            if found.is_none() {
                missing.push(format!(
                    "{} {name}{}",
                    kind.id(),
                    if context.is_empty() { "" } else { " (in " }
                ));
                if !context.is_empty() {
                    missing.last_mut().expect("pushed").push_str(&format!("{context})"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{} items have no summary:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn every_summary_belongs_to_an_item() {
    let mut unknown = Vec::new();
    for kind in Kind::ALL {
        let known = items(kind);
        for (key, _) in summaries(kind) {
            let ok = match key.split_once('@') {
                Some((name, context)) => known.contains(&(name.to_owned(), context.to_owned())),
                None => known.iter().any(|(name, _)| name == key),
            };
            if !ok {
                unknown.push(format!("{} {key}", kind.id()));
            }
        }
    }
    assert!(unknown.is_empty(), "summaries of items no table knows (typos?):\n{}", unknown.join("\n"));
}

#[test]
fn summaries_are_single_short_lines_sorted_by_key() {
    let mut bad = Vec::new();
    for kind in Kind::ALL {
        let list = summaries(kind);
        assert!(!list.is_empty(), "{} has no summaries", kind.id());
        for pair in list.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{}: '{}' then '{}': sort and dedupe",
                kind.id(),
                pair[0].0,
                pair[1].0
            );
        }
        for (key, text) in list {
            let trouble = if text.trim() != *text || text.is_empty() {
                "blank or padded"
            } else if text.contains(['\t', '\r', '\n']) {
                "not one line"
            } else if text.chars().count() > MAX_SUMMARY_CHARS {
                "too long"
            } else if text.ends_with('.') {
                "ends with a period"
            } else if !text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '`') {
                "does not start with a capital"
            } else {
                continue;
            };
            bad.push(format!("{} {key}: {trouble}: {text:?}", kind.id()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn summary_files_have_one_entry_per_line() {
    // `entries` skips a line without a tab; count the raw lines to catch one.
    let dir = format!("{}/src/schema/summaries", env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("summaries folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("text");
        assert!(text.ends_with('\n'), "{}: no final newline", path.display());
        for (i, line) in text.lines().enumerate() {
            assert_eq!(line.matches('\t').count(), 1, "{}:{}: want KEY<TAB>SUMMARY", path.display(), i + 1);
        }
        files += 1;
    }
    assert_eq!(files, Kind::ALL.len(), "one file per kind in {dir}");
}

#[test]
fn context_summaries_differ_from_the_general_one() {
    for kind in Kind::ALL {
        for (key, text) in summaries(kind) {
            if let Some((name, _)) = key.split_once('@') {
                assert_ne!(summary(kind, name), Some(*text), "{key}: same as the general summary");
            }
        }
    }
    assert!(summary_in(Kind::Keyword, "user", SectionKind::Userlist.keyword())
        .is_some_and(|s| s.contains("user")));
}
