//! The command line as users and CI scripts see it: exit statuses, JSON,
//! --diff, --fix (atomic, permissions kept, idempotent), standard input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn halint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_halint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn halint_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_halint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("writes");
    child.wait_with_output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder with `name` holding `text`.
fn workdir(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join(name), text).expect("write");
    dir
}

const BROKEN: &str = "\
peers mesh
    peer lb1 127.0.0.1:10001
    peer lb2 127.0.0.2:10001

backend app
    stick-table type ip size 20k
    stick on src
    server s1 127.0.0.1:9001
    server s2 127.0.0.1:9002
";

const INVENTORY: [&str; 4] = ["--instance", "lb1=127.0.0.1:10001", "--instance", "lb2=127.0.0.2:10001"];

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reference")
}

#[test]
fn clean_config_exits_0_and_broken_exits_1() {
    let ok = halint(&["check", "haproxy.cfg"], &reference());
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("no findings"));
    let bad = halint(&["check", "broken/missing-peer.cfg"], &reference());
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    assert!(out.contains("peer-missing-for-instance") && out.contains("HA402"), "{out}");
    assert!(out.contains("broken/missing-peer.cfg:23:"), "the source location is shown: {out}");
}

#[test]
fn trouble_exits_2_with_a_clear_message() {
    let dir = workdir("trouble", "bad.cfg", "");
    // Bytes that are not UTF-8 are read as HAProxy reads them (tests/raw_bytes.rs),
    // unless the text also holds the characters that stand for such bytes.
    std::fs::write(dir.join("bad.cfg"), b"# \xef\x9f\xa9\nglobal\n    maxconn 1\xff\n").expect("write");
    let cases: &[(&[&str], &str)] = &[
        (&["check", "missing.cfg"], "cannot read 'missing.cfg'"),
        (&["check", "./no-such-dir/"], "cannot read"),
        (&["check", "bad.cfg"], "invalid UTF-8 at line 3, column 14"),
        (&["check", "--select", "no-such-rule", "bad.cfg"], "unknown rule 'no-such-rule'"),
        (&["check", "--instance", "lb1=nonsense", "bad.cfg"], "not an IP:port"),
        (&["check", "--local", "x", "a.cfg", "b.cfg"], "--local FILE=NAME"),
        (&["parse", "missing.cfg"], "cannot read"),
        (&["explain", "nope"], "unknown rule"),
        (&["check", "--format", "xml"], "possible values"),
    ];
    for (args, message) in cases {
        let out = halint(args, &dir);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: expected '{message}' in: {}", stderr(&out));
    }
}

#[test]
fn json_output_follows_the_contract() {
    let dir = workdir("json", "haproxy.cfg", BROKEN);
    let mut args = vec!["check", "--format", "json", "haproxy.cfg"];
    args.extend(INVENTORY);
    let out = halint(&args, &dir);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["version"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "stick-table-not-shared");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "haproxy.cfg");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(5)));
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(6), Some(16)));
    assert_eq!(
        d["span"]["start"].as_u64().map(|s| &BROKEN[s as usize..s as usize + 11]),
        Some("stick-table")
    );
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], " peers mesh");
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(doc["summary"]["fixable"], 1);
}

