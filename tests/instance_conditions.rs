//! One config shared by the instances of a cluster, with `.if` blocks on
//! `$HOSTNAME`, `HAPROXY_LOCALPEER` and variables of the inventory's `env`:
//! halint reads it as each instance's HAProxy does, and real HAProxy 2.6
//! (`haproxy -c -L NAME` with the same environment) agrees on every
//! fixture of `tests/fixtures/instances/`.
//!
//! Fixture names say what they hold: `clean*.cfg` has no error or warning
//! for any instance; `broken-for-NAME-*.cfg` is broken for instance NAME only.

mod common;

use common::fixture::{fixture_settings, parse_fixture, read_fixture};
use halint::model::conditions::Var;
use halint::render::text::{render_diagnostic, TextOptions};
use halint::render::FileReport;
use halint::{Diagnostic, Linter, Settings, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instances");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/instances")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "cfg"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "expected the clean and broken fixtures in {}", dir.display());
    files
}

/// The instances a finding names in its note, else all of them.
fn applies_to(d: &Diagnostic, all: &[String]) -> Vec<String> {
    let Some((_, note)) = d.message.rsplit_once("(on instance") else { return all.to_vec() };
    all.iter().filter(|n| note.contains(&format!("'{n}'"))).cloned().collect()
}

/// Whether HAProxy, run as instance `name` in the environment halint
/// evaluated its conditions in, refuses the config or drops a peers section
/// a stick-table uses (replication silently off).
fn haproxy_flags(path: &Path, settings: &Settings, name: &str) -> (bool, String) {
    let mut cmd = Command::new("timeout");
    cmd.args(["20", "haproxy", "-c", "-f"]).arg(path).args(["-L", name]);
    cmd.env_remove("HOSTNAME");
    for (var, value) in settings.environment(Some(name)).vars {
        // HAProxy sets HAPROXY_LOCALPEER itself, from -L.
        if let (false, Var::Value(v)) = (var == "HAPROXY_LOCALPEER", value) {
            cmd.env(var, v);
        }
    }
    let out = cmd.output().expect("haproxy is installed (apt-get install -y haproxy)");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(code, 124, "haproxy -c timed out on {}", path.display());
    let refused = !matches!(code, 0 | 2);
    (refused || log.contains("Removing incomplete section 'peers "), log)
}

fn render(name: &str, src: &str, diagnostics: &[Diagnostic]) -> String {
    let report = FileReport { path: name, source: src, diagnostics, raw_bytes: false };
    let opts = TextOptions { color: false, width: 100 };
    diagnostics.iter().map(|d| render_diagnostic(&report, d, opts)).collect()
}

#[test]
fn halint_and_haproxy_agree_instance_by_instance() {
    let mut disagreements = Vec::new();
    let mut judged = 0;
    for path in fixtures() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        let src = read_fixture(&path).expect("fixture");
        let settings = fixture_settings(&src);
        let instances: Vec<String> = settings.instances.iter().map(|i| i.name.clone()).collect();
        assert!(instances.len() >= 2, "{name}: give the inventory in `# halint-test:`");
        let findings = Linter::new(settings.clone()).check(&parse_fixture(&src));
        let errors: Vec<&Diagnostic> = findings.iter().filter(|d| d.severity == Severity::Error).collect();
        let expected: Vec<String> = match name.strip_prefix("broken-for-") {
            Some(rest) => vec![rest.split('-').next().expect("instance").to_owned()],
            None => Vec::new(),
        };
        if name.starts_with("clean") {
            // An `info` is advice, not a problem (`new-style-peers` says the
            // style needs a text per node: `.if` is how this file does it).
            let problems: Vec<Diagnostic> =
                findings.iter().filter(|d| d.severity > Severity::Info).cloned().collect();
            assert!(problems.is_empty(), "{name} must be clean:\n{}", render(&name, &src, &problems));
        }
        for instance in &instances {
            let by_halint = errors.iter().any(|d| applies_to(d, &instances).contains(instance));
            let (by_haproxy, log) = haproxy_flags(&path, &settings, instance);
            judged += 1;
            if by_halint != by_haproxy || by_halint != expected.contains(instance) {
                disagreements.push(format!(
                    "{name} as {instance}: halint {by_halint}, haproxy {by_haproxy}, expected {}\n{log}\n{}",
                    expected.contains(instance),
                    render(&name, &src, &findings)
                ));
            }
        }
        if !findings.is_empty() {
            let dir = path.parent().expect("folder").join("snapshots");
            insta::with_settings!({ snapshot_path => dir, prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name.trim_end_matches(".cfg").to_owned(), render(&name, &src, &findings));
            });
        }
    }
    assert!(judged >= 10, "only {judged} instance checks ran");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

/// Without an inventory nothing names the instance: a condition on
/// `$HOSTNAME` cannot be decided, each branch is one reading, and a
/// finding of one branch says which way it assumed the condition went.
#[test]
fn an_undecided_condition_gives_exclusive_readings() {
    let src = "peers mesh\n    peer lb1 127.0.0.1:10001\n.if streq(\"$HOSTNAME\",lb1)\n    peer lb2 127.0.0.1:10002\n.else\n    peer lb2 127.0.0.1:10003\n.endif\n";
    let findings = Linter::new(Settings::default()).check(&halint::parse(src));
    // Two definitions of lb2, in exclusive branches: never both read.
    assert!(findings.iter().all(|d| d.rule != "duplicate-peer-name"), "{findings:?}");
    let broken = "peers mesh\n    peer lb1 127.0.0.1:10001\n.if defined(SPARE)\n    peer lb2 127.0.0.1:10001\n.endif\n";
    let findings = Linter::new(Settings::default()).check(&halint::parse(broken));
    let d = findings.iter().find(|d| d.rule == "duplicate-peer-address").expect("reported in one reading");
    assert!(d.message.ends_with("(assuming `.if defined(SPARE)` (line 3) true)"), "{}", d.message);
}

