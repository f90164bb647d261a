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

use halint::ast::SectionKind;
use halint::schema::arguments::{self, Call, Signature, Value, MANY};
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

// ---- section keyword arguments (`invalid-argument`) ----

/// A config with `line` in `section`, and the line number it lands on. The
/// cache and http-errors sections are the ones the examples name.
fn argument_config(line: &str, section: SectionKind) -> (String, u32) {
    let in_section =
        |kind: SectionKind| if section == kind { format!("    {line}\n") } else { String::new() };
    let head = match section {
        SectionKind::Global if line.starts_with("global") => format!("{line}\n"),
        SectionKind::Global => format!("global\n    {line}\n"),
        _ => String::new(),
    };
    let before = format!(
        "{head}cache web\n    total-max-size 4\n{}http-errors web\n    errorfile 503 /dev/null\n\
         resolvers dns\n    nameserver ns1 127.0.0.1:53\n{}\
         defaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\n\n\
         frontend f\n    bind 127.0.0.1:8081\n{}    default_backend b\n\
         backend b\n{}    server s1 127.0.0.1:9002\n\
         listen l\n    bind 127.0.0.1:8080\n{}",
        in_section(SectionKind::Cache),
        in_section(SectionKind::Resolvers),
        in_section(SectionKind::Frontend),
        in_section(SectionKind::Backend),
        in_section(SectionKind::Listen)
    );
    let header = |h: &str| before.lines().position(|l| l == h).unwrap_or(0);
    let at = match section {
        SectionKind::Global => head.lines().count(),
        SectionKind::Cache => 3 + head.lines().count(),
        SectionKind::Resolvers => header("resolvers dns") + 3,
        SectionKind::Frontend => header("frontend f") + 3,
        SectionKind::Backend => header("backend b") + 2,
        _ => before.lines().count(),
    };
    (format!("{before}    server s1 127.0.0.1:9001\n"), at as u32)
}

/// Words a value of `kind` may be, each with whether 2.6 accepts it.
fn samples(kind: Value) -> Vec<(String, bool)> {
    let owned = |list: &[(&str, bool)]| list.iter().map(|(w, ok)| ((*w).to_owned(), *ok)).collect();
    match kind {
        Value::Word | Value::Section(..) => vec![],
        Value::Seconds => owned(&[("10", true), ("25d", true), ("5x", false), ("2147483648", false)]),
        Value::Time | Value::TimeOrExpression => owned(&[
            ("5", true),
            ("250ms", true),
            ("10s", true),
            ("1d", true),
            ("24d", true),
            ("25d", false),
            ("5x", false),
            ("5.5s", false),
            ("99999999999", false),
        ]),
        Value::Int { min, max, .. } => {
            let mut out = vec![(min.to_string(), true), ((min - 1).to_string(), false)];
            out.push(("x".to_owned(), min <= 0 && max >= 0));
            if max < i64::from(i32::MAX) {
                out.extend([(max.to_string(), true), ((max + 1).to_string(), false)]);
            }
            out
        }
        // (Not the top of the range: a deny without its own payload needs a
        // code HAProxy has an error page for, which the schema does not model.)
        Value::Count { max, .. } => {
            vec![
                ("0".to_owned(), true),
                (max.to_string(), true),
                ((max + 1).to_string(), false),
                ("x".to_owned(), false),
            ]
        }
        Value::Status { min, max, .. } => {
            vec![(min.to_string(), true), ((min - 1).to_string(), false), ((max + 1).to_string(), false)]
        }
        Value::Address => owned(&[("127.0.0.1:514", true), ("127.0.0.1:10001-10010", false)]),
        Value::OneOf(choices) => {
            let mut out: Vec<(String, bool)> = choices
                .list
                .iter()
                .map(|c| {
                    let written =
                        if c.call == Call::Required { format!("{}(x)", c.name) } else { c.name.to_owned() };
                    (written, c.exists_in(V26))
                })
                .collect();
            if let Some(bad) = misspell(choices.list[0].name, |w| choices.find(w).is_some()) {
                out.push((bad, false));
            }
            out
        }
    }
}

/// Variations of each signature's example: the example, a word too many,
/// one argument too few, and every sample value of each argument and
/// option; each with whether 2.6 accepts it.
struct ArgumentCase {
    line: String,
    accepted: bool,
    /// The section the line goes in.
    section: SectionKind,
}

/// Whether 2.6 reads `line` with a signature that needs more words than it has
/// (`balance url_param` alone), the example having taken its value from a list.
fn lacks_words(line: &[&str], section: SectionKind) -> bool {
    let sig = arguments::signature(section, line[0], line.get(1).copied(), Some(V26));
    sig.is_some_and(|s| s.sub.is_some() && line.len() < 2 + usize::from(s.min))
}

