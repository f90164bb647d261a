//! Completion: keywords the section knows (from the schema), `option`
//! names, and the names a reference can take (backends, peers sections,
//! tables, servers of this proxy, `defaults` sections).

use super::symbols::{NameKind, Names};
use crate::ast::SectionKind;
use crate::model::Model;
use crate::schema::keywords;
use crate::syntax::Parse;
use lsp_types::{CompletionItem, CompletionItemKind};

/// The completions at byte `offset`.
pub fn complete(parse: &Parse, model: &Model, names: &Names, offset: u32) -> Vec<CompletionItem> {
    let file = parse.file();
    let src = parse.source();
    let index = file.lines.partition_point(|l| l.span.end <= offset).min(file.lines.len().saturating_sub(1));
    let Some(line) = file.lines.get(index) else { return keyword_items(None) };
    let before = &src[line.span.start as usize..(offset as usize).clamp(line.span.start as usize, src.len())];
    let mut words: Vec<&str> = before.split_whitespace().collect();
    // The word being typed is not context.
    if !before.ends_with([' ', '\t']) {
        words.pop();
    }
    let section = file.section_of(index).map(|s| file.sections[s].kind);
    let proxy = file.section_of(index).and_then(|s| model.proxies.iter().position(|p| p.section == s));
    let reference = |kind, scope, item_kind| -> Vec<CompletionItem> {
        names.defined(kind, scope).into_iter().map(|n| item(n, item_kind, None)).collect()
    };
    match words.as_slice() {
        [] => keyword_items(section),
        ["use_backend" | "default_backend"] => {
            let mut backends: Vec<&str> = model
                .proxies
                .iter()
                .filter(|p| p.has_backend_capability() && p.kind != SectionKind::Defaults)
                .filter_map(|p| p.name.as_deref())
                .collect();
            backends.sort_unstable();
            backends.dedup();
            backends.into_iter().map(|n| item(n, CompletionItemKind::CLASS, None)).collect()
        }
        [.., "peers"] if words.len() > 1 => reference(NameKind::Peers, None, CompletionItemKind::MODULE),
        [.., "table"] if words.len() > 1 => reference(NameKind::Table, None, CompletionItemKind::STRUCT),
        ["use-server"] => {
            proxy.map_or_else(Vec::new, |p| reference(NameKind::Server, Some(p), CompletionItemKind::FIELD))
        }
        ["defaults", .., "from"] | ["frontend" | "backend" | "listen", _, "from"] => {
            reference(NameKind::Defaults, None, CompletionItemKind::MODULE)
        }
        ["option"] | ["no", "option"] => section.map_or_else(Vec::new, |s| {
            keywords::option_names(s)
                .filter(|k| k.removed.is_none())
                .map(|k| item(k.name, CompletionItemKind::KEYWORD, Some(format!("since {}", k.since))))
                .collect()
        }),
        _ => Vec::new(),
    }
}

/// Section keywords, and the keywords `section` knows (none removed).
fn keyword_items(section: Option<SectionKind>) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = SectionKind::ALL
        .iter()
        .map(|k| item(k.keyword(), CompletionItemKind::MODULE, Some("section".to_owned())))
        .collect();
    if let Some(section) = section {
        let known =
            keywords::keywords().iter().filter(|k| k.sections.contains(section) && k.removed.is_none());
        out.extend(
            known.map(|k| item(k.name, CompletionItemKind::KEYWORD, Some(format!("since {}", k.since)))),
        );
    }
    out.dedup_by(|a, b| a.label == b.label);
    out
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem { label: label.to_owned(), kind: Some(kind), detail, ..Default::default() }
}
