//! What a rule sees and how it reports.

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::settings::Settings;
use crate::syntax::Parse;
use std::sync::OnceLock;

/// One file under check.
pub struct LintContext<'a> {
    /// The parse of the file.
    pub parse: &'a Parse,
    model: ModelSource<'a>,
    /// Inventory and options.
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
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
        LintContext { parse, model: ModelSource::Ready(model), settings, diagnostics: Vec::new() }
    }

    /// A context whose model is built on first use, once for all the
    /// contexts sharing `model` (a thread asking while another builds it waits).
    pub fn with_shared_model(parse: &'a Parse, model: &'a OnceLock<Model>, settings: &'a Settings) -> Self {
        LintContext { parse, model: ModelSource::Shared(model), settings, diagnostics: Vec::new() }
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