fn argument_cases() -> Vec<ArgumentCase> {
    let mut out = Vec::new();
    // `use-fcgi-app` needs an FCGI server too: left to the fixtures.
    let judged = |s: &&Signature| s.exists_in(V26) && s.keyword != "use-fcgi-app";
    for sig in arguments::all_signatures().filter(judged) {
        let kinds = [
            SectionKind::Listen,
            SectionKind::Global,
            SectionKind::Resolvers,
            SectionKind::Cache,
            SectionKind::Backend,
        ];
        let Some(section) = kinds.into_iter().find(|k| sig.sections.contains(*k)) else { continue };
        let mut push =
            |section, line: String, accepted: bool| out.push(ArgumentCase { line, accepted, section });
        let words: Vec<&str> = sig.example.split(' ').collect();
        let path = if sig.sub.is_some() { 2 } else { 1 };
        push(section, sig.example.to_owned(), true);
        if sig.max != MANY && sig.options.is_empty() {
            push(section, format!("{} extra", sig.example), false);
        }
        if sig.min > 0 {
            push(section, words[..path + usize::from(sig.min) - 1].join(" "), false);
        }
        // In a frontend and a backend too: HAProxy reads a backend keyword's
        // arguments in a frontend before it says the line is ignored there.
        for other in [SectionKind::Frontend, SectionKind::Backend] {
            if sig.sections.contains(other) && section == SectionKind::Listen {
                push(other, sig.example.to_owned(), true);
                if sig.max != MANY && sig.options.is_empty() {
                    push(other, format!("{} extra", sig.example), false);
                }
            }
        }
        for (i, word) in words.iter().enumerate().skip(path) {
            let option = sig.options.iter().find(|o| o.name == words[i - 1] && i > path);
            let kind = match option {
                Some(o) => o.value,
                None if sig.options.iter().any(|o| o.name == *word) => continue,
                None => *sig.args.get(i - path).unwrap_or(&Value::Word),
            };
            for (value, ok) in samples(kind) {
                if value != *word {
                    let mut line = words.clone();
                    line[i] = &value;
                    let accepted = ok && !lacks_words(&line, section);
                    push(section, line.join(" "), accepted);
                }
            }
        }
    }
    out
}

#[test]
fn halint_and_haproxy_2_6_agree_on_keyword_arguments() {
    let ok = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(ok, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    let cases = argument_cases();
    let linter = Linter::new(Settings { haproxy_version: Some(V26), ..Settings::default() });
    let dir = std::env::temp_dir().join(format!("halint-haproxy-judge-args-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let disagreements = Mutex::new(Vec::new());
    let refused = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for worker in 0..PARALLEL {
            let (cases, linter, next, disagreements, refused, dir) =
                (&cases, &linter, &next, &disagreements, &refused, &dir);
            s.spawn(move || {
                let path = dir.join(format!("case-{worker}.cfg"));
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let ArgumentCase { line, accepted, section } = case;
                    let (text, at) = argument_config(line, *section);
                    std::fs::write(&path, &text).expect("write");
                    let out =
                        Command::new("haproxy").arg("-c").arg("-f").arg(&path).output().expect("run haproxy");
                    let log = String::from_utf8_lossy(&out.stderr).into_owned()
                        + &String::from_utf8_lossy(&out.stdout);
                    // Some refusals are printed as warnings (`total-max-size`), the
                    // exit status says they are fatal.
                    let named = |l: &&str| l.contains(&format!(":{at}]")) && !l.contains("[NOTICE]");
                    let alert = log.lines().find(named);
                    let theirs = !out.status.success() && alert.is_some();
                    let findings = linter.check(&parse(&text));
                    let ours = findings.iter().find(|d| d.rule == "invalid-argument");
                    refused.fetch_add(usize::from(theirs), Ordering::Relaxed);
                    if theirs != ours.is_some() || theirs == *accepted {
                        disagreements.lock().unwrap().push(format!(
                            "`{line}` (expected {})\n  haproxy: {}\n  halint:  {}",
                            if *accepted { "accepted" } else { "refused" },
                            alert.unwrap_or("accepted"),
                            ours.map_or("accepted", |d| d.message.as_str())
                        ));
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let (elapsed, refused) = (start.elapsed(), refused.into_inner());
    let disagreements = disagreements.into_inner().unwrap();
    eprintln!(
        "{} keyword lines in {elapsed:.1?}: HAProxy refused {refused}; {} disagreements",
        cases.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "halint and haproxy disagree:\n{}", disagreements.join("\n"));
    assert!(cases.len() >= 200 && refused >= 80, "too few cases: {} lines, {refused} refused", cases.len());
    assert!(elapsed < Duration::from_secs(120), "the judge took {elapsed:?}");
}
