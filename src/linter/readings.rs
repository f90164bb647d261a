//! Checking a config with `.if` blocks the way each instance reads it.
//!
//! Each instance's environment decides the blocks (see
//! [`crate::model::effective`]); the rules run on each distinct effective
//! text, whose bytes sit where they sit in the file, and the findings are
//! merged: one per rule, place and message, which says the instances it
//! applies to when not all, and what it assumed of an undecided condition
//! when it is not found whichever way that goes. Exclusive branches are
//! never read together, so nothing in them is counted twice.

use super::Linter;
use crate::diagnostic::Diagnostic;
use crate::fix::apply::apply_fixes;
use crate::fix::Fix;
use crate::model::conditions::Environment;
use crate::model::effective::{alternatives, describe, Alternative, Assumption};
use crate::model::Model;
use crate::rules::context::ClusterFile;
use crate::rules::ClusterContext;
use crate::settings::Settings;
use crate::syntax::{parse_string, Parse};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Rules about the bytes of the file rather than what HAProxy makes of its
/// lines: HAProxy's tokenizer reads every line, skipped branches included.
const TEXT_RULES: &[&str] = &[
    "syntax-error",
    "invalid-utf8",
    "byte-order-mark",
    "missing-final-newline",
    "line-truncated-by-carriage-return",
];

/// Cross-file checks of a cluster read at most this many combinations of
/// the files' alternatives.
const MAX_CLUSTER_COMBINATIONS: usize = 16;

/// A finding and where it was seen: (instance, alternative) pairs, and the
/// primary label each instance's reading gave it (they may differ: "the
/// local peer" on one instance is a remote one on another).
struct Seen {
    diagnostic: Diagnostic,
    at: Vec<(usize, usize)>,
    labels: Vec<(Option<String>, Vec<usize>)>,
}

impl Seen {
    fn add_label(&mut self, label: Option<String>, instance: usize) {
        match self.labels.iter_mut().find(|(l, _)| *l == label) {
            Some((_, who)) if who.contains(&instance) => {}
            Some((_, who)) => who.push(instance),
            None => self.labels.push((label, vec![instance])),
        }
    }

    /// One label saying what each instance's reading said, when they differ.
    fn merged_label(&self, names: &[Option<&str>]) -> Option<String> {
        if self.labels.len() < 2 {
            return self.diagnostic.label.clone();
        }
        let parts: Option<Vec<String>> = self
            .labels
            .iter()
            .map(|(label, who)| {
                let named: Option<Vec<String>> =
                    who.iter().map(|&i| names[i].map(|n| format!("'{n}'"))).collect();
                let named = named?;
                let list =
                    crate::model::cluster::join_names(&named.iter().map(String::as_str).collect::<Vec<_>>());
                Some(format!("on {list}: {}", label.as_deref().unwrap_or("here")))
            })
            .collect();
        parts.map(|p| p.join("; ")).or_else(|| self.diagnostic.label.clone())
    }
}

/// Findings merged by rule, place and message.
#[derive(Default)]
struct Merged {
    seen: Vec<Seen>,
    index: FxHashMap<(&'static str, u32, u32, String), usize>,
}

impl Merged {
    fn add(&mut self, d: Diagnostic, at: (usize, usize)) {
        let key = (d.rule, d.span.start, d.span.end, d.message.clone());
        let label = d.label.clone();
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.index.insert(key, self.seen.len());
                self.seen.push(Seen { diagnostic: d, at: Vec::new(), labels: Vec::new() });
                self.seen.len() - 1
            }
        };
        self.seen[i].at.push(at);
        self.seen[i].add_label(label, at.0);
    }

    /// The findings with their notes. `names[i]` names instance `i` (`None`:
    /// unknown), `envs[i]` is its environment, `alts[i]` its alternatives.
    fn finish(
        self,
        parse: &Parse,
        names: &[Option<&str>],
        envs: &[Environment],
        alts: &[Vec<Alternative>],
    ) -> Vec<Diagnostic> {
        let total: usize = alts.iter().map(Vec::len).sum();
        self.seen
            .into_iter()
            .map(|seen| {
                let label = seen.merged_label(names);
                let Seen { mut diagnostic, mut at, .. } = seen;
                diagnostic.label = label;
                at.sort_unstable();
                at.dedup();
                let mut notes = Vec::new();
                let mut instances: Vec<usize> = at.iter().map(|&(i, _)| i).collect();
                instances.dedup();
                if instances.len() < names.len() {
                    let named: Vec<String> =
                        instances.iter().filter_map(|&i| names[i]).map(|n| format!("'{n}'")).collect();
                    if named.len() == instances.len() {
                        let list = crate::model::cluster::join_names(
                            &named.iter().map(String::as_str).collect::<Vec<_>>(),
                        );
                        let word = if named.len() == 1 { "instance" } else { "instances" };
                        notes.push(format!("on {word} {list}"));
                    }
                }
                let everywhere_it_applies =
                    instances.iter().all(|&i| (0..alts[i].len()).all(|a| at.contains(&(i, a))));
                if at.len() < total && !everywhere_it_applies {
                    notes.push(assumed(parse, &at, alts));
                }
                // A fix edits the one file every reading shares: keep it only
                // when the readings without the finding read the same lines
                // after it (an added stick-table for one instance must not
                // give another instance a second one).
                if at.len() < total
                    && diagnostic
                        .fix
                        .as_ref()
                        .is_some_and(|f| !leaves_other_readings_alone(parse, f, &at, envs, alts))
                {
                    diagnostic.fix = None;
                }
                if !notes.is_empty() {
                    diagnostic.message = format!("{} ({})", diagnostic.message, notes.join(", "));
                }
                diagnostic
            })
            .collect()
    }
}

