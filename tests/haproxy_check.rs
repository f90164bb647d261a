//! Real HAProxy judges the fixes: every fixable rule's fixture, once fixed
//! (unsafe fixes included), and every repaired reference variant pass
//! `haproxy -c -L <instance>` for each instance, without the warning that
//! means replication is off.

mod common;

use common::fixture::{fixture_instances, fixture_settings, read_fixture, rules_dir};
use halint::rules::{FixAvailability, ALL_RULES};
use halint::{Linter, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

fn haproxy() -> &'static str {
    let ok = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(ok, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    "haproxy"
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-haproxy-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// Runs `haproxy -c` on `text` as instance `local`; returns a complaint, if any.
fn haproxy_rejects(text: &str, file: &str, local: Option<&str>) -> Option<String> {
    let path = scratch(&file.replace('/', "__"));
    std::fs::write(&path, text).expect("write");
    let mut cmd = Command::new(haproxy());
    cmd.arg("-c").arg("-f").arg(&path);
    if let Some(name) = local {
        cmd.arg("-L").arg(name);
    }
    let out = cmd.output().expect("run haproxy");
    let _ = std::fs::remove_file(&path);
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // Exit 2 is "valid, but no listener": fine for fragments.
    let code = out.status.code().unwrap_or(-1);
    if !matches!(code, 0 | 2) || drops_a_used_section(text, &log) {
        return Some(format!("{file} as {local:?}: exit {code}\n{log}\n---- fixed config ----\n{text}"));
    }
    None
}

/// Whether HAProxy removed a peers section that a stick-table uses: the
/// silent loss of replication halint exists to prevent. (Fixtures may hold
/// other, unused sections on purpose.)
fn drops_a_used_section(text: &str, log: &str) -> bool {
    let parse = halint::parse(text);
    let model = halint::model::Model::build(&parse);
    log.lines().filter_map(|l| l.split("Removing incomplete section 'peers ").nth(1)).any(|rest| {
        let name = rest.split('\'').next().unwrap_or_default();
        model
            .proxies
            .iter()
            .flat_map(|p| &p.stick_tables)
            .any(|t| t.item.peers.as_ref().is_some_and(|(n, _)| n == name))
    })
}

fn check_fixed(file: &str, src: &str, settings: Settings, instances: &[String]) -> Vec<String> {
    let fixed = Linter::new(settings).fix(src, true);
    let locals: Vec<Option<&str>> =
        if instances.is_empty() { vec![None] } else { instances.iter().map(|s| Some(s.as_str())).collect() };
    locals.into_iter().filter_map(|l| haproxy_rejects(&fixed.output, file, l)).collect()
}

#[test]
fn fixed_rule_fixtures_pass_haproxy() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut skipped = Vec::new();
    for rule in ALL_RULES.iter().filter(|r| r.meta().fix != FixAvailability::Never) {
        for name in ["invalid.cfg", "fixable.cfg"] {
            let path = rules_dir().join(rule.meta().name).join(name);
            let Some(src) = read_fixture(&path) else { continue };
            // A fixture may hold fatal mistakes no fix can repair; it must say so.
            if src.lines().any(|l| l.starts_with("# halint-haproxy-check: skip (")) {
                skipped.push(format!("{}/{name}", rule.meta().name));
                continue;
            }
            let settings = fixture_settings(&src);
            let instances = fixture_instances(&settings);
            failures.extend(check_fixed(&format!("{}/{name}", rule.meta().name), &src, settings, &instances));
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} fixtures of fixable rules were checked");
    // Each skipped invalid.cfg has a fixable.cfg beside it that is checked.
    assert!(skipped.len() <= 9, "too many fixtures skip the HAProxy check: {skipped:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn repaired_reference_variants_pass_haproxy_on_both_instances() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reference");
    let mut settings = Settings::default();
    halint::config_file::load(&dir.join("halint.toml"), &mut settings).expect("halint.toml");
    let instances: Vec<String> = settings.instances.iter().map(|i| i.name.clone()).collect();
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(dir.join("broken")).expect("broken/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "cfg") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("file");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
        failures.extend(check_fixed(&name, &src, settings.clone(), &instances));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
