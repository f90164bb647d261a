//! Running the rules: selection, suppressions, and the fix loop.

mod manifest;
mod readings;

pub use manifest::{ManifestFix, ManifestReport};

use crate::diagnostic::Diagnostic;
use crate::fix::apply::apply_fixes;
use crate::fix::{Applicability, Fix};
use crate::model::Model;
use crate::rules::context::ClusterFile;
use crate::rules::{ClusterContext, LintContext, Rule, ALL_RULES};
use crate::settings::Settings;
use crate::suppression::Suppressions;
use crate::syntax::{parse, parse_string, Parse};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Files from this size on have their rules run on several threads.
const PARALLEL_RULES_BYTES: usize = 1024 * 1024;

/// Rules that take longest on a big config, longest first (`HALINT_PROFILE=1`
/// on the 10,000-backend config of `benches/lsp_latency.rs`, averages of 30
/// edits: 24, 18, 17, 14, 7.5, 7, 5, 4, 3, 3 ms). The tree-only ones come
/// first, so that they run while one thread builds the model (12 ms); a
/// costly rule left for the end would keep one thread busy while the other
/// idles, which is what an editor waits for after each keystroke.
const COSTLY_FIRST: &[&str] = &[
    "invalid-sample-expression",
    "missing-option-argument",
    "unknown-server-option",
    "duplicate-line",
    "unknown-action",
    "unknown-keyword",
    "backend-without-stick-table",
    "duplicate-server-name",
    "invalid-filter",
    "peer-port-conflict",
    "undefined-backend",
    "duplicate-proxy-name",
];

/// How many rounds of fixes at most: each round re-parses and re-lints.
const MAX_FIX_ROUNDS: usize = 10;

/// Whether every instance reads the file alike: no `.if` block, no peer
/// line or `localpeer` written with a variable (see `readings`).
fn reads_plainly(parse: &Parse) -> bool {
    parse.file().conditionals.is_empty() && !Model::uses_env_in_peers(parse)
}

/// The rules to run and what they know.
pub struct Linter {
    settings: Settings,
    rules: Vec<&'static dyn Rule>,
    /// Most threads for the rules of a big file (`None`: one per core).
    threads: Option<usize>,
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
    /// Whether the text stands for bytes that are not all UTF-8
    /// ([`Parse::has_raw_bytes`]): write [`FixOutcome::output_bytes`].
    pub raw_bytes: bool,
}

impl FixOutcome {
    /// The bytes of the fixed text, as they go into the file.
    pub fn output_bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        crate::input::encoding::encode(&self.output, self.raw_bytes)
    }
}

