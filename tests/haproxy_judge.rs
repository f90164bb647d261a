//! Real HAProxy judges the schema rules: one-line variations generated from
//! the schema (every action, fetch, converter and ACL matching method HAProxy
//! 2.6 has, spelled right and misspelled, calls with one argument too many or
//! too few, and ACL flags; every bind option, server option and filter kind,
//! spelled right and misspelled, and each option that takes an argument
//! without it at the end of the line)
//! are checked by halint (`--haproxy-version 2.6`) and by `haproxy -c`
//! (Debian's 2.6); on each line both must reach the same verdict about the
//! name and the argument count. Other complaints (a missing argument of an
//! action, a file that does not exist, a bad option value) are outside the
//! question, except on the lines that leave an argument out: there any
//! refusal of the file is the verdict on it.

mod common;

use halint::schema::{self, ArgKind, Version, Versioned};
use halint::{parse, Linter, Settings, Severity};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const V26: Version = Version::new(2, 6);
/// Build components Debian's 2.6 has (it lacks 51Degrees, DeviceAtlas, WURFL).
const BUILT: [&str; 3] = ["", "ssl", "ot"];
/// How many `haproxy -c` run at once (the machine is shared).
const PARALLEL: usize = 2;
/// The rules whose verdicts are judged.
const JUDGED_RULES: [&str; 6] = [
    "unknown-action",
    "invalid-sample-expression",
    "unknown-bind-option",
    "unknown-server-option",
    "invalid-filter",
    "missing-option-argument",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// The name is refused (unknown action, fetch or converter).
    Name,
    /// The number of arguments is refused.
    Args,
    /// Neither.
    Fine,
}

struct Case {
    line: String,
    /// The word HAProxy names when it refuses the name.
    word: String,
}

fn config(line: &str) -> String {
    format!(
        "defaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\n\n\
         listen l\n    bind 127.0.0.1:8080\n    stick-table type ip size 1k\n    {line}\n    server s1 127.0.0.1:9001\n"
    )
}

/// Whether a case leaves an argument out: HAProxy refusing the file at all
/// is then its verdict on the argument.
fn leaves_an_argument_out(kind: &str) -> bool {
    kind.starts_with("missing argument")
}

fn haproxy_verdict(case: &Case, kind: &str, path: &std::path::Path) -> (Verdict, String) {
    std::fs::write(path, config(&case.line)).expect("write");
    let out = Command::new("haproxy").arg("-c").arg("-f").arg(path).output().expect("run haproxy");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let alerts: Vec<&str> = log.lines().filter(|l| l.contains("[ALERT]")).collect();
    let first = alerts.first().copied().unwrap_or_default().to_owned();
    let w = &case.word;
    let name = alerts.iter().any(|a| {
        a.contains(&format!("unknown fetch method '{w}'"))
            || a.contains(&format!("unknown converter '{w}'"))
            || a.contains(&format!("unknown matching method '{w}'"))
            || a.contains(&format!("'{w}' is not a valid ACL option"))
            || a.contains(&format!("unknown keyword '{w}'"))
            || (a.contains("' expects ")
                && (a.contains(&format!("but got '{w}'")) || a.contains(&format!("(got '{w}')"))))
    });
    let args = alerts.iter().any(|a| {
        a.contains("expected ')' before")
            || a.contains("missing arguments")
            || a.contains("but got nothing")
            || a.contains("missing config file")
    }) || (leaves_an_argument_out(kind) && !out.status.success());
    let verdict = if name {
        Verdict::Name
    } else if args {
        Verdict::Args
    } else {
        Verdict::Fine
    };
    (verdict, first)
}

fn halint_verdict(linter: &Linter, case: &Case) -> (Verdict, String) {
    let parsed = parse(&config(&case.line));
    let findings: Vec<_> = linter
        .check(&parsed)
        .into_iter()
        .filter(|d| JUDGED_RULES.contains(&d.rule))
        // A warning is no refusal (`weight` alone: HAProxy reads weight 0).
        .filter(|d| {
            d.severity == Severity::Error || matches!(d.rule, "unknown-action" | "invalid-sample-expression")
        })
        .collect();
    let Some(d) = findings.first() else { return (Verdict::Fine, String::new()) };
    let name = d.message.contains("unknown fetch")
        || d.message.contains("unknown converter")
        || d.message.contains("unknown matching method")
        || d.message.contains("is not a valid ACL option")
        || d.message.contains("expects an action")
        || d.message.contains("is not in HAProxy")
        || d.message.contains("is not an action")
        || d.message.contains("unknown keyword")
        || d.message.contains("option in HAProxy")
        || d.message.contains("is not a filter");
    (if name { Verdict::Name } else { Verdict::Args }, d.message.clone())
}

