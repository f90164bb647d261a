//! `halint probe`: asks each running instance of the cluster, through its
//! runtime API, whether it really shares its sessions, and reports what
//! does not match the config and inventory in any output format.
//!
//! The work is the library's (`crate::runtime`); this module gathers the
//! options (command line over halint.toml's `[probe]`), runs one round per
//! `--watch` period, and prints findings, or only their changes.

use super::args::Format;
use super::output::{emit, note, Trouble};
use super::probe_args::ProbeArgs;
use super::report::{plural, severity_counts};
use super::{input, text_options, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::config_file::ProbeTable;
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{limit::limit_findings, FileReport};
use crate::runtime::checks::{check_instance, Context, Snapshot};
use crate::runtime::client::{Client, Endpoint};
use crate::runtime::expected::{stats_sockets, Expected};
use crate::runtime::replication::{check_replication, Member};
use crate::settings::{Instance, Settings};
use crate::views::address::{Address, AddressKind};
use std::collections::BTreeSet;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// Seconds per runtime API command unless told otherwise: a local socket
/// answers in milliseconds, a remote one over a slow link well within this.
const DEFAULT_TIMEOUT_SECS: f64 = 3.0;

/// The path shown for findings when no config is given.
const NO_CONFIG: &str = "(runtime)";

/// One instance to probe.
struct Target {
    name: String,
    /// Index into the configs (none given: the inventory alone).
    file: Option<usize>,
    expected: Expected,
    client: Client,
}

/// Everything a round needs, resolved once.
struct Plan {
    files: Vec<(String, crate::Parse)>,
    targets: Vec<Target>,
    through: Vec<(usize, SocketAddr)>,
    path: String,
    timeout: Duration,
    context: Vec<Context>,
}

/// What one round found: findings per report (one per config, or one
/// without config), and the instances that could not be asked.
struct Round {
    findings: Vec<Vec<Diagnostic>>,
    troubles: Vec<String>,
}

/// Runs `halint probe`.
pub(super) fn probe(args: &ProbeArgs) -> Result<u8, Trouble> {
    let plan = plan(args)?;
    let Some(period) = args.watch else {
        let round = run_round(&plan);
        round.troubles.iter().for_each(|t| note(&format!("halint: error: {t}\n")));
        print_round(args, &plan, &round, &round.findings, &[])?;
        return Ok(status(args, &round));
    };
    if !(period.is_finite() && period > 0.0) {
        return Err(Trouble::Message(format!("--watch {period}: give a number of seconds above 0")));
    }
    let mut shown: BTreeSet<(usize, String, String)> = BTreeSet::new();
    let mut troubles: Vec<String> = Vec::new();
    let started = std::time::Instant::now();
    let mut n = 0u64;
    loop {
        let round = run_round(&plan);
        let now: BTreeSet<(usize, String, String)> = keys(&round.findings).collect();
        // Only what changed: new findings in full, resolved ones by a line.
        let new: Vec<Vec<Diagnostic>> = round
            .findings
            .iter()
            .enumerate()
            .map(|(i, ds)| ds.iter().filter(|d| !shown.contains(&key(i, d))).cloned().collect())
            .collect();
        let resolved: Vec<String> = shown
            .difference(&now)
            .map(|(i, rule, message)| format!("resolved: {}: {message} [{rule}]", plan_path(&plan, *i)))
            .collect();
        // Instances that cannot be asked are said once, and once again when they answer.
        for t in round.troubles.iter().filter(|t| !troubles.contains(t)) {
            note(&format!("halint: error: {t}\n"));
        }
        for t in troubles.iter().filter(|t| !round.troubles.contains(t)) {
            note(&format!("halint: resolved: {t}\n"));
        }
        troubles.clone_from(&round.troubles);
        if n == 0 || new.iter().any(|d| !d.is_empty()) || !resolved.is_empty() {
            if n > 0 && args.format == Format::Human {
                let fresh: usize = new.iter().map(Vec::len).sum();
                let after = started.elapsed().as_secs();
                emit(&format!("--- after {after}s: {fresh} new, {} resolved ---\n", resolved.len()))?;
            }
            print_round(args, &plan, &round, &new, &resolved)?;
        }
        shown = now;
        n += 1;
        if args.rounds.is_some_and(|r| n >= r) {
            return Ok(status(args, &round));
        }
        std::thread::sleep(Duration::from_secs_f64(period));
    }
}

fn key(i: usize, d: &Diagnostic) -> (usize, String, String) {
    (i, d.rule.to_owned(), d.message.clone())
}

fn keys(findings: &[Vec<Diagnostic>]) -> impl Iterator<Item = (usize, String, String)> + '_ {
    findings.iter().enumerate().flat_map(|(i, ds)| ds.iter().map(move |d| key(i, d)))
}