impl Linter {
    /// A linter running every rule.
    pub fn new(settings: Settings) -> Self {
        Linter { settings, rules: ALL_RULES.to_vec(), threads: None }
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

    /// Runs the rules of a big file on at most `threads` threads (1: on the
    /// calling thread only). The findings are the same whatever the number.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether a rule is enabled.
    pub fn enabled(&self, name: &str) -> bool {
        self.rules.iter().any(|r| r.meta().name == name)
    }

    /// The same rules with other settings.
    pub fn with_settings(&self, settings: Settings) -> Linter {
        Linter { settings, rules: self.rules.clone(), threads: self.threads }
    }

    /// Checks a Kubernetes manifest: the YAML and workloads, and every
    /// HAProxy config it carries, with findings at the manifest's own lines.
    pub fn check_manifest(&self, text: &str) -> ManifestReport {
        manifest::check(text, self)
    }

    /// Applies fixes to a Kubernetes manifest (edits of its literal blocks)
    /// until nothing changes, as [`Linter::fix`] does for a config.
    pub fn fix_manifest(&self, text: &str, unsafe_fixes: bool) -> ManifestFix {
        manifest::fix(text, self, unsafe_fixes)
    }

    /// Runs the rules of a manifest's YAML and workloads.
    fn run_manifest_rules(
        &self,
        text: &str,
        manifest: &crate::input::k8s::Manifest,
        uses_peers: bool,
    ) -> Vec<Diagnostic> {
        let mut cx = crate::rules::ManifestContext::new(text, manifest, uses_peers, &self.settings);
        for rule in &self.rules {
            rule.check_manifest(&mut cx);
        }
        cx.diagnostics
    }

    /// Checks one file: with `.if` blocks, as each instance reads it (the
    /// `--local` one, else each of the inventory, else an unknown one).
    pub fn check(&self, parse: &Parse) -> Vec<Diagnostic> {
        if reads_plainly(parse) {
            let diagnostics = self.run_rules(parse, &self.settings, &OnceLock::new());
            return self.finish_file(parse, diagnostics);
        }
        // The readings are made on a copy (one tree more; see `check_in_place`).
        self.check_in_place(&mut parse.duplicate())
    }

    /// [`Linter::check`] on a parse it may lend to each reading of a file
    /// with `.if` blocks: the lines a reading skips are blanked in place
    /// rather than the whole text parsed again, and no second tree is held.
    /// The parse is as it was on return (after a panic too).
    pub fn check_in_place(&self, parse: &mut Parse) -> Vec<Diagnostic> {
        let diagnostics = if reads_plainly(parse) {
            self.run_rules(parse, &self.settings, &OnceLock::new())
        } else {
            let names: Vec<Option<&str>> = match &self.settings.local {
                Some(local) => vec![Some(local.as_str())],
                None if self.settings.instances.is_empty() => vec![None],
                None => self.settings.instances.iter().map(|i| Some(i.name.as_str())).collect(),
            };
            self.check_readings(parse, &self.settings, &names)
        };
        self.finish_file(parse, diagnostics)
    }

    /// Precedence, then [`Linter::finish`], for one file checked alone.
    fn finish_file(&self, parse: &Parse, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut files = [(parse, diagnostics)];
        crate::rules::precedence::apply(&mut files);
        let [(_, diagnostics)] = files;
        self.finish(parse, diagnostics)
    }

    /// Runs the rules over one file; `model` is built on first use.
    fn run_rules(&self, parse: &Parse, settings: &Settings, model: &OnceLock<Model>) -> Vec<Diagnostic> {
        // Rules only read the tree and the model: on a big file they run on
        // all cores, each thread taking the next rule from one queue. One
        // thread builds the model first while the others start on the rules
        // that read only the tree (the queue starts with the costly ones).
        // Findings come out in the same order whatever the threads did:
        // `finish` sorts them, and each rule runs whole on one thread.
        let threads = if parse.source().len() < PARALLEL_RULES_BYTES {
            1
        } else {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            self.threads.unwrap_or(cores).min(self.rules.len().max(1))
        };
        let queue = self.schedule();
        let next = AtomicUsize::new(0);
        let run = |build_model_first: bool| {
            let mut cx = LintContext::with_shared_model(parse, model, settings);
            if build_model_first {
                cx.model();
            }
            while let Some(rule) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                let start = std::time::Instant::now();
                rule.check(&mut cx);
                crate::profile::step(rule.meta().name, start);
            }
            cx.diagnostics
        };
        if threads == 1 {
            run(false)
        } else {
            std::thread::scope(|scope| {
                let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(|| run(false))).collect();
                let mut all = run(true);
                for h in helpers {
                    all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
                all
            })
        }
    }