/// `env` in halint.toml: the cluster's for every instance, an instance's
/// own on top, `--env` over both; HAPROXY_LOCALPEER is HAProxy's.
#[test]
fn environments_come_from_the_inventory_and_the_command_line() {
    let dir = std::env::temp_dir().join(format!("halint-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("halint.toml");
    std::fs::write(
        &toml,
        "[cluster]\nenv = { SITE = \"paris\", ROLE = \"none\" }\n\n[[cluster.instance]]\nname = \"lb1\"\nenv = { ROLE = \"primary\", HAPROXY_LOCALPEER = \"ignored\" }\n\n[[cluster.instance]]\nname = \"lb2\"\nenv = { HOSTNAME = \"lb2.example.com\" }\n",
    )
    .unwrap();
    let mut settings = Settings::default();
    halint::config_file::load(&toml, &mut settings).expect("halint.toml");
    let value = |env: &halint::model::conditions::Environment, name: &str| match env.vars.get(name) {
        Some(Var::Value(v)) => Some(v.clone()),
        _ => None,
    };
    let lb1 = settings.environment(Some("lb1"));
    assert_eq!(value(&lb1, "ROLE").as_deref(), Some("primary"));
    assert_eq!(value(&lb1, "SITE").as_deref(), Some("paris"));
    assert_eq!(value(&lb1, "HOSTNAME").as_deref(), Some("lb1"));
    assert_eq!(value(&lb1, "HAPROXY_LOCALPEER").as_deref(), Some("lb1"));
    let lb2 = settings.environment(Some("lb2"));
    assert_eq!(value(&lb2, "ROLE").as_deref(), Some("none"));
    assert_eq!(value(&lb2, "HOSTNAME").as_deref(), Some("lb2.example.com"));
    settings.env_overrides.insert("ROLE".into(), "cli".into());
    assert_eq!(value(&settings.environment(Some("lb1")), "ROLE").as_deref(), Some("cli"));
    // No instance: the local peer name is set, to a value halint does not know.
    assert_eq!(settings.environment(None).vars.get("HAPROXY_LOCALPEER"), Some(&Var::SetUnknown));

    std::fs::write(&toml, "[cluster]\nenv = { \"1BAD\" = \"x\" }\n").unwrap();
    let err = halint::config_file::load(&toml, &mut Settings::default()).expect_err("bad name");
    assert!(err.contains("cluster.env"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// HAProxy expands `"${VAR}"` in a peer's address at start-up: each instance
/// is checked with its own value, and no fix overwrites the variable.
#[test]
fn peer_addresses_from_variables_are_read_with_each_instances_value() {
    let src = "peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 \"${LB2_ADDR}\"\n\nbackend app\n    balance roundrobin\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 127.0.0.1:8081\n    server s2 127.0.0.1:8082\n";
    let mut settings = Settings::default();
    for (name, addr, env) in
        [("lb1", "127.0.0.1:10001", "127.0.0.1:10002"), ("lb2", "127.0.0.1:10002", "127.0.0.1:10009")]
    {
        let mut i = halint::Instance::parse_arg(&format!("{name}={addr}")).unwrap();
        i.env.insert("LB2_ADDR".into(), env.into());
        settings.instances.push(i);
    }
    let findings = Linter::new(settings).check(&halint::parse(src));
    let mismatch: Vec<&Diagnostic> = findings.iter().filter(|d| d.rule == "peer-address-mismatch").collect();
    assert_eq!(mismatch.len(), 1, "{findings:#?}");
    assert!(mismatch[0].message.contains("127.0.0.1:10009"), "{}", mismatch[0].message);
    assert!(mismatch[0].message.ends_with("(on instance 'lb2')"), "{}", mismatch[0].message);
    assert!(mismatch[0].fix.is_none(), "the word serves every instance: {:?}", mismatch[0].fix);
}

/// `--env NAME=VALUE` on the command line decides a condition; a malformed
/// one is bad usage (exit 2).
#[test]
fn env_on_the_command_line_decides_and_is_checked() {
    let dir = std::env::temp_dir().join(format!("halint-env-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = "peers mesh\n    peer lb1 127.0.0.1:10001\n.if streq(\"$ROLE\",spare)\n    peer lb2 127.0.0.1:10001\n.endif\n";
    std::fs::write(dir.join("haproxy.cfg"), src).unwrap();
    let run = |env: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_halint"))
            .current_dir(&dir)
            .args([
                "check",
                "--isolated",
                "--local",
                "lb1",
                "--select",
                "duplicate-peer-address",
                "--env",
                env,
                "haproxy.cfg",
            ])
            .output()
            .expect("run halint");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, out) = run("ROLE=spare");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("127.0.0.1:10001") && !out.contains("assuming"), "decided, no assumption: {out}");
    assert_eq!(run("ROLE=main").0, Some(0));
    let (code, out) = run("ROLE");
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("--env ROLE"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