/// The exit status of a round.
fn status(args: &ProbeArgs, round: &Round) -> u8 {
    let failing =
        round.findings.iter().flatten().any(|d| {
            d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
        });
    if !round.troubles.is_empty() {
        EXIT_TROUBLE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn plan_path(plan: &Plan, i: usize) -> &str {
    plan.files.get(i).map_or(NO_CONFIG, |(p, _)| p.as_str())
}

/// Probes every instance at once (each bounded by the timeout), then the
/// replication tests one by one.
fn run_round(plan: &Plan) -> Round {
    let reports = plan.files.len().max(1);
    let mut round = Round { findings: vec![Vec::new(); reports], troubles: Vec::new() };
    let snapshots: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = plan
            .targets
            .iter()
            .map(|t| scope.spawn(move || Snapshot::read(&t.client, Some(&t.expected), plan.timeout)))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    let mut reached = vec![false; plan.targets.len()];
    for (i, (t, snapshot)) in plan.targets.iter().zip(snapshots).enumerate() {
        match snapshot {
            Ok(s) => {
                reached[i] = true;
                let context = t.file.map(|f| plan.context[f].clone()).unwrap_or_default();
                round.findings[t.file.unwrap_or(0)].extend(check_instance(
                    &t.expected,
                    &t.name,
                    &s,
                    &context,
                ));
            }
            Err(e) => round.troubles.push(format!("instance '{}' ({}): {e}", t.name, t.client.endpoint)),
        }
    }
    for &(from, frontend) in &plan.through {
        if !reached.iter().all(|r| *r) {
            break;
        }
        let t = &plan.targets[from];
        let others: Vec<Member<'_>> = plan.targets.iter().filter(|o| o.name != t.name).map(member).collect();
        match check_replication(&member(t), frontend, &plan.path, &others, &t.expected.tables, plan.timeout) {
            Ok(found) => round.findings[t.file.unwrap_or(0)].extend(found),
            Err(e) => round.troubles.push(format!("replication through '{}': {e}", t.name)),
        }
    }
    for f in &mut round.findings {
        f.sort_by(|a, b| (a.span.start, &a.message).cmp(&(b.span.start, &b.message)));
    }
    round
}

fn member(t: &Target) -> Member<'_> {
    Member { name: t.name.as_str(), client: &t.client }
}

/// Prints findings in the format asked for, and the resolved ones (watch).
fn print_round(
    args: &ProbeArgs,
    plan: &Plan,
    round: &Round,
    findings: &[Vec<Diagnostic>],
    resolved: &[String],
) -> Result<(), Trouble> {
    let limited: Vec<Vec<Diagnostic>> = findings
        .iter()
        .enumerate()
        .map(|(i, ds)| limit_findings(plan.files.get(i).map_or("", |(_, p)| p.source()), ds).into_owned())
        .collect();
    let reports: Vec<FileReport<'_>> = limited
        .iter()
        .enumerate()
        .map(|(i, ds)| FileReport {
            path: plan_path(plan, i),
            source: plan.files.get(i).map_or("", |(_, p)| p.source()),
            diagnostics: ds,
            raw_bytes: false,
        })
        .collect();
    let text = match args.format {
        Format::Human => {
            let opts = text_options(true, args.color);
            let mut out: String = reports.iter().map(|r| crate::render::text::render_file(r, opts)).collect();
            for r in resolved {
                out.push_str(r);
                out.push('\n');
            }
            if !args.quiet {
                // The whole round's counts, also when --watch shows only what is new.
                let mut summary = crate::render::json::Summary::default();
                round.findings.iter().for_each(|f| summary.add(f));
                let total = summary.errors + summary.warnings + summary.infos;
                let n = plan.targets.len();
                let probed = match round.troubles.len() {
                    0 => format!("probed {n} instance{}", plural(n)),
                    k => format!("probed {n} instance{}, {k} could not be asked (see above)", plural(n)),
                };
                out.push_str(&if total == 0 && round.troubles.is_empty() {
                    format!("{probed}: no findings\n")
                } else if total == 0 {
                    format!("{probed}: no findings from the others\n")
                } else {
                    format!("{probed}: {}\n", severity_counts(&summary))
                });
            }
            out
        }
        Format::Json => {
            let doc = crate::render::json::to_json(&reports);
            let mut value = serde_json::to_value(&doc).map_err(|e| e.to_string())?;
            if args.watch.is_some() {
                value["resolved"] = serde_json::json!(resolved);
            }
            format!("{}\n", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?)
        }
        Format::Sarif => {
            let mut out = Vec::new();
            crate::render::sarif::write_sarif(&reports, &mut out).map_err(|e| e.to_string())?;
            String::from_utf8_lossy(&out).into_owned()
        }
        Format::Gitlab => {
            let doc = crate::render::gitlab::to_gitlab(&reports);
            format!("{}\n", serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?)
        }
        Format::Junit => crate::render::junit::to_junit(&reports),
        Format::Github => crate::render::github::to_github(&reports),
    };
    if args.quiet && reports.iter().all(|r| r.diagnostics.is_empty()) && resolved.is_empty() {
        return Ok(());
    }
    emit(&text)
}

/// Reads the settings, configs and endpoints; any problem is exit 2.
fn plan(args: &ProbeArgs) -> Result<Plan, Trouble> {
    let (settings, table) = settings(args)?;
    let timeout_secs = args.timeout.or(table.timeout).unwrap_or(DEFAULT_TIMEOUT_SECS);
    if !(timeout_secs.is_finite() && timeout_secs > 0.0 && timeout_secs <= 3600.0) {
        return Err(Trouble::Message(format!("--timeout {timeout_secs}: give seconds between 0 and 3600")));
    }
    let timeout = Duration::from_secs_f64(timeout_secs);
    let mut files = Vec::new();
    for path in &args.files {
        let decoded = input::read_input(path).map_err(|e| e.to_string())?;
        files.push((path.clone(), crate::parse_string(decoded.text)));
    }
    let file_of = file_of_instance(args)?;
    let names: Vec<String> = if !settings.instances.is_empty() {
        settings.instances.iter().map(|i| i.name.clone()).collect()
    } else if let Some((_, parse)) = files.first() {
        Expected::from_config(parse, &settings)
            .map(|e| e.peers.into_iter().map(|p| p.name).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if names.is_empty() {
        return Err(Trouble::Message(
            "no instance to probe: give --instance NAME=ADDR:PORT (or halint.toml's [cluster]) or a config with a peers section"
                .into(),
        ));
    }
    let sockets = named_values(&args.sockets, "--socket", &table.socket)?;
    let mut targets = Vec::new();
    for name in &names {
        let file = match file_of.iter().find(|(_, n)| n == name) {
            Some((f, _)) => Some(
                args.files
                    .iter()
                    .position(|p| p == f)
                    .ok_or_else(|| format!("--local {f}={name}: '{f}' is not one of the configs given"))?,
            ),
            None if files.is_empty() => None,
            None => Some(0),
        };
        let expected = match file {
            Some(f) => Expected::from_config(&files[f].1, &settings)
                .ok_or_else(|| format!("'{}' has no peers section to compare with", files[f].0))?,
            None => Expected::from_inventory(&settings).ok_or_else(|| {
                "without a config, halint.toml must name the cluster's peers section ([cluster] peers = ...)"
                    .to_owned()
            })?,
        };
        let shared = file.is_some_and(|f| names.len() > 1 && file_of.iter().all(|(p, _)| *p != files[f].0));
        let endpoint = match sockets.iter().find(|(n, _)| n == name) {
            Some((_, s)) => Endpoint::parse(s),
            None => file
                .and_then(|f| socket_from_config(&files[f].1, settings.instances.iter().find(|i| &i.name == name), shared))
                .ok_or_else(|| {
                    format!("no runtime API for instance '{name}': give --socket {name}=PATH (or ADDR:PORT), or [probe.socket] in halint.toml")
                })?,
        };
        targets.push(Target { name: name.clone(), file, expected, client: Client::new(endpoint, timeout) });
    }
    for (name, _) in &sockets {
        if !names.contains(name) {
            return Err(Trouble::Message(format!(
                "--socket {name}=...: '{name}' is not an instance of the inventory"
            )));
        }
    }
    let mut through = Vec::new();
    for (name, addr) in named_values(&args.through, "--through", &table.through)? {
        let i = targets
            .iter()
            .position(|t| t.name == name)
            .ok_or_else(|| format!("--through {name}=...: '{name}' is not an instance of the inventory"))?;
        let resolved = addr
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| format!("--through {name}={addr}: not an ADDR:PORT"))?;
        through.push((i, resolved));
    }
    let path = args.path.clone().or_else(|| table.path.clone()).unwrap_or_else(|| "/".into());
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Trouble::Message(format!("--path {path:?}: give an absolute path without blanks")));
    }
    let context = files
        .iter()
        .map(|(p, _)| Context {
            target_version: settings.haproxy_version,
            config_modified: std::fs::metadata(p).and_then(|m| m.modified()).ok().map(|t| (p.clone(), t)),
        })
        .collect();
    Ok(Plan { files, targets, through, path, timeout, context })
}

