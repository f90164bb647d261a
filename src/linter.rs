//! Running the rules: selection, suppressions, and the fix loop.

use crate::diagnostic::Diagnostic;
use crate::fix::apply::apply_fixes;
use crate::fix::{Applicability, Fix};
use crate::model::Model;
use crate::rules::context::ClusterFile;
use crate::rules::{ClusterContext, LintContext, Rule, ALL_RULES};
use crate::settings::Settings;
use crate::suppression::Suppressions;
use crate::syntax::{parse, Parse};

/// Files from this size on have their rules run on several threads.
const PARALLEL_RULES_BYTES: usize = 1024 * 1024;

/// How many rounds of fixes at most: each round re-parses and re-lints.
const MAX_FIX_ROUNDS: usize = 10;

/// The rules to run and what they know.
pub struct Linter {
    settings: Settings,
    rules: Vec<&'static dyn Rule>,
}

/// What [`Linter::fix`] did.
#[derive(Debug)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied).
    pub output: String,
    /// `(rule, fix title)` of each fix applied, in order.
    pub applied: Vec<(&'static str, String)>,
    /// The findings left in the fixed text.
    pub remaining: Vec<Diagnostic>,
}

impl Linter {
    /// A linter running every rule.
    pub fn new(settings: Settings) -> Self {
        Linter { settings, rules: ALL_RULES.to_vec() }
    }

    /// Keeps the rules named in `select` (all when empty) minus those in
    /// `ignore`. Names or codes; an unknown one is an error.
    pub fn select(mut self, select: &[String], ignore: &[String]) -> Result<Self, String> {
        for name in select.iter().chain(ignore) {
            if crate::rules::find(name).is_none() {
                return Err(format!("unknown rule '{name}' (see `halint rules`)"));
            }
        }
        let named = |list: &[String], r: &dyn Rule| {
            list.iter().any(|n| n == r.meta().name || n.eq_ignore_ascii_case(r.meta().code))
        };
        self.rules.retain(|r| (select.is_empty() || named(select, *r)) && !named(ignore, *r));
        Ok(self)
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether a rule is enabled.
    pub fn enabled(&self, name: &str) -> bool {
        self.rules.iter().any(|r| r.meta().name == name)
    }

    /// Checks one file.
    pub fn check(&self, parse: &Parse) -> Vec<Diagnostic> {
        // HALINT_PROFILE=1 prints where the time goes, for performance work.
        let profile = std::env::var_os("HALINT_PROFILE").is_some();
        let start = std::time::Instant::now();
        let model = Model::build(parse);
        if profile {
            eprintln!("profile: model {:?}", start.elapsed());
        }
        // Rules only read the tree and the model: on a big file they run on
        // all cores, each thread with its own share of the rules. The order
        // of findings does not depend on it (`finish` sorts them).
        let threads = if parse.source().len() < PARALLEL_RULES_BYTES {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.rules.len().max(1))
        };
        let run = |share: usize| {
            let mut cx = LintContext::new(parse, &model, &self.settings);
            for rule in self.rules.iter().skip(share).step_by(threads) {
                let t = std::time::Instant::now();
                rule.check(&mut cx);
                if profile {
                    eprintln!("profile: {} {:?}", rule.meta().name, t.elapsed());
                }
            }
            cx.diagnostics
        };
        let diagnostics = if threads == 1 {
            run(0)
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads).map(|share| scope.spawn(move || run(share))).collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        self.finish(parse, diagnostics)
    }

    /// Checks the configs of a cluster: each file alone (with its own local
    /// name), then all together. Returns the findings per file.
    pub fn check_cluster(&self, files: &[(&str, &Parse, Option<String>)]) -> Vec<Vec<Diagnostic>> {
        let models: Vec<Model> = files.iter().map(|(_, p, _)| Model::build(p)).collect();
        let mut per_file: Vec<Vec<Diagnostic>> = Vec::new();
        for ((_, parse, local), model) in files.iter().zip(&models) {
            let settings =
                Settings { local: local.clone().or(self.settings.local.clone()), ..self.settings.clone() };
            let mut cx = LintContext::new(parse, model, &settings);
            for rule in &self.rules {
                rule.check(&mut cx);
            }
            per_file.push(cx.diagnostics);
        }
        let cluster_files: Vec<ClusterFile<'_>> = files
            .iter()
            .zip(&models)
            .map(|((path, parse, local), model)| ClusterFile { path, parse, model, local: local.as_deref() })
            .collect();
        let mut cx =
            ClusterContext { files: &cluster_files, settings: &self.settings, diagnostics: Vec::new() };
        for rule in &self.rules {
            rule.check_cluster(&mut cx);
        }
        for (i, d) in cx.diagnostics {
            per_file[i].push(d);
        }
        per_file.into_iter().zip(files).map(|(diags, (_, parse, _))| self.finish(parse, diags)).collect()
    }

    /// Sorts findings, applies `# halint: ignore[...]` comments and reports
    /// the ones that suppress nothing.
    fn finish(&self, parse: &Parse, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let suppressions = Suppressions::collect(parse);
        if !suppressions.is_empty() {
            diagnostics = suppressions.filter(parse, diagnostics);
            if self.enabled(crate::rules::UNUSED_SUPPRESSION) {
                diagnostics.extend(suppressions.unused(|name| self.enabled(name)));
            }
        }
        diagnostics.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
        diagnostics
    }

    /// Applies fixes (safe ones, and unsafe ones too when `unsafe_fixes`)
    /// until nothing changes. A file with syntax errors is left untouched,
    /// and a round whose result would have a syntax error is not applied.
    pub fn fix(&self, src: &str, unsafe_fixes: bool) -> FixOutcome {
        let mut text = src.to_owned();
        let mut applied = Vec::new();
        let mut current = parse(&text);
        if current.errors().is_empty() {
            for _ in 0..MAX_FIX_ROUNDS {
                let diagnostics = self.check(&current);
                let candidates: Vec<(&'static str, &Fix)> = diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
                    .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
                    .collect();
                let fixes: Vec<&Fix> = candidates.iter().map(|(_, f)| *f).collect();
                let (new_text, taken) = apply_fixes(&text, &fixes);
                if taken.is_empty() || new_text == text {
                    break;
                }
                let next = parse(&new_text);
                if !next.errors().is_empty() {
                    break;
                }
                applied.extend(taken.iter().map(|&i| (candidates[i].0, candidates[i].1.title.clone())));
                text = new_text;
                current = next;
            }
        }
        let remaining = self.check(&current);
        FixOutcome { output: text, applied, remaining }
    }
}
