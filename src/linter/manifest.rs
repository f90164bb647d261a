//! Checking and fixing a Kubernetes manifest: each embedded config is
//! checked as a document with the inventory its workloads give, findings are
//! placed in the manifest, and fixes become edits of its literal blocks.

use super::Linter;
use crate::diagnostic::Diagnostic;
use crate::fix::apply::apply_fixes;
use crate::fix::{Applicability, Edit, Fix};
use crate::input::k8s::{documents, read_manifest, Document, Manifest, Placement};
use crate::settings::{Instance, Settings};
use crate::span::Span;
use crate::syntax::parse;

/// How many rounds of fixes at most (as for a config file).
const MAX_FIX_ROUNDS: usize = 10;

/// The findings of a manifest, in its own coordinates.
#[derive(Debug)]
pub struct ManifestReport {
    /// What the manifest holds.
    pub manifest: Manifest,
    /// The configs checked.
    pub documents: Vec<Document>,
    /// Findings, with spans in the manifest, sorted; fixes are edits of the manifest.
    pub diagnostics: Vec<Diagnostic>,
}

impl ManifestReport {
    /// Whether the manifest carries HAProxy config or runs HAProxy.
    pub fn has_haproxy(&self) -> bool {
        !self.documents.is_empty() || self.manifest.haproxy_workloads().next().is_some()
    }
}