/// `--local FILE=NAME` pairs.
fn file_of_instance(args: &ProbeArgs) -> Result<Vec<(String, String)>, String> {
    args.locals
        .iter()
        .map(|l| {
            l.split_once('=')
                .map(|(f, n)| (f.to_owned(), n.to_owned()))
                .ok_or_else(|| format!("--local {l}: write --local FILE=NAME"))
        })
        .collect()
}

/// `NAME=VALUE` options over halint.toml's map of the same.
fn named_values(
    given: &[String],
    option: &str,
    from_file: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = from_file.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for g in given {
        let (name, value) =
            g.split_once('=').ok_or_else(|| format!("{option} {g}: write {option} NAME=VALUE"))?;
        out.retain(|(n, _)| n != name);
        out.push((name.to_owned(), value.to_owned()));
    }
    Ok(out)
}

/// The instance's runtime API from its config's `stats socket`: a TCP
/// socket on a wildcard address is reached at the instance's own IP; a
/// path or a fixed address only when the file is that instance's alone
/// (a file shared by several instances names the same socket for all).
fn socket_from_config(parse: &crate::Parse, instance: Option<&Instance>, shared: bool) -> Option<Endpoint> {
    let instance_ip = instance.and_then(|i| Address::parse(i.address.as_deref()?).ip);
    stats_sockets(parse).into_iter().find_map(|text| {
        if text.contains("${") {
            return None;
        }
        let a = Address::parse(&text);
        match a.kind {
            AddressKind::Wildcard => {
                let ip =
                    instance_ip.or(if shared { None } else { Some(std::net::Ipv4Addr::LOCALHOST.into()) })?;
                Some(Endpoint::Tcp(SocketAddr::new(ip, a.port_number()?).to_string()))
            }
            AddressKind::Ipv4 | AddressKind::Ipv6 => {
                let fits = !shared || instance_ip.is_some_and(|ip| Some(ip) == a.ip);
                let at = SocketAddr::new(a.ip?, a.port_number()?);
                fits.then(|| Endpoint::Tcp(at.to_string()))
            }
            // Every instance of a shared file would get this one path.
            _ if shared => None,
            // A path; not `abns@` (abstract, no path) nor `fd@`/`sockpair@`.
            _ if !text.contains('@') || text.starts_with("unix@") => Some(Endpoint::parse(&text)),
            _ => None,
        }
    })
}

