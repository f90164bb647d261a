//! Hover: a finding's rule documentation, or what the schema knows of the
//! keyword under the cursor (its one-line summary, sections, versions), or
//! of the action, fetch, converter, option or filter kind under it.

use crate::ast::{Directive, LineKind, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::schema::keywords::{self, Keyword};
use crate::schema::{self, summary_in, Item, Kind};
use crate::span::Span;
use crate::syntax::Parse;

/// Markdown for what is at byte `offset`, and the span it is about.
pub fn hover(parse: &Parse, findings: &[Diagnostic], offset: u32) -> Option<(String, Span)> {
    if let Some(found) = finding_hover(findings, offset) {
        return Some(found);
    }
    let here = |span: Span| covers(span, offset);
    let file = parse.file();
    let src = parse.source();
    let index = file.lines.partition_point(|l| l.span.end <= offset);
    let line = file.lines.get(index)?;
    let (directive, header) = match &line.kind {
        LineKind::Section { directive, kind } => (directive, Some(*kind)),
        LineKind::Directive(d) => (d, None),
        _ => return None,
    };
    let position = directive.words.iter().position(|w| here(w.span))?;
    let word = &directive.words[position];
    if let Some(kind) = header {
        return (position == 0)
            .then(|| (format!("**`{}`** section\n\n{}", kind.keyword(), section_note(kind)), word.span));
    }
    let section = file.section_of(index).map(|s| file.sections[s].kind)?;
    if let Some(text) = keyword_docs(directive, src, section, position) {
        return Some((text, word.span));
    }
    (position > 0).then(|| name_docs(directive, src, position, offset))?
}

/// What the schema says of the name under the cursor inside word
/// `position`: the action after a rule keyword, else a fetch, converter or
/// ACL keyword, or an option or filter kind where the line takes them.
fn name_docs(d: &Directive, src: &str, position: usize, offset: u32) -> Option<(String, Span)> {
    let word = &d.words[position];
    let raw = word.raw(src);
    let (start, end) = name_at(raw, offset.checked_sub(word.span.start)? as usize)?;
    let name = &raw[start..end];
    let keyword = d.keyword().value(src);
    let items: Vec<Item> = match crate::views::rule_set(d, src) {
        Some((rules, at)) if at == position => schema::describe(&format!("{rules} {name}")),
        _ => schema::describe(name).into_iter().filter(|i| goes_on(i.kind, &keyword)).collect(),
    };
    if items.is_empty() {
        return None;
    }
    let text = items.iter().map(item_docs).collect::<Vec<_>>().join("\n\n---\n\n");
    let base = word.span.start;
    Some((text, Span::new(base + start as u32, base + end as u32)))
}

/// Whether an item of `kind` can appear inside a line opened by `keyword`.
fn goes_on(kind: Kind, keyword: &str) -> bool {
    match kind {
        Kind::Fetch | Kind::Converter | Kind::AclKeyword => true,
        Kind::BindOption => keyword == "bind",
        Kind::ServerOption => matches!(keyword, "server" | "default-server" | "server-template"),
        Kind::Filter => keyword == "filter",
        _ => false,
    }
}

/// The byte range of the name (letters, digits, `_`, `.`, `-`) around byte
/// `at` of `raw`: `req.hdr` in `%[req.hdr(host),lower]`.
fn name_at(raw: &str, at: usize) -> Option<(usize, usize)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let start = raw.get(..at)?.rfind(|c| !is_name(c)).map_or(0, |i| i + 1);
    let end = raw.get(at..)?.find(|c| !is_name(c)).map_or(raw.len(), |i| at + i);
    (start < end).then_some((start, end))
}

/// One schema item as Markdown: name and kind, summary, usage, versions.
fn item_docs(item: &Item) -> String {
    let mut text = format!("**`{}`** ({})", item.name, item.kind.describe());
    if let Some(summary) = item.summary {
        text.push_str(&format!("\n\n{summary}"));
    }
    if let Some(signature) = &item.signature {
        text.push_str(&format!("\n\n`{signature}`"));
    }
    for place in &item.places {
        match place.contexts.as_slice() {
            [] => text.push_str(&format!("\n\nHAProxy {}.", place.versions)),
            contexts => {
                text.push_str(&format!("\n\nIn `{}`: HAProxy {}.", contexts.join("`, `"), place.versions));
            }
        }
    }
    text
}

/// The documentation of the rule of the finding at `offset`, if one is there.
pub fn finding_hover(findings: &[Diagnostic], offset: u32) -> Option<(String, Span)> {
    let d = findings.iter().find(|d| covers(d.span, offset))?;
    Some((rule_docs(d), d.span))
}

/// Whether `span` holds `offset` (an empty span holds its own offset).
fn covers(span: Span, offset: u32) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

/// What the schema says of word `position` of a directive in `section`: the
/// keyword itself, or the name after `option`/`no option`/`timeout`.
fn keyword_docs(d: &Directive, src: &str, section: SectionKind, position: usize) -> Option<String> {
    let words: Vec<&str> = d.words.iter().take(position + 1).map(|w| w.raw(src)).collect();
    let (entry, kind, prefix) = match words.as_slice() {
        [keyword] => (keywords::lookup(section, keyword)?, Kind::Keyword, ""),
        ["option", name] | ["no", "option", name] => {
            (keywords::lookup_option(section, name)?, Kind::Option, "option ")
        }
        ["timeout", name] => (keywords::lookup_timeout(section, name)?, Kind::Timeout, "timeout "),
        _ => return None,
    };
    let summary = summary_in(kind, entry.name, section.keyword());
    let usage = schema::usage(kind, entry.name, section);
    Some(describe(entry, &format!("{prefix}{}", entry.name), section, summary, usage))
}

fn describe(
    k: &Keyword,
    shown: &str,
    section: SectionKind,
    summary: Option<&str>,
    usage: Option<String>,
) -> String {
    let sections: Vec<String> = k.sections.iter().map(|s| format!("`{}`", s.keyword())).collect();
    let mut text = format!("**`{shown}`** (HAProxy, in `{}`)\n\n", section.keyword());
    if let Some(summary) = summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(usage) = usage {
        text.push_str(&format!("`{usage}`\n\n"));
    }
    text.push_str(&format!("Allowed in: {}.\n\nSince HAProxy {}", sections.join(", "), k.since));
    match k.removed {
        Some(v) => text.push_str(&format!("; removed in {v}.")),
        None => text.push('.'),
    }
    text
}

fn section_note(kind: SectionKind) -> &'static str {
    if kind.is_proxy() {
        "A proxy section: its lines are the proxy's keywords."
    } else {
        "Its lines are the keywords of this section."
    }
}

/// The rule's documentation for a finding.
fn rule_docs(d: &Diagnostic) -> String {
    let docs = crate::rules::find(d.rule).map(|r| crate::rules::docs(r.meta())).unwrap_or_default();
    format!("**{} {}** ({})\n\n{}\n\n{}", d.code, d.rule, d.severity.as_str(), d.message, docs.trim_end())
}
