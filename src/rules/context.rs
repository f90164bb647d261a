//! What a rule sees and how it reports.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::settings::Settings;
use crate::syntax::Parse;
use std::cell::OnceCell;
use std::sync::OnceLock;

/// One file under check.
pub struct LintContext<'a> {
    /// The parse of the file.
    pub parse: &'a Parse,
    model: ModelSource<'a>,
    /// Inventory and options.
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// For each line, whether it sits inside a conditional block; computed
    /// at the first finding that asks.
    inside_conditionals: OnceCell<Vec<bool>>,
}

/// Where a finding holds, which decides what becomes of it on a line inside
/// a conditional block (see [`LintContext::report_on_line`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// For every HAProxy that reads the line: a word no version knows, a
    /// bad argument.
    Everywhere,
    /// Only here: the word is one of other versions than the target
    /// (`--haproxy-version`), or of other sections.
    OnlyHere,
}

/// The model, given or built on first use (rules that read only the tree
/// can then run while another thread builds it).
enum ModelSource<'a> {
    Ready(&'a Model),
    Shared(&'a OnceLock<Model>),
}

impl<'a> LintContext<'a> {
    /// A context for `parse` with its model.
    pub fn new(parse: &'a Parse, model: &'a Model, settings: &'a Settings) -> Self {
        LintContext {
            parse,
            model: ModelSource::Ready(model),
            settings,
            diagnostics: Vec::new(),
            inside_conditionals: OnceCell::new(),
        }
    }

    /// A context whose model is built on first use, once for all the
    /// contexts sharing `model` (a thread asking while another builds it waits).
    pub fn with_shared_model(parse: &'a Parse, model: &'a OnceLock<Model>, settings: &'a Settings) -> Self {
        LintContext {
            parse,
            model: ModelSource::Shared(model),
            settings,
            diagnostics: Vec::new(),
            inside_conditionals: OnceCell::new(),
        }
    }

    /// The semantic model of the file.
    pub fn model(&self) -> &'a Model {
        match self.model {
            ModelSource::Ready(model) => model,
            ModelSource::Shared(cell) => cell.get_or_init(|| {
                let start = std::time::Instant::now();
                let model = Model::build(self.parse);
                crate::profile::step("model", start);
                model
            }),
        }
    }

    /// The source text.
    pub fn src(&self) -> &'a str {
        self.parse.source()
    }

    /// Reports a finding.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding about line `line` (an index into the file's
    /// lines). HAProxy may never read a line inside a conditional block
    /// (`.if` … `.endif`): there a finding that holds only here is left out
    /// (such a block is most often the guard that keeps the line from the
    /// HAProxy that lacks it, `.if version_atleast(..)`), and one that holds
    /// everywhere is reported as a warning.
    pub fn report_on_line(&mut self, line: usize, mut diagnostic: Diagnostic, holds: Holds) {
        let inside = self.inside_conditionals.get_or_init(|| self.parse.file().inside_conditionals());
        if inside[line] {
            if holds == Holds::OnlyHere {
                return;
            }
            diagnostic.severity = Severity::Warning;
        }
        self.report(diagnostic);
    }

    /// Whether the config is active-active: the inventory names two or more
    /// instances, or a peers section lists two or more peers.
    pub fn is_active_active(&self) -> bool {
        self.settings.inventory_is_cluster() || self.model().lists_several_peers()
    }
}

/// One instance's config in a `--cluster` check.
pub struct ClusterFile<'a> {
    /// The path as given.
    pub path: &'a str,
    /// Its parse.
    pub parse: &'a Parse,
    /// Its model.
    pub model: &'a Model,
    /// Its local peer name, when known.
    pub local: Option<&'a str>,
}

/// The configs of all instances, checked together.
pub struct ClusterContext<'a> {
    /// The files, in command-line order.
    pub files: &'a [ClusterFile<'a>],
    /// Inventory and options.
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<(usize, Diagnostic)>,
}

impl<'a> ClusterContext<'a> {
    /// Reports a finding in file `file` (index into `files`).
    pub fn report(&mut self, file: usize, diagnostic: Diagnostic) {
        self.diagnostics.push((file, diagnostic));
    }
}

/// A Kubernetes manifest under check: the YAML itself and its workloads
/// (the HAProxy text it carries is checked as documents of its own).
pub struct ManifestContext<'a> {
    /// The manifest's text.
    pub text: &'a str,
    /// What it holds.
    pub manifest: &'a crate::input::k8s::Manifest,
    /// Whether the HAProxy text it carries has a peers section.
    pub uses_peers: bool,
    /// Inventory and options.
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> ManifestContext<'a> {
    /// A context for `manifest`.
    pub fn new(
        text: &'a str,
        manifest: &'a crate::input::k8s::Manifest,
        uses_peers: bool,
        settings: &'a Settings,
    ) -> Self {
        ManifestContext { text, manifest, uses_peers, settings, diagnostics: Vec::new() }
    }

    /// Reports a finding (spans in the manifest).
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}