/// A spelling of `name` that no version knows, by `known`.
fn misspell(name: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    for i in [1, chars.len().saturating_sub(1), 0] {
        for c in ['q', 'z', 'x'] {
            let mut v = chars.clone();
            if v.get(i).is_none_or(|&o| o == c) {
                continue;
            }
            v[i] = c;
            let bad: String = v.into_iter().collect();
            if !known(&bad) {
                return Some(bad);
            }
        }
    }
    None
}

/// How an action is written with its name (prefix actions take a suffix).
fn spelled(name: &str, prefix: bool) -> String {
    match (name, prefix) {
        ("track-sc", _) => "track-sc0".to_owned(),
        (n, true) if n.starts_with("sc-") => format!("{n}(0)"),
        (n, true) if n.contains("acl") || n.contains("map") => format!("{n}(/tmp/halint-judge.map)"),
        ("do-resolve", _) => "do-resolve(txn.x,r)".to_owned(),
        (n, true) => format!("{n}(txn.x)"),
        (n, false) => n.to_owned(),
    }
}

/// One argument more than `sig` takes, each of a value its kind accepts.
fn too_many(sig: &schema::Signature) -> String {
    let value = |k: Option<&ArgKind>| match k {
        Some(ArgKind::Ipv4) => "127.0.0.1",
        Some(ArgKind::Ipv6) => "::1",
        Some(ArgKind::Msk4) => "24",
        Some(ArgKind::Msk6) => "64",
        _ => "1",
    };
    (0..=usize::from(sig.max_args)).map(|i| value(sig.args.get(i))).collect::<Vec<_>>().join(",")
}

fn cases() -> Vec<(Case, &'static str)> {
    let mut out = Vec::new();
    let built = |f: &str| BUILT.contains(&f);
    for rules in schema::RULE_SETS {
        for a in schema::actions(rules).iter().filter(|a| a.exists_in(V26) && built(a.feature)) {
            let good = spelled(a.name, a.prefix);
            out.push((Case { line: format!("{rules} {good}"), word: good.clone() }, "action"));
            if let Some(bad) = misspell(&good, |w| schema::action(rules, w).is_some()) {
                out.push((Case { line: format!("{rules} {bad}"), word: bad }, "misspelled action"));
            }
        }
    }
    let fetch_known = |w: &str| schema::fetch(w).is_some() || schema::acl_keyword(w).is_some();
    for (i, f) in schema::all_fetches().iter().filter(|f| f.exists_in(V26) && built(f.feature)).enumerate() {
        // Every fetch spelled right and wrong; every third with one argument too many.
        out.push((Case { line: format!("acl a {} -m found", f.name), word: f.name.to_owned() }, "fetch"));
        if let Some(bad) = misspell(f.name, fetch_known) {
            out.push((Case { line: format!("acl a {bad} -m found"), word: bad }, "misspelled fetch"));
        }
        let sig = f.signature_in(V26).expect("signature");
        if i % 3 == 0 && sig.max_args < 5 {
            let args = too_many(sig);
            let line = format!("http-request set-var(txn.x) {}({args})", f.name);
            out.push((Case { line, word: f.name.to_owned() }, "fetch with an argument too many"));
        }
    }
    for (i, c) in schema::all_converters().iter().filter(|c| c.exists_in(V26) && built(c.feature)).enumerate()
    {
        let line = format!("http-request set-var(txn.x) str(a),{}", c.name);
        out.push((Case { line, word: c.name.to_owned() }, "converter without arguments"));
        if let Some(bad) = misspell(c.name, |w| schema::converter(w).is_some()) {
            let line = format!("http-request set-var(txn.x) str(a),{bad}");
            out.push((Case { line, word: bad }, "misspelled converter"));
        }
        let sig = c.signature_in(V26).expect("signature");
        if i % 2 == 0 && sig.max_args < 5 {
            let args = too_many(sig);
            let line = format!("http-request set-var(txn.x) str(a),{}({args})", c.name);
            out.push((Case { line, word: c.name.to_owned() }, "converter with an argument too many"));
        }
    }
    for m in schema::all_match_methods().iter().filter(|m| m.exists_in(V26)) {
        out.push((
            Case { line: format!("acl a path -m {} x", m.name), word: m.name.to_owned() },
            "match method",
        ));
        if let Some(bad) = misspell(m.name, |w| schema::match_method(w).is_some()) {
            out.push((Case { line: format!("acl a path -m {bad} x"), word: bad }, "misspelled match method"));
        }
    }
    for flag in ["-i", "-n", "-M", "--", "-x", "-I", "-mbeg"] {
        let line = format!("acl a path {flag} -m beg /x");
        out.push((Case { line, word: flag.to_owned() }, "ACL flag"));
    }
    out.extend(option_cases());
    out
}