#[test]
fn diff_shows_and_writes_nothing_then_fix_writes_atomically_once() {
    let dir = workdir("fix", "haproxy.cfg", BROKEN);
    let path = dir.join("haproxy.cfg");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let mut args = vec!["check", "--diff", "haproxy.cfg"];
    args.extend(INVENTORY);
    let diff = halint(&args, &dir);
    assert_eq!(diff.status.code(), Some(1), "a non-empty diff exits 1");
    let text = stdout(&diff);
    assert!(text.starts_with("--- a/haproxy.cfg\n+++ b/haproxy.cfg\n"), "{text}");
    assert!(text.contains("+    stick-table type ip size 20k peers mesh"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), BROKEN, "--diff wrote the file");

    args[1] = "--fix";
    let fix = halint(&args, &dir);
    assert_eq!(fix.status.code(), Some(0), "{}", stdout(&fix));
    assert!(stdout(&fix).contains("fixed 1 finding; 0 errors, 0 warnings remain"), "{}", stdout(&fix));
    let fixed = std::fs::read_to_string(&path).expect("read");
    assert_eq!(fixed, BROKEN.replace("size 20k\n", "size 20k peers mesh\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions kept");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");

    let again = halint(&args, &dir);
    assert!(stdout(&again).contains("fixed 0 findings"));
    args[1] = "--diff";
    let empty = halint(&args, &dir);
    assert_eq!(
        (empty.status.code(), stdout(&empty)),
        (Some(0), String::new()),
        "--diff after --fix is empty"
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let src = BROKEN.replace("    stick-table type ip size 20k\n    stick on src\n", "");
    let dir = workdir("unsafe", "haproxy.cfg", &src);
    let mut args = vec!["check", "--diff", "haproxy.cfg"];
    args.extend(INVENTORY);
    let safe_only = halint(&args, &dir);
    assert_eq!(stdout(&safe_only), "", "the only fix is unsafe");
    assert_eq!(safe_only.status.code(), Some(1), "the finding remains");
    args.push("--unsafe-fixes");
    let with_unsafe = halint(&args, &dir);
    assert!(stdout(&with_unsafe).contains("+    stick on src"), "{}", stdout(&with_unsafe));
}

#[test]
fn standard_input_is_read_and_fixed_text_printed() {
    let mut args = vec!["check", "--fix", "-"];
    args.extend(INVENTORY);
    let out = halint_stdin(&args, BROKEN);
    assert_eq!(stdout(&out), BROKEN.replace("size 20k\n", "size 20k peers mesh\n"));
    let check =
        halint_stdin(&["check", "--isolated", "--format", "json", "-"], "backend b\n    server s1 \"x\n");
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"][0]["rule"], "syntax-error");
    assert_eq!(doc["diagnostics"][0]["file"], "-");
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn files_with_syntax_errors_are_left_untouched() {
    let src = format!("{BROKEN}    http-request set-header X \"open\n");
    let dir = workdir("syntax", "haproxy.cfg", &src);
    let mut args = vec!["check", "--fix", "haproxy.cfg"];
    args.extend(INVENTORY);
    let out = halint(&args, &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.join("haproxy.cfg")).expect("read"), src);
}

#[test]
fn suppressions_hide_findings_and_unused_ones_are_reported() {
    let src = BROKEN
        .replace(
            "    stick-table type ip size 20k\n",
            "    stick-table type ip size 20k  # halint: ignore[stick-table-not-shared]\n",
        )
        .replace("    server s2", "    # halint: ignore[undefined-backend]\n    server s2");
    let dir = workdir("suppress", "haproxy.cfg", &src);
    let mut args = vec!["check", "--format", "json", "haproxy.cfg"];
    args.extend(INVENTORY);
    let out = halint(&args, &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rules: Vec<&str> =
        doc["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["rule"].as_str()).collect();
    assert_eq!(rules, ["unused-suppression"]);
    assert_eq!(out.status.code(), Some(0), "a warning alone exits 0");
    args.insert(1, "--deny-warnings");
    assert_eq!(halint(&args, &dir).status.code(), Some(1), "--deny-warnings makes it fail");
}

#[test]
fn select_and_ignore_choose_rules() {
    let dir = workdir("select", "haproxy.cfg", BROKEN);
    let mut args = vec!["check", "--ignore", "stick-table-not-shared", "haproxy.cfg"];
    args.extend(INVENTORY);
    assert_eq!(halint(&args, &dir).status.code(), Some(0));
    args[2] = "HA408";
    assert_eq!(halint(&args, &dir).status.code(), Some(0), "codes work too");
    args[1] = "--select";
    assert_eq!(halint(&args, &dir).status.code(), Some(1));
}

#[test]
fn rules_explain_and_parse() {
    let dir = reference();
    let rules = stdout(&halint(&["rules"], &dir));
    assert!(rules
        .lines()
        .any(|l| l.starts_with("HA408") && l.contains("stick-table-not-shared") && l.contains("fixable")));
    let explain = halint(&["explain", "stick-table-not-shared"], &dir);
    assert!(stdout(&explain).contains("## Fix safety"));
    let parse = halint(&["parse", "haproxy.cfg"], &dir);
    assert_eq!(parse.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&parse.stdout).expect("JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["file"], "haproxy.cfg");
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert!(doc["sections"].as_array().is_some_and(|s| s.iter().any(|s| s["name"] == "diamanti_peers")));
    // The contract's spelling, with the format named.
    let named = halint(&["parse", "--format", "json", "haproxy.cfg"], &dir);
    assert_eq!(named.status.code(), Some(0));
    assert_eq!(named.stdout, parse.stdout);
    assert_eq!(halint(&["parse", "--format", "yaml", "haproxy.cfg"], &dir).status.code(), Some(2));
}

#[test]
fn cluster_mode_checks_each_file_with_its_own_local_name() {
    let dir = workdir("cluster", "lb1.cfg", BROKEN);
    std::fs::write(dir.join("lb2.cfg"), BROKEN.replace("    peer lb2 127.0.0.2:10001\n", "")).expect("write");
    let out = halint(
        &[
            "check",
            "--isolated",
            "--cluster",
            "--local",
            "lb1.cfg=lb1",
            "--local",
            "lb2.cfg=lb2",
            "--format",
            "json",
            "lb1.cfg",
            "lb2.cfg",
        ],
        &dir,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| (d["file"].as_str().unwrap_or("").to_owned(), d["rule"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert!(found.contains(&("lb2.cfg".into(), "local-peer-not-found".into())), "{found:?}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn github_format_annotates_findings() {
    let dir = workdir("github", "haproxy.cfg", BROKEN);
    let mut args = vec!["check", "--format", "github", "haproxy.cfg"];
    args.extend(INVENTORY);
    let out = halint(&args, &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with(
            "::error file=haproxy.cfg,line=6,col=5,endLine=6,endColumn=16,title=HA408 stick-table-not-shared::"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn sarif_format_matches_the_json_findings() {
    let dir = workdir("sarif", "haproxy.cfg", BROKEN);
    let run = |format: &str| {
        let mut args = vec!["check", "--isolated", "--format", format, "haproxy.cfg"];
        args.extend(INVENTORY);
        let out = halint(&args, &dir);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON")
    };
    let (sarif, json) = (run("sarif"), run("json"));
    assert_eq!(sarif["version"], "2.1.0");
    let sarif_run = &sarif["runs"][0];
    let names: Vec<&str> = sarif_run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for rule in halint::rules::ALL_RULES {
        assert!(names.contains(&rule.meta().name), "{} is not listed", rule.meta().name);
    }

    let expected = &json["diagnostics"][0];
    assert_eq!(expected["rule"], "stick-table-not-shared");
    let result = sarif_run["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == expected["rule"])
        .expect("the JSON format's finding");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "haproxy.cfg");
    assert_eq!(
        (&location["region"]["startLine"], &location["region"]["startColumn"]),
        (&expected["line"], &expected["column"])
    );
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], expected["fix"]["edits"][0]["replacement"]);
}

/// `--fix`/`--diff` with `--cluster`: findings across the files are checked
/// again on the fixed texts, not dropped (a CI gate on `--diff` must fail).
#[test]
fn cluster_findings_survive_fix_and_diff() {
    let lb1 = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 10.0.1.1:80\n";
    let dir = workdir("cluster-fix", "lb1.cfg", lb1);
    std::fs::write(dir.join("lb2.cfg"), lb1.replace("type ip", "type string")).expect("write");
    let cluster = ["check", "--isolated", "--cluster", "--local", "lb1.cfg=lb1", "--local", "lb2.cfg=lb2"];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = cluster.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["lb1.cfg", "lb2.cfg"]);
        halint(&args, &dir)
    };
    let plain = with(&["--format", "json"]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(stdout(&plain).contains("table-definition-mismatch"));
    let diff = with(&["--diff"]);
    assert_eq!(diff.status.code(), Some(1), "the mismatch remains after fixing: {}", stderr(&diff));
    let fix = with(&["--fix", "--format", "json"]);
    assert_eq!(fix.status.code(), Some(1));
    assert!(stdout(&fix).contains("table-definition-mismatch"), "{}", stdout(&fix));
}

/// Issue "Hardening" #11: inventory addresses and names went into `peer`
/// lines unchecked (`[::1`, `::1`, `a:80`, `host name:80`, which HAProxy
/// refuses), and `[fix.stick-table]` values could inject lines and sections.
#[test]
fn bad_inventories_exit_2_naming_the_file_and_the_key() {
    let dir = workdir("inventory", "haproxy.cfg", BROKEN);
    for address in ["[::1", "::1", "a:80", "host name:80", "0.0.0.0:1024", "127.0.0.1:0", "127.0.0.1:10x"] {
        let arg = format!("lb1={address}");
        let out = halint(&["check", "--isolated", "--instance", &arg, "haproxy.cfg"], &dir);
        assert_eq!(out.status.code(), Some(2), "{arg}: {}{}", stdout(&out), stderr(&out));
        assert!(stderr(&out).contains(&format!("instance '{arg}'")), "{arg}: {}", stderr(&out));
    }
    let twice = ["--instance", "lb1=127.0.0.1:1", "--instance", "lb1=127.0.0.2:1"];
    let out = halint(&[&["check", "--isolated"][..], &twice, &["haproxy.cfg"]].concat(), &dir);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("listed twice"), "{}", stderr(&out));
    let instance =
        |name: &str, address: &str| format!("[[cluster.instance]]\nname = {name:?}\naddress = {address:?}\n");
    let ok = instance("lb1", "127.0.0.1:10001") + &instance("lb2", "[::1]:10001");
    let cases: Vec<(String, &str, &str)> = vec![
        (instance("lb1", "[::1") + &instance("lb2", "::1:10001"), "cluster.instance[0].address", "[::1"),
        (ok.clone() + &instance("lb3", "a:80"), "cluster.instance[2].address", "host name"),
        (ok.clone() + &instance("lb 3", "127.0.0.3:1"), "cluster.instance[2].name", "not permitted"),
        (ok.clone() + &instance("lb3\n[x]", "127.0.0.3:1"), "cluster.instance[2].name", "'\\n'"),
        (ok.clone() + &instance("lb1", "127.0.0.3:1"), "cluster.instance[2]", "listed twice"),
        (ok.clone() + &instance("lb3", "127.0.0.1:10001"), "cluster.instance[2]", "one address"),
        (format!("[cluster]\npeers = \"my peers\"\n{ok}"), "cluster.peers", "peers section name"),
        (
            format!("{ok}[fix.stick-table]\nsize = \"20k\\n\\nbackend evil\"\n"),
            "fix.stick-table.size",
            "single word",
        ),
        (
            format!("{ok}[fix.stick-table]\nexpire = \"30m peers x\"\n"),
            "fix.stick-table.expire",
            "single word",
        ),
    ];
    for (toml, key, why) in cases {
        let toml = if toml.starts_with("[cluster]") { toml } else { format!("[cluster]\n{toml}") };
        std::fs::write(dir.join("halint.toml"), &toml).expect("write");
        let out = halint(&["check", "--config", "halint.toml", "haproxy.cfg"], &dir);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{toml}\n{}{err}", stdout(&out));
        assert!(err.contains(&format!("halint.toml: {key}: ")) && err.contains(why), "{toml}\n{err}");
    }
    std::fs::write(dir.join("halint.toml"), format!("[cluster]\n{ok}")).expect("write");
    let out = halint(&["check", "--config", "halint.toml", "haproxy.cfg"], &dir);
    assert_eq!(out.status.code(), Some(1), "a good inventory is read: {}", stderr(&out));
}
