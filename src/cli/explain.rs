//! `halint explain WORD`: a rule's documentation, or what HAProxy's
//! language has under that name (keywords, actions, fetches, ...), from the
//! schema.

use super::args::ExplainFormat;
use super::output::{emit, Trouble};
use super::EXIT_OK;
use crate::did_you_mean;
use crate::rules::{docs, find, RuleMeta, ALL_RULES};
use crate::schema::{self, Item};
use serde_json::{json, Value};

pub fn explain(word: &str, format: ExplainFormat) -> Result<u8, Trouble> {
    if let Some(rule) = find(word) {
        let m = rule.meta();
        emit(&match format {
            ExplainFormat::Human => rule_text(m),
            ExplainFormat::Json => document(word, rule_json(m), &[]),
        })?;
        return Ok(EXIT_OK);
    }
    let items = schema::describe(word);
    if items.is_empty() {
        return Err(unknown(word).into());
    }
    emit(&match format {
        ExplainFormat::Human => items.iter().map(item_text).collect::<Vec<_>>().join("\n"),
        ExplainFormat::Json => document(word, Value::Null, &items),
    })?;
    Ok(EXIT_OK)
}

/// The rule's page, as `halint explain RULE` has always printed it.
fn rule_text(m: &RuleMeta) -> String {
    format!(
        "# {} ({})\n\nDefault severity: {}.\n\n{}\n",
        m.name,
        m.code,
        m.severity.as_str(),
        docs(m).trim_end()
    )
}

fn unknown(word: &str) -> String {
    let rules = ALL_RULES.iter().map(|r| r.meta().name);
    // In `option httplogg`, the name is the last word.
    let name = word.split_whitespace().last().unwrap_or(word);
    let hint = match did_you_mean::closest(rules.chain(schema::all_names()), name) {
        Some(close) => format!("; did you mean '{close}'?"),
        None => String::new(),
    };
    format!("unknown rule or keyword '{word}'{hint} (see `halint rules`)")
}

/// `NAME (KIND)`, the summary, the signature, then where and since when.
fn item_text(item: &Item) -> String {
    let mut text = format!("{} ({})\n", item.name, item.kind.describe());
    if let Some(summary) = item.summary {
        text.push_str(&format!("  {summary}\n"));
    }
    if let Some(signature) = &item.signature {
        text.push_str(&format!("  usage: {signature}\n"));
    }
    for place in &item.places {
        match place.contexts.as_slice() {
            [] => text.push_str(&format!("  versions: {}\n", place.versions)),
            contexts => text.push_str(&format!("  in {}: {}\n", contexts.join(", "), place.versions)),
        }
    }
    text
}

fn rule_json(m: &RuleMeta) -> Value {
    json!({ "name": m.name, "code": m.code, "severity": m.severity.as_str(), "docs": docs(m).trim_end() })
}

fn document(word: &str, rule: Value, items: &[Item]) -> String {
    let items: Vec<Value> = items.iter().map(item_json).collect();
    let doc = json!({ "version": 1, "word": word, "rule": rule, "items": items });
    format!("{doc:#}\n")
}

fn item_json(item: &Item) -> Value {
    let places: Vec<Value> = item
        .places
        .iter()
        .map(|p| {
            let (since, last, removed) = match p.versions {
                schema::Versions::Since(since) => (since, None, None),
                schema::Versions::Until { since, last } => (since, Some(last), None),
                schema::Versions::Removed { since, removed } => (since, None, Some(removed)),
            };
            json!({
                "in": p.contexts,
                "since": since.to_string(),
                "last": last.map(|v| v.to_string()),
                "removed": removed.map(|v| v.to_string()),
                "versions": p.versions.to_string(),
            })
        })
        .collect();
    json!({
        "kind": item.kind.id(),
        "name": item.name,
        "summary": item.summary,
        "signature": item.signature,
        "places": places,
    })
}
