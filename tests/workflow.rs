//! halint in the workflows around it: whole repositories (folder walks),
//! CI report formats judged by their consumers, and the output options.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn halint(args: &[&str], dir: &Path) -> Output {
    common::run::halint_in(args, Some(dir), None, common::run::DEFAULT_LIMIT)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("write");
}

const BROKEN: &str =
    "backend app\n    balance roundrobin\n    use_backend nowhere\n    server s1 127.0.0.1:80\n";
const CLEAN: &str = "global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\n";

/// A repository as people have them: nested folders, a .gitignore'd build
/// folder, hidden folders, YAML with and without HAProxy, INI `.cfg` files.
fn repository(test: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("halint-workflow-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(&root, ".gitignore", "build/\n*.generated.cfg\n");
    write(&root, "haproxy.cfg", CLEAN);
    write(&root, "deploy/prod/lb/edge.cfg", &format!("# the edge\n\n{BROKEN}"));
    write(&root, "deploy/staging/haproxy-staging.cfg", "# named haproxy*: always taken\nmaxconn 10\n");
    write(
        &root,
        "deploy/prod/k8s/haproxy.yaml",
        &std::fs::read_to_string(corpus_k8s("guide-clean.yaml")).expect("fixture"),
    );
    write(&root, "deploy/prod/k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
    write(
        &root,
        "deploy/prod/k8s/mentions.yaml",
        "# haproxy sits in front\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    );
    write(&root, "setup.cfg", "[metadata]\nname = tool\n");
    write(&root, "tools/tox.cfg", "# tox\n[tox]\nenvlist = py3\n");
    write(&root, "build/haproxy.cfg", BROKEN);
    write(&root, "conf/out.generated.cfg", BROKEN);
    write(&root, ".git-hooks/haproxy.cfg", BROKEN);
    write(&root, "vendor/lib/haproxy.cfg", BROKEN);
    write(&root, "notes/haproxy.txt", BROKEN);
    root
}

fn corpus_k8s(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/k8s").join(name)
}

fn files_of(doc: &serde_json::Value) -> Vec<String> {
    let mut files: Vec<String> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["file"].as_str().map(str::to_owned))
        .collect();
    files.dedup();
    files
}

#[test]
fn a_repository_walk_checks_exactly_the_haproxy_configs() {
    let root = repository("walk");
    // JUnit names every file checked, clean or not.
    let out = halint(&["check", "--isolated", "--format", "junit"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let suites: Vec<&str> = report
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testsuite name=\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(
        suites,
        [
            "deploy/prod/k8s/haproxy.yaml",
            "deploy/prod/lb/edge.cfg",
            "deploy/staging/haproxy-staging.cfg",
            "haproxy.cfg",
            "vendor/lib/haproxy.cfg",
        ],
        "{report}"
    );
    // Findings carry paths relative to the working folder, from any argument form.
    let json = halint(&["check", "--isolated", "--format", "json", "--exclude", "vendor"], &root);
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["deploy/prod/lb/edge.cfg", "deploy/staging/haproxy-staging.cfg"]);
    assert_eq!(doc["summary"]["files"], 4);
    let absolute = root.to_str().expect("path");
    let json = halint(&["check", "--isolated", "--format", "json", "--exclude", "vendor", absolute], &root);
    let same: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(files_of(&same), files_of(&doc), "an absolute folder inside the working folder");
    let sub = halint(&["check", "--isolated", "--format", "json", "prod"], &root.join("deploy"));
    let doc: serde_json::Value = serde_json::from_slice(&sub.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["prod/lb/edge.cfg"]);
    // Clean folders exit 0; a folder given explicitly is no error.
    let clean = halint(&["check", "--isolated", "deploy/prod/k8s", "haproxy.cfg"], &root);
    assert_eq!(clean.status.code(), Some(0), "{}{}", text(&clean.stdout), text(&clean.stderr));
    assert!(text(&clean.stdout).contains("2 files checked: no findings"), "{}", text(&clean.stdout));
    // --include takes files whatever their content; halint.toml's [files] too.
    let inc = halint(&["check", "--isolated", "--format", "json", "--include", "*.txt", "notes"], &root);
    let doc: serde_json::Value = serde_json::from_slice(&inc.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["notes/haproxy.txt"]);
    write(&root, "halint.toml", "[files]\nexclude = [\"deploy/staging\", \"vendor/**\"]\n");
    let toml = halint(&["check", "--format", "json"], &root);
    let doc: serde_json::Value = serde_json::from_slice(&toml.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["deploy/prod/lb/edge.cfg"], "{}", text(&toml.stderr));
    // A folder with no config: said, exit 0.
    let none = halint(&["check", "--isolated", "tools"], &root);
    assert_eq!(none.status.code(), Some(0));
    assert!(text(&none.stderr).contains("no HAProxy config found in tools"));
}

#[test]
fn fix_over_a_folder_fixes_every_config() {
    let root = repository("fix");
    write(&root, "a/haproxy.cfg", "global\n    maxconn 1");
    write(&root, "b/c/lb.cfg", "defaults\n    mode http");
    let out = halint(&["check", "--isolated", "--fix", "a", "b"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("fixed 2 findings"), "{}", text(&out.stdout));
    assert_eq!(std::fs::read_to_string(root.join("b/c/lb.cfg")).expect("read"), "defaults\n    mode http\n");
}

/// The Code Quality report as GitLab reads it (docs: "Code Quality report
/// format"): an array of objects with a string `description`, `check_name`
/// and `fingerprint`, a `severity` among GitLab's five, and
/// `location.path` plus an integer `location.lines.begin`.
#[test]
fn gitlab_code_quality_report_has_what_gitlab_requires() {
    let root = repository("gitlab");
    let run = || halint(&["check", "--isolated", "--format", "gitlab"], &root);
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert!(issues.len() >= 3, "{issues:?}");
    for issue in &issues {
        for field in ["description", "check_name", "fingerprint"] {
            assert!(issue[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {issue}");
        }
        let severity = issue["severity"].as_str().expect("severity");
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity), "{issue}");
        assert!(issue["location"]["path"].as_str().is_some_and(|p| !p.starts_with('/')), "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1), "{issue}");
    }
    let edge: Vec<&serde_json::Value> =
        issues.iter().filter(|i| i["location"]["path"] == "deploy/prod/lb/edge.cfg").collect();
    let undefined = edge.iter().find(|i| i["check_name"] == "undefined-backend").expect("finding");
    assert_eq!(
        (undefined["severity"].as_str(), undefined["location"]["lines"]["begin"].as_u64()),
        (Some("critical"), Some(5))
    );
    let mut prints: Vec<&str> = issues.iter().filter_map(|i| i["fingerprint"].as_str()).collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    // Stable across runs, and when lines are added above the finding.
    assert_eq!(run().stdout, out.stdout);
    write(&root, "deploy/prod/lb/edge.cfg", &format!("# the edge\n# moved down\n\n{BROKEN}"));
    let moved: Vec<serde_json::Value> = serde_json::from_slice(&run().stdout).expect("JSON");
    let again = moved.iter().find(|i| i["check_name"] == "undefined-backend").expect("finding");
    assert_eq!(again["fingerprint"], undefined["fingerprint"]);
    assert_eq!(again["location"]["lines"]["begin"], 6);
}

/// The JUnit report read by a real consumer: junitparser from PyPI
/// (`.ci/run` installs it).
#[test]
fn junit_report_is_read_by_junitparser() {
    let root = repository("junit");
    write(&root, "odd/haproxy-x.cfg", "backend <b&\"c\">\n    use_backend \x1b[2Jnowhere\n");
    let report = root.join("report.xml");
    let out = halint(&["check", "--isolated", "--format", "junit", "--output-file", "report.xml"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "the report went to the file");
    let script = r#"
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    cases = list(suite)
    failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert suite.tests == len(cases), (suite.name, suite.tests, len(cases))
    assert suite.failures == len(failed), (suite.name, suite.failures, len(failed))
    print(suite.name, len(cases), len(failed))
    for c in failed:
        print("  ", c.name, "|", c.result[0].type, "|", c.result[0].message)
"#;
    let parsed = std::process::Command::new("python3")
        .args(["-c", script, report.to_str().expect("path")])
        .output()
        .expect("python3 runs");
    let said = text(&parsed.stdout);
    assert!(parsed.status.success(), "junitparser refused the report: {}{said}", text(&parsed.stderr));
    assert!(said.contains("haproxy.cfg 1 0\n"), "a clean file is one passing testcase: {said}");
    assert!(said.contains("deploy/prod/lb/edge.cfg "), "{said}");
    assert!(said.contains("HA301 undefined-backend at line 5, column 17 | error |"), "{said}");
    assert!(said.contains("odd/haproxy-x.cfg"), "{said}");
}

#[test]
fn quiet_statistics_and_color() {
    let root = repository("options");
    let clean = halint(&["check", "--isolated", "--quiet", "haproxy.cfg"], &root);
    assert_eq!((clean.status.code(), clean.stdout.len()), (Some(0), 0), "nothing on success");
    let quiet = halint(&["check", "--isolated", "-q", "deploy/prod/lb"], &root);
    assert_eq!(quiet.status.code(), Some(1));
    let shown = text(&quiet.stdout);
    assert!(shown.contains("undefined-backend") && !shown.contains("found "), "{shown}");

    let stats = halint(&["check", "--isolated", "--statistics", "--exclude", "vendor"], &root);
    assert_eq!(stats.status.code(), Some(1));
    let shown = text(&stats.stdout);
    assert!(
        shown
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["1", "HA301", "undefined-backend"]),
        "{shown}"
    );
    assert!(!shown.contains("╭"), "counts, not findings: {shown}");
    let json = halint(&["check", "--isolated", "--statistics", "--format", "json"], &root);
    let counts: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(counts
        .as_array()
        .expect("list")
        .iter()
        .any(|c| c["rule"] == "undefined-backend" && c["count"] == 2));

    let esc = "\x1b[";
    let never = halint(&["check", "--isolated", "--color", "never", "deploy"], &root);
    assert!(!text(&never.stdout).contains(esc));
    let always = halint(&["check", "--isolated", "--color", "always", "deploy"], &root);
    assert!(text(&always.stdout).contains(esc), "{}", text(&always.stdout));
    // auto: NO_COLOR is set by the runner, and the output is a pipe anyway.
    let auto = halint(&["check", "--isolated", "deploy"], &root);
    assert!(!text(&auto.stdout).contains(esc));
}

#[test]
fn completions_for_every_shell() {
    let root = std::env::temp_dir();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef halint"),
        ("fish", "-l format"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = halint(&["completions", shell], &root);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker) && script.contains("statistics"), "{shell}: {script}");
    }
}

/// pre-commit passes every file its `files:` pattern matches: with
/// `--force-exclude`, only those a walk would take are checked.
#[test]
fn force_exclude_filters_files_named_on_the_command_line() {
    let root = repository("force");
    let named = [
        "setup.cfg",
        "tools/tox.cfg",
        "deploy/prod/k8s/service.yaml",
        "deploy/prod/lb/edge.cfg",
        "vendor/lib/haproxy.cfg",
    ];
    let mut args = vec!["check", "--isolated", "--force-exclude", "--exclude", "vendor", "--format", "json"];
    args.extend(named);
    let out = halint(&args, &root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["deploy/prod/lb/edge.cfg"]);
    assert_eq!(doc["summary"]["files"], 1);
    // Without it, a file named is checked whatever it is.
    let all = halint(&["check", "--isolated", "--format", "json", "setup.cfg"], &root);
    let doc: serde_json::Value = serde_json::from_slice(&all.stdout).expect("JSON");
    assert_eq!(files_of(&doc), ["setup.cfg"]);
}

#[test]
fn the_github_action_installs_from_the_repository_and_annotates() {
    let action = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("action.yml");
    assert!(action.contains("using: composite"));
    assert!(action.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    assert!(action.contains("check --format github"));
    assert!(action.contains("github/codeql-action/upload-sarif"));
}

/// `[files] cluster-per-folder = true`: the configs of each folder are one
/// cluster's, checked together (the cross-file rules apply within a folder).
#[test]
fn cluster_per_folder_checks_each_folders_configs_together() {
    let root = std::env::temp_dir().join(format!("halint-workflow-per-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let peers = |second: &str| {
        format!(
            "peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 {second}:10001\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 127.0.0.1:80\n"
        )
    };
    // prod: the two instances disagree on lb2's address; staging agrees.
    write(&root, "prod/haproxy-lb1.cfg", &format!("global\n    localpeer lb1\n\n{}", peers("127.0.0.2")));
    write(&root, "prod/haproxy-lb2.cfg", &format!("global\n    localpeer lb2\n\n{}", peers("127.0.0.3")));
    write(&root, "staging/haproxy-lb1.cfg", &format!("global\n    localpeer lb1\n\n{}", peers("127.0.0.2")));
    write(&root, "staging/haproxy-lb2.cfg", &format!("global\n    localpeer lb2\n\n{}", peers("127.0.0.2")));
    let rules = |out: &Output| -> Vec<(String, String)> {
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let mut found: Vec<(String, String)> = doc["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["file"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let alone = halint(&["check", "--isolated", "--format", "json", "."], &root);
    assert!(
        rules(&alone).iter().all(|(r, _)| r != "peers-section-divergent"),
        "each file alone: {:?}",
        rules(&alone)
    );
    write(&root, "halint.toml", "[files]\ncluster-per-folder = true\n");
    let together = halint(&["check", "--format", "json", "."], &root);
    let found = rules(&together);
    let divergent: Vec<&str> =
        found.iter().filter(|(r, _)| r == "peers-section-divergent").map(|(_, f)| f.as_str()).collect();
    assert!(!divergent.is_empty() && divergent.iter().all(|f| f.starts_with("prod/")), "{found:?}");
    assert_eq!(together.status.code(), Some(1), "{}", text(&together.stderr));
}