/// halint.toml, then the command line on top; and its `[probe]` table.
fn settings(args: &ProbeArgs) -> Result<(Settings, ProbeTable), String> {
    let mut settings = Settings::default();
    let mut table = ProbeTable::default();
    let config = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated => None,
        None => std::env::current_dir().ok().and_then(|d| crate::config_file::discover(&d)),
    };
    if let Some(path) = config {
        crate::config_file::load(&path, &mut settings)?;
        table = crate::config_file::load_probe(&path)?;
    }
    if !args.instances.is_empty() {
        settings.instances = crate::settings::parse_instance_args(&args.instances)?;
    }
    if let Some(v) = &args.haproxy_version {
        settings.haproxy_version = Some(v.parse()?);
    }
    Ok((settings, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn socket(config: &str, instance: &str, shared: bool) -> Option<Endpoint> {
        let instance = Instance::parse_arg(instance).unwrap();
        socket_from_config(&crate::parse(config), Some(&instance), shared)
    }

    #[test]
    fn stats_sockets_of_the_config() {
        let wildcard = "global\n    stats socket ipv4@*:9999 level admin\n";
        assert_eq!(socket(wildcard, "h1=10.0.0.1:1024", true), Some(Endpoint::Tcp("10.0.0.1:9999".into())));
        assert_eq!(socket(wildcard, "h1", true), None, "a shared file and no inventory IP");
        let path = "global\n    stats socket /run/haproxy/admin.sock mode 660 level admin\n";
        assert_eq!(socket(path, "h1", true), None, "the same path for every instance of a shared file");
        assert_eq!(socket(path, "h1", false), Some(Endpoint::Unix("/run/haproxy/admin.sock".into())));
        let fixed = "global\n    stats socket 10.0.0.2:9999\n";
        assert_eq!(socket(fixed, "h2=10.0.0.2:1024", true), Some(Endpoint::Tcp("10.0.0.2:9999".into())));
        assert_eq!(socket(fixed, "h1=10.0.0.1:1024", true), None, "another instance's address");
        let env = "global\n    stats socket \"${SOCK}\"\n    stats socket /run/b.sock\n";
        assert_eq!(socket(env, "h1", false), Some(Endpoint::Unix("/run/b.sock".into())), "variables skipped");
    }

    #[test]
    fn command_line_values_replace_the_files() {
        let file = [("h1".to_owned(), "a.sock".to_owned()), ("h2".to_owned(), "b.sock".to_owned())].into();
        let got = named_values(&["h2=c.sock".into()], "--socket", &file).unwrap();
        assert_eq!(got, [("h1".to_owned(), "a.sock".to_owned()), ("h2".to_owned(), "c.sock".to_owned())]);
        assert!(named_values(&["h2".into()], "--socket", &file).is_err());
    }
}