/// The lines a reading reads, blank ones left out: what it reads, whatever
/// offsets the lines sit at.
fn reading_lines<'p>(parse: &'p Parse, alt: &Alternative) -> Vec<&'p str> {
    let src = parse.source();
    parse
        .file()
        .lines
        .iter()
        .zip(&alt.active)
        .filter(|(_, &active)| active)
        .map(|(line, _)| line.span.text(src).trim_end_matches(['\r', '\n']))
        .filter(|text| !text.trim().is_empty())
        .collect()
}

/// The decisions an alternative rests on, by the text of their condition
/// lines (a fix may move lines, not change what they say).
type Signature<'p> = Vec<(&'p str, bool)>;

fn signature<'p>(parse: &'p Parse, alt: &Alternative) -> Signature<'p> {
    let lines = &parse.file().lines;
    alt.assumptions.iter().map(|a| (lines[a.line].span.text(parse.source()).trim(), a.taken)).collect()
}

/// Whether every reading not in `at` reads the same lines once `fix` is
/// applied: the reading taking the same decisions after the fix (or fewer,
/// or more, where readings were merged) reads what it read before.
fn leaves_other_readings_alone(
    parse: &Parse,
    fix: &Fix,
    at: &[(usize, usize)],
    envs: &[Environment],
    alts: &[Vec<Alternative>],
) -> bool {
    let (fixed, taken) = apply_fixes(parse.source(), &[fix]);
    if taken.is_empty() {
        return true;
    }
    let fixed = parse_string(fixed);
    (0..alts.len()).all(|i| {
        let after: Vec<(Signature<'_>, Vec<&str>)> = alternatives(&fixed, &envs[i])
            .iter()
            .map(|a| (signature(&fixed, a), reading_lines(&fixed, a)))
            .collect();
        (0..alts[i].len()).filter(|&a| !at.contains(&(i, a))).all(|a| {
            let (decisions, lines) = (signature(parse, &alts[i][a]), reading_lines(parse, &alts[i][a]));
            let compatible = |other: &[(&str, bool)]| {
                other.iter().all(|d| decisions.contains(d)) || decisions.iter().all(|d| other.contains(d))
            };
            after.iter().any(|(sig, after_lines)| compatible(sig) && *after_lines == lines)
        })
    })
}

/// What the alternatives a finding was seen in all assumed.
fn assumed(parse: &Parse, at: &[(usize, usize)], alts: &[Vec<Alternative>]) -> String {
    let mut common: Option<Vec<Assumption>> = None;
    for &(i, a) in at {
        let mine = &alts[i][a].assumptions;
        common = Some(match common {
            None => mine.clone(),
            Some(c) => c.into_iter().filter(|x| mine.contains(x)).collect(),
        });
    }
    let common = common.unwrap_or_default();
    if common.is_empty() {
        return "in some readings of undecided `.if` blocks".to_owned();
    }
    let described: Vec<String> = common.iter().map(|&x| describe(parse, x)).collect();
    format!("assuming {}", described.join(" and "))
}

/// Drops the fixes that would overwrite a word written with a variable: the
/// value halint expanded is one instance's, the word serves them all.
fn keep_variables(parse: &Parse, diagnostics: &mut [Diagnostic]) {
    let with_env: Vec<crate::span::Span> = parse
        .file()
        .lines
        .iter()
        .filter_map(|l| match &l.kind {
            crate::ast::LineKind::Directive(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| d.words.iter().filter(|w| w.has_env()).map(|w| w.span))
        .collect();
    for d in diagnostics {
        let touches =
            |e: &crate::fix::Edit| with_env.iter().any(|w| e.span.start < w.end && w.start < e.span.end);
        if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(touches)) {
            d.fix = None;
        }
    }
}

/// The effective parse of an alternative: a copy read as it (no parse).
fn effective(parse: &Parse, alt: &Alternative) -> Parse {
    let mut copy = parse.duplicate();
    copy.read_only(&alt.active).keep();
    copy
}

/// The model of an effective text, peer names and addresses read with the
/// instance's variables (see [`Model::expand_env`]).
fn expanded_model(parse: &Parse, env: &Environment) -> OnceLock<Model> {
    let mut model = Model::build(parse);
    model.expand_env(parse, env);
    OnceLock::from(model)
}

impl Linter {
    /// The same linter with only the rules `keep` accepts.
    fn subset(&self, keep: impl Fn(&str) -> bool) -> Linter {
        let mut l = self.with_settings(self.settings.clone());
        l.rules.retain(|r| keep(r.meta().name));
        l
    }

    /// The findings of a file with `.if` blocks, read as each of `names`
    /// reads it (unsorted, suppressions not applied).
    pub(super) fn check_readings(
        &self,
        parse: &mut Parse,
        settings: &Settings,
        names: &[Option<&str>],
    ) -> Vec<Diagnostic> {
        // The text rules are cheap and need no model: one thread, so that
        // none builds one (`run_rules` builds it first on a big file).
        let text_rules = self.subset(|n| TEXT_RULES.contains(&n)).with_threads(1);
        let line_rules = self.subset(|n| !TEXT_RULES.contains(&n));
        let envs: Vec<Environment> = names.iter().map(|n| settings.environment(*n)).collect();
        let alts: Vec<Vec<Alternative>> = envs.iter().map(|env| alternatives(parse, env)).collect();
        // Instances that read the same lines share one run of the rules,
        // unless peer lines take their names or addresses from variables.
        let by_instance = settings.local.is_none() && !parse.file().conditionals.is_empty();
        let uses_env = Model::uses_env_in_peers(parse);
        let per_instance = uses_env || by_instance;
        // Each distinct reading is made once, in place (skipped lines
        // blanked, see `Parse::read_only`), its model built once unless peer
        // lines read the instance's variables and dropped before the next
        // reading: a big file's tree is held once.
        let mut distinct: Vec<&Vec<bool>> = Vec::new();
        for alt in alts.iter().flatten() {
            if !distinct.contains(&&alt.active) {
                distinct.push(&alt.active);
            }
        }
        let mut merged = Merged::default();
        for active in distinct {
            let readers: Vec<(usize, usize)> = alts
                .iter()
                .enumerate()
                .flat_map(|(i, list)| list.iter().enumerate().map(move |(a, alt)| (i, a, alt)))
                .filter(|(_, _, alt)| alt.active == *active)
                .map(|(i, a, _)| (i, a))
                .collect();
            let Some(&(i0, a0)) = readers.first() else { continue };
            let reading = parse.read_only(&alts[i0][a0].active);
            let text: &Parse = &reading;
            let shared_model = OnceLock::new();
            // Runs by instance (its name, its variables), else one for all.
            let mut runs: Vec<(Option<usize>, Vec<Diagnostic>)> = Vec::new();
            for (i, a) in readers {
                let key = per_instance.then_some(i);
                let run = match runs.iter().position(|(k, _)| *k == key) {
                    Some(r) => r,
                    None => {
                        // Without `--local`, the instance's name is its local
                        // name (for a file with blocks: one read per instance).
                        let settings = Settings {
                            instance: names[i].filter(|_| by_instance).map(str::to_owned),
                            ..settings.clone()
                        };
                        let own_model;
                        let model = if uses_env {
                            own_model = expanded_model(text, &envs[i]);
                            &own_model
                        } else {
                            &shared_model
                        };
                        runs.push((key, line_rules.run_rules(text, &settings, model)));
                        runs.len() - 1
                    }
                };
                for d in &runs[run].1 {
                    merged.add(d.clone(), (i, a));
                }
            }
        }
        let mut out = merged.finish(parse, names, &envs, &alts);
        if per_instance {
            keep_variables(parse, &mut out);
        }
        out.extend(text_rules.run_rules(parse, settings, &OnceLock::new()));
        out
    }

    /// [`Linter::check_cluster`] for files of which some have `.if` blocks:
    /// each file read as its instance reads it, then the cross-file rules on
    /// each combination of the files' alternatives (the first
    /// [`MAX_CLUSTER_COMBINATIONS`]).
    pub(super) fn check_cluster_readings(
        &self,
        files: &[(&str, &Parse, Option<String>)],
    ) -> Vec<Vec<Diagnostic>> {
        let mut per_file: Vec<Vec<Diagnostic>> = Vec::new();
        let mut alts: Vec<Vec<Alternative>> = Vec::new();
        let mut envs: Vec<Environment> = Vec::new();
        let mut effective_parses: Vec<Vec<Option<Parse>>> = Vec::new();
        for (_, parse, local) in files {
            let local = local.clone().or(self.settings.local.clone());
            let settings = Settings { local: local.clone(), ..self.settings.clone() };
            let name = local.as_deref();
            per_file.push(if super::reads_plainly(parse) {
                self.run_rules(parse, &settings, &OnceLock::new())
            } else {
                self.check_readings(&mut parse.duplicate(), &settings, &[name])
            });
            let env = self.settings.environment(name);
            let list = alternatives(parse, &env);
            envs.push(env);
            let parses = if parse.file().conditionals.is_empty() {
                vec![None]
            } else {
                list.iter().map(|a| Some(effective(parse, a))).collect()
            };
            effective_parses.push(parses);
            alts.push(list);
        }
        let models: Vec<Vec<Model>> = files
            .iter()
            .zip(&effective_parses)
            .zip(&envs)
            .map(|(((_, parse, _), list), env)| {
                list.iter()
                    .map(|p| {
                        let text = p.as_ref().unwrap_or(parse);
                        let mut model = Model::build(text);
                        model.expand_env(text, env);
                        model
                    })
                    .collect()
            })
            .collect();
        let mut merged: Vec<Merged> = files.iter().map(|_| Merged::default()).collect();
        // Combinations in order: file 0's alternatives vary fastest.
        let mut choice = vec![0usize; files.len()];
        let mut combos: Vec<Vec<usize>> = Vec::new();
        'combos: loop {
            combos.push(choice.clone());
            if combos.len() == MAX_CLUSTER_COMBINATIONS {
                break;
            }
            for (f, c) in choice.iter_mut().enumerate() {
                *c += 1;
                if *c < alts[f].len() {
                    continue 'combos;
                }
                *c = 0;
            }
            break;
        }
        for combo in &combos {
            let cluster_files: Vec<ClusterFile<'_>> = files
                .iter()
                .enumerate()
                .map(|(f, (path, parse, local))| ClusterFile {
                    path,
                    parse: effective_parses[f][combo[f]].as_ref().unwrap_or(parse),
                    model: &models[f][combo[f]],
                    local: local.as_deref(),
                })
                .collect();
            let mut cx =
                ClusterContext { files: &cluster_files, settings: &self.settings, diagnostics: Vec::new() };
            for rule in &self.rules {
                rule.check_cluster(&mut cx);
            }
            for (f, d) in cx.diagnostics {
                // Per file, "instance" 0 and the alternative it read.
                merged[f].add(d, (0, combo[f]));
            }
        }
        let per_file: Vec<Vec<Diagnostic>> = per_file
            .into_iter()
            .zip(merged)
            .zip(files)
            .enumerate()
            .map(|(f, ((mut diags, m), (_, parse, _)))| {
                // Alternatives no combination read (past the limit) do not
                // count against a finding: they are the last ones.
                let read = combos.iter().map(|c| c[f]).max().unwrap_or(0);
                diags.extend(m.finish(parse, &[None], &envs[f..=f], &[alts[f][..=read].to_vec()]));
                diags
            })
            .collect();
        self.finish_cluster(files, per_file)
    }
}