    /// The rules in the order threads take them: the ones that cost most on
    /// a big config first (measured with `HALINT_PROFILE=1` on the benchmark
    /// config), so that no thread is left with a long one at the end.
    fn schedule(&self) -> Vec<&'static dyn Rule> {
        let rank = |r: &&'static dyn Rule| {
            COSTLY_FIRST.iter().position(|&n| n == r.meta().name).unwrap_or(COSTLY_FIRST.len())
        };
        let mut queue = self.rules.clone();
        queue.sort_by_key(rank);
        queue
    }

    /// Checks the configs of a cluster: each file alone (with its own local
    /// name), then all together. Returns the findings per file.
    pub fn check_cluster(&self, files: &[(&str, &Parse, Option<String>)]) -> Vec<Vec<Diagnostic>> {
        if files.iter().any(|(_, parse, _)| !reads_plainly(parse)) {
            return self.check_cluster_readings(files);
        }
        let mut models: Vec<OnceLock<Model>> = files.iter().map(|_| OnceLock::new()).collect();
        let mut per_file: Vec<Vec<Diagnostic>> = Vec::new();
        for ((_, parse, local), model) in files.iter().zip(&models) {
            let settings =
                Settings { local: local.clone().or(self.settings.local.clone()), ..self.settings.clone() };
            per_file.push(self.run_rules(parse, &settings, model));
        }
        let models: Vec<Model> = models
            .iter_mut()
            .zip(files)
            .map(|(cell, (_, parse, _))| cell.take().unwrap_or_else(|| Model::build(parse)))
            .collect();
        let cluster_files: Vec<ClusterFile<'_>> = files
            .iter()
            .zip(&models)
            .map(|((path, parse, local), model)| ClusterFile { path, parse, model, local: local.as_deref() })
            .collect();
        let mut cx =
            ClusterContext { files: &cluster_files, settings: &self.settings, diagnostics: Vec::new() };
        for rule in &self.rules {
            let start = std::time::Instant::now();
            rule.check_cluster(&mut cx);
            crate::profile::step(rule.meta().name, start);
        }
        for (i, d) in cx.diagnostics {
            per_file[i].push(d);
        }
        self.finish_cluster(files, per_file)
    }

    /// Applies rule precedence across the files of a cluster, then
    /// [`Linter::finish`] to each.
    fn finish_cluster(
        &self,
        files: &[(&str, &Parse, Option<String>)],
        per_file: Vec<Vec<Diagnostic>>,
    ) -> Vec<Vec<Diagnostic>> {
        let mut together: Vec<(&Parse, Vec<Diagnostic>)> =
            files.iter().map(|(_, parse, _)| *parse).zip(per_file).collect();
        crate::rules::precedence::apply(&mut together);
        together.into_iter().map(|(parse, diags)| self.finish(parse, diags)).collect()
    }

    /// Fixes the configs of a cluster: each file's own fixes (as
    /// [`Linter::fix`]), then the fixes of the cross-file findings
    /// (`peers-section-divergent`, `server-identity-mismatch`...), round after
    /// round until nothing changes. `files` are (path, text, local name).
    pub fn fix_cluster(&self, files: &[(&str, &str, Option<String>)], unsafe_fixes: bool) -> Vec<FixOutcome> {
        let mut texts: Vec<String> = files.iter().map(|(_, text, _)| (*text).to_owned()).collect();
        let mut applied: Vec<Vec<(&'static str, String)>> = vec![Vec::new(); files.len()];
        // A file with syntax errors is left alone, as by `fix`.
        let broken: Vec<bool> = texts.iter().map(|t| !parse(t).errors().is_empty()).collect();
        for _ in 0..MAX_FIX_ROUNDS {
            for (i, (_, _, local)) in files.iter().enumerate() {
                let linter = self.with_settings(Settings { local: local.clone(), ..self.settings.clone() });
                let outcome = linter.fix(&texts[i], unsafe_fixes);
                applied[i].extend(outcome.applied);
                texts[i] = outcome.output;
            }
            let parses: Vec<Parse> = texts.iter().map(|t| parse(t)).collect();
            let members: Vec<(&str, &Parse, Option<String>)> =
                files.iter().zip(&parses).map(|((path, _, local), p)| (*path, p, local.clone())).collect();
            let found = self.check_cluster(&members);
            let mut changed = false;
            for (i, diagnostics) in found.iter().enumerate() {
                let fixes: Vec<(&'static str, &Fix)> = diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
                    .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
                    .collect();
                if fixes.is_empty() || broken[i] {
                    continue;
                }
                let (new_text, taken) =
                    apply_fixes(&texts[i], &fixes.iter().map(|(_, f)| *f).collect::<Vec<_>>());
                if taken.is_empty() || new_text == texts[i] || !parse(&new_text).errors().is_empty() {
                    continue;
                }
                applied[i].extend(taken.iter().map(|&k| (fixes[k].0, fixes[k].1.title.clone())));
                texts[i] = new_text;
                changed = true;
            }
            if !changed {
                break;
            }
        }
        let parses: Vec<Parse> = texts.iter().map(|t| parse(t)).collect();
        let members: Vec<(&str, &Parse, Option<String>)> =
            files.iter().zip(&parses).map(|((path, _, local), p)| (*path, p, local.clone())).collect();
        let remaining = self.check_cluster(&members);
        texts
            .into_iter()
            .zip(applied)
            .zip(remaining)
            .map(|((output, applied), remaining)| FixOutcome { output, applied, remaining, raw_bytes: false })
            .collect()
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
        self.fix_parsed(&parse(src), unsafe_fixes)
    }

    /// [`Linter::fix`] starting from a parse the caller already has.
    pub fn fix_parsed(&self, original: &Parse, unsafe_fixes: bool) -> FixOutcome {
        let mut applied = Vec::new();
        // The latest text fixed, once there is one.
        let mut fixed: Option<Parse> = None;
        // The findings of the last round that applied nothing are the ones
        // left: no need to check that text once more.
        let mut left = None;
        if original.errors().is_empty() {
            for _ in 0..MAX_FIX_ROUNDS {
                let current = fixed.as_ref().unwrap_or(original);
                let diagnostics = self.check(current);
                let candidates: Vec<(&'static str, &Fix)> = diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
                    .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
                    .collect();
                let fixes: Vec<&Fix> = candidates.iter().map(|(_, f)| *f).collect();
                let (new_text, taken) = apply_fixes(current.source(), &fixes);
                if taken.is_empty() || new_text == current.source() {
                    drop(candidates);
                    left = Some(diagnostics);
                    break;
                }
                let titles: Vec<(&'static str, String)> =
                    taken.iter().map(|&i| (candidates[i].0, candidates[i].1.title.clone())).collect();
                // Only two texts and one tree at a time on a big file.
                drop(candidates);
                drop(diagnostics);
                let next = parse_string(new_text).with_raw_bytes(original.has_raw_bytes());
                if !next.errors().is_empty() {
                    break;
                }
                applied.extend(titles);
                fixed = Some(next);
            }
        }
        let remaining = left.unwrap_or_else(|| self.check(fixed.as_ref().unwrap_or(original)));
        let output = fixed.map_or_else(|| original.source().to_owned(), Parse::into_source);
        FixOutcome { output, applied, remaining, raw_bytes: original.has_raw_bytes() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_costly_rules_are_scheduled_first_by_their_names() {
        // A misspelt name would silently fall to the end of the queue.
        for name in COSTLY_FIRST {
            assert!(crate::rules::find(name).is_some_and(|r| r.meta().name == *name), "{name}");
        }
        let linter = Linter::new(Settings::default());
        let queue: Vec<&str> = linter.schedule().iter().map(|r| r.meta().name).collect();
        assert_eq!(&queue[..COSTLY_FIRST.len()], COSTLY_FIRST);
    }

    #[test]
    fn checking_in_place_finds_the_same_and_gives_the_parse_back() {
        let src = "global\n    localpeer lb1\n.if defined(X)\n    maxconn 1\n.else\n    maxconn 2\n    bogus\n.endif\n\
                   backend b\n  .if streq(\"$HOSTNAME\",lb2)\n    server s1 10.0.0.1:80 check\n  .endif\n    balance bad\n";
        let instances = ["lb1", "lb2"].map(|n| crate::settings::Instance {
            name: n.to_owned(),
            address: None,
            env: Default::default(),
        });
        for local in [None, Some("lb1".to_owned())] {
            let settings = Settings { local, instances: instances.to_vec(), ..Settings::default() };
            let linter = Linter::new(settings);
            let mut parse = crate::parse(src);
            let expected = linter.check(&parse);
            assert!(!expected.is_empty());
            assert_eq!(linter.check_in_place(&mut parse), expected);
            assert_eq!(parse.source(), src);
            assert_eq!(parse.file(), crate::parse(src).file());
        }
    }
}
