//! `halint explain`: a rule's page as always, otherwise every item of
//! HAProxy's language with that name, from the schema's summaries.
#![cfg(feature = "cli")]

use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_halint")).arg("explain").args(args).output().expect("runs")
}

/// Standard output of a run that must succeed.
fn page(args: &[&str]) -> String {
    let out = explain(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn a_rule_by_name_or_code_prints_its_page() {
    let by_name = page(&["stick-table-not-shared"]);
    assert_eq!(by_name, page(&["HA408"]));
    insta::assert_snapshot!("rule", by_name);
}

#[test]
fn a_keyword_of_several_sections_lists_them_with_versions() {
    insta::assert_snapshot!("keyword_in_sections", page(&["log"]));
}

#[test]
fn a_keyword_shows_its_usage_from_the_schema() {
    insta::assert_snapshot!("keyword_usage", page(&["balance"]));
    assert!(page(&["timeout client"]).contains("\n  usage: timeout client <time>\n"));
}

#[test]
fn one_name_with_another_meaning_per_section() {
    insta::assert_snapshot!("keyword_by_section", page(&["user"]));
}

#[test]
fn a_fetch_that_is_also_an_acl_keyword() {
    insta::assert_snapshot!("fetch_and_acl_keyword", page(&["hdr"]));
}

#[test]
fn a_converter_and_an_action_written_with_its_argument() {
    insta::assert_snapshot!("converter", page(&["regsub"]));
    insta::assert_snapshot!("action_by_prefix", page(&["track-sc1"]));
}

#[test]
fn leading_words_narrow_a_name_down() {
    let deny = page(&["http-request deny"]);
    assert!(deny.starts_with("deny (action)\n") && deny.contains("  in http-request: "), "{deny}");
    assert!(!deny.contains("http-response"), "{deny}");
    assert_eq!(page(&["option", "httplog"]), page(&["option httplog"]), "words or one quoted phrase");
    assert!(page(&["option", "httplog"]).starts_with("httplog (option)\n"));
    let out = explain(&["timeout clinet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'client'?"));
}

#[test]
fn json_for_tools() {
    let doc: serde_json::Value = serde_json::from_str(&page(&["--format", "json", "hdr"])).expect("JSON");
    insta::assert_json_snapshot!("fetch_and_acl_keyword_json", doc);
    let rule: serde_json::Value = serde_json::from_str(&page(&["--format", "json", "HA408"])).expect("JSON");
    assert_eq!(
        (rule["rule"]["name"].as_str(), rule["items"].as_array().map(Vec::len)),
        (Some("stick-table-not-shared"), Some(0))
    );
}

#[test]
fn an_unknown_word_exits_2_with_a_suggestion() {
    let out = explain(&["balanse"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!("unknown_word", String::from_utf8_lossy(&out.stderr));
    let far = explain(&["frobnicate"]);
    assert_eq!(far.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&far.stderr),
        "halint: error: unknown rule or keyword 'frobnicate' (see `halint rules`)\n"
    );
}
