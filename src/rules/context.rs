//! What a rule sees and how it reports.

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::settings::Settings;
use crate::syntax::Parse;

/// One file under check.
pub struct LintContext<'a> {
    /// The parse of the file.
    pub parse: &'a Parse,
    /// Its semantic model.
    pub model: &'a Model,
    /// Inventory and options.
    pub settings: &'a Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> LintContext<'a> {
    /// A context for `parse`.
    pub fn new(parse: &'a Parse, model: &'a Model, settings: &'a Settings) -> Self {
        LintContext { parse, model, settings, diagnostics: Vec::new() }
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
        self.settings.inventory_is_cluster() || self.model.lists_several_peers()
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