/// Bind and server options, spelled right (with placeholder arguments: a
/// refused value is outside the question) and wrong, and without the
/// argument they take; filter kinds spelled right and wrong.
fn option_cases() -> Vec<(Case, &'static str)> {
    let mut out = Vec::new();
    let built = |f: &str| BUILT.contains(&f);
    let tables = [
        (
            schema::all_bind_options(),
            "bind 127.0.0.1:8081",
            schema::bind_option as fn(&str) -> _,
            "bind option",
        ),
        (schema::all_server_options(), "server s2 127.0.0.1:9002", schema::server_option, "server option"),
    ];
    for (options, head, lookup, what) in tables {
        for o in options.iter().filter(|o| o.exists_in(V26) && built(o.feature)) {
            let args = if o.args < 0 { " 127.0.0.2".to_owned() } else { " 1".repeat(o.args as usize) };
            let word = o.name.to_owned();
            out.push((Case { line: format!("{head} {word}{args}"), word: word.clone() }, what));
            if let Some(bad) = misspell(o.name, |w| lookup(w).is_some()) {
                let kind =
                    if what == "bind option" { "misspelled bind option" } else { "misspelled server option" };
                out.push((Case { line: format!("{head} {bad}"), word: bad }, kind));
            }
            if o.args > 0 {
                let kind = if what == "bind option" {
                    "missing argument of a bind option"
                } else {
                    "missing argument of a server option"
                };
                out.push((Case { line: format!("{head} {word}"), word }, kind));
            }
        }
    }
    for f in schema::all_filters().iter().filter(|f| f.exists_in(V26) && built(f.feature)) {
        out.push((Case { line: format!("filter {}", f.name), word: f.name.to_owned() }, "filter"));
        if let Some(bad) = misspell(f.name, |w| schema::filter(w).is_some()) {
            out.push((Case { line: format!("filter {bad}"), word: bad }, "misspelled filter"));
        }
    }
    out
}

#[test]
fn halint_and_haproxy_2_6_agree_on_names_and_argument_counts() {
    let ok = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(ok, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    let cases = cases();
    let settings = Settings { haproxy_version: Some(V26), ..Settings::default() };
    let linter = Linter::new(settings);
    let dir = std::env::temp_dir().join(format!("halint-haproxy-judge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let disagreements = Mutex::new(Vec::new());
    let counts = Mutex::new([0usize; 3]);
    std::thread::scope(|s| {
        for worker in 0..PARALLEL {
            let (cases, linter, next, disagreements, counts, dir) =
                (&cases, &linter, &next, &disagreements, &counts, &dir);
            s.spawn(move || {
                let path = dir.join(format!("case-{worker}.cfg"));
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((case, kind)) = cases.get(i) else { break };
                    let (theirs, their_message) = haproxy_verdict(case, kind, &path);
                    let (ours, our_message) = halint_verdict(linter, case);
                    counts.lock().unwrap()[theirs as usize] += 1;
                    if theirs != ours {
                        disagreements.lock().unwrap().push(format!(
                            "{kind}: `{}`\n  haproxy: {theirs:?} {their_message}\n  halint:  {ours:?} {our_message}",
                            case.line
                        ));
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let elapsed = start.elapsed();
    let disagreements = disagreements.into_inner().unwrap();
    let [name, args, fine] = counts.into_inner().unwrap();
    eprintln!(
        "{} lines in {elapsed:.1?}: HAProxy refused {name} for the name, {args} for the argument count, {fine} neither; {} disagreements",
        cases.len(),
        disagreements.len()
    );
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let options = cases.iter().filter(|(_, kind)| kind.contains("option") || kind.contains("filter")).count();
    assert!(options >= 300, "only {options} bind option, server option and filter cases");
    assert!(name >= 100 && args >= 20, "too few refusals to judge: {name} names, {args} argument counts");
    assert!(disagreements.is_empty(), "halint and haproxy disagree:\n{}", disagreements.join("\n"));
    assert!(elapsed < Duration::from_secs(180), "the judge took {elapsed:?}");
}