/// What fixing a manifest did.
#[derive(Debug)]
pub struct ManifestFix {
    /// The fixed manifest (the input when nothing applied).
    pub output: String,
    /// `(rule, fix title)` of each fix applied.
    pub applied: Vec<(&'static str, String)>,
    /// What is left.
    pub remaining: Vec<Diagnostic>,
}

/// Checks a manifest (see [`Linter::check_manifest`]).
pub(super) fn check(text: &str, linter: &Linter) -> ManifestReport {
    let manifest = read_manifest(text);
    let documents = documents(&manifest);
    let mut diagnostics = Vec::new();
    let mut uses_peers = false;
    for doc in &documents {
        let parse = parse(&doc.text);
        let settings = document_settings(&manifest, doc, linter.settings());
        uses_peers |= parse.file().sections.iter().any(|s| s.kind == crate::ast::SectionKind::Peers);
        for d in linter.with_settings(settings).check(&parse) {
            let fix = d.fix.as_ref().and_then(|f| manifest_fix(text, &manifest, doc, f));
            let mut placed = doc.place(&manifest, d.clone());
            placed.fix = fix.or_else(|| new_backend_snippet(text, &manifest, doc, &d));
            if placed.fix.is_none() && d.fix.is_some() {
                let why = "no fix in the manifest: the text is not a literal block (`|`), or the fix falls outside the snippet";
                placed.help = Some(placed.help.map_or(why.to_owned(), |h| format!("{h}; {why}")));
            }
            diagnostics.push(placed);
        }
    }
    diagnostics.extend(linter.run_manifest_rules(text, &manifest, uses_peers));
    diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    // A snippet pasted into two generated backends is reported once.
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
    ManifestReport { manifest, documents, diagnostics }
}

/// Applies fixes to a manifest until nothing changes. A round whose result
/// would not read as YAML, or would lose an object's HAProxy text, is not
/// applied.
pub(super) fn fix(text: &str, linter: &Linter, unsafe_fixes: bool) -> ManifestFix {
    let mut current = text.to_owned();
    let mut applied = Vec::new();
    let mut report = check(&current, linter);
    for _ in 0..MAX_FIX_ROUNDS {
        let candidates: Vec<(&'static str, &Fix)> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
            .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
            .collect();
        let fixes: Vec<&Fix> = candidates.iter().map(|(_, f)| *f).collect();
        let (next, taken) = apply_fixes(&current, &fixes);
        if taken.is_empty() || next == current {
            break;
        }
        let next_report = check(&next, linter);
        let kept = next_report.manifest.error.is_none() || report.manifest.error.is_some();
        if !kept || next_report.manifest.embedded.len() < report.manifest.embedded.len() {
            break;
        }
        applied.extend(taken.iter().map(|&i| (candidates[i].0, candidates[i].1.title.clone())));
        current = next;
        report = next_report;
    }
    ManifestFix { output: current, applied, remaining: report.diagnostics }
}

/// The inventory of a document: the one given, plus the instances of the
/// workloads that run it (those referring to its object, else all).
fn document_settings(manifest: &Manifest, doc: &Document, base: &Settings) -> Settings {
    let objects: Vec<&str> =
        doc.pieces.iter().map(|&(i, _)| manifest.embedded[i].object.name.as_str()).collect();
    let workloads: Vec<_> = manifest.haproxy_workloads().collect();
    let referring: Vec<_> =
        workloads.iter().filter(|w| w.configmaps.iter().any(|c| objects.contains(&c.as_str()))).collect();
    let chosen = if referring.is_empty() { workloads.iter().collect() } else { referring };
    let mut settings = base.clone();
    for name in chosen.iter().flat_map(|w| w.instance_names()) {
        if !settings.instances.iter().any(|i| i.name == name) {
            settings.instances.push(Instance { name, address: None, env: Default::default() });
        }
    }
    settings
}

/// A fix of a document's text as edits of the manifest: each edit must fall
/// in a snippet or config written as a literal block.
fn manifest_fix(text: &str, manifest: &Manifest, doc: &Document, fix: &Fix) -> Option<Fix> {
    let mut per_piece: Vec<(usize, Vec<Edit>)> = Vec::new();
    for edit in &fix.edits {
        // An insertion right after a piece appends to it.
        let &(i, span) =
            doc.pieces.iter().find(|(_, s)| s.start <= edit.span.start && edit.span.end <= s.end)?;
        let local = Edit {
            span: Span::new(edit.span.start - span.start, edit.span.end - span.start),
            replacement: edit.replacement.clone(),
        };
        match per_piece.iter_mut().find(|(p, _)| *p == i) {
            Some((_, edits)) => edits.push(local),
            None => per_piece.push((i, vec![local])),
        }
    }
    let mut edits = Vec::new();
    for (i, local) in per_piece {
        let embedded = &manifest.embedded[i];
        let block = embedded.block.as_ref()?;
        // Each edit alone, when it stays off the text's last line (cheap:
        // a config with thousands of fixes is not re-embedded per fix).
        let direct: Option<Vec<Edit>> = local
            .iter()
            .map(|e| {
                block.translate(&embedded.text, e.span, &e.replacement).map(|(s, r)| Edit::replace(s, r))
            })
            .collect();
        if let Some(direct) = direct {
            edits.extend(direct);
            continue;
        }
        let local_fix = Fix { edits: local, ..fix.clone() };
        let (new_text, taken) = apply_fixes(&embedded.text, &[&local_fix]);
        if taken.is_empty() {
            return None;
        }
        edits.extend(block.embed(text, &new_text)?.into_iter().map(|(s, r)| Edit::replace(s, r)));
    }
    Some(Fix { edits, ..fix.clone() })
}

/// Fixes that exist only in a manifest: a generated backend without shared
/// persistence gets a new backend snippet key in the ConfigMap.
fn new_backend_snippet(text: &str, manifest: &Manifest, doc: &Document, d: &Diagnostic) -> Option<Fix> {
    if d.rule != "backend-without-stick-table" {
        return None;
    }
    let lines = d.fix.as_ref()?.edits.first()?.replacement.clone();
    // The controller's backend snippet key: the one its other keys show.
    let holder =
        doc.pieces.iter().map(|&(i, _)| &manifest.embedded[i]).filter(|e| e.object.kind == "ConfigMap");
    let holder: Vec<_> = holder.collect();
    if holder.iter().any(|e| e.placement == Placement::EveryBackend) {
        return None;
    }
    let last = holder.iter().rev().find(|e| e.object == doc.anchor && e.block.is_some())?;
    let key = if holder.iter().any(|e| e.key.starts_with("config-")) {
        "config-backend"
    } else if holder.iter().any(|e| e.key.ends_with("-config-snippet")) {
        "backend-config-snippet"
    } else {
        "stick-table-cfg"
    };
    let block = last.block.as_ref()?;
    let key_column = text[..last.key_span.start as usize].rsplit('\n').next().map_or(0, str::len);
    let pad = " ".repeat(key_column);
    let eol = if block.crlf { "\r\n" } else { "\n" };
    let mut value = String::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        value.push_str(&format!("{pad}  {line}{eol}"));
    }
    let insertion = format!("{pad}{key}: |{eol}{value}");
    let title =
        format!("add a `{key}` key with {}", lines.lines().map(str::trim).collect::<Vec<_>>().join(" / "));
    Some(Fix::unsafe_(title, vec![Edit::insert(block.content.end, insertion)]))
}
