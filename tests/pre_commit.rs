//! The hooks of `.pre-commit-hooks.yaml` run by real pre-commit (PyPI;
//! `.ci/run` installs it): `pre-commit try-repo` builds halint from this
//! checkout with cargo (`language: rust`) and runs each hook on a scratch
//! git repository holding a broken (or untidy) config and an INI `.cfg` file.
//!
//! The build is the slow part: it shares `target/pre-commit` between runs
//! and builds without optimisation (environment of cargo, which pre-commit
//! passes on), so later runs only rebuild halint itself.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(dir).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn try_repo(dir: &Path, hook: &str, files: &[&str]) -> Output {
    let repo = env!("CARGO_MANIFEST_DIR");
    let target = Path::new(repo).join("target/pre-commit");
    let mut args =
        vec!["1500", "python3", "-m", "pre_commit", "try-repo", repo, hook, "--verbose", "--files"];
    args.extend_from_slice(files);
    // `timeout`: a build that hangs must fail the test, not the CI run.
    Command::new("timeout")
        .args(&args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", dir.join(".cache-pre-commit"))
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("pre-commit runs")
}

/// A fresh git repository (one per test: the tests run in parallel).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-pre-commit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("conf")).expect("dir");
    git(&dir, &["init", "-q"]);
    git(&dir, &["config", "user.email", "ci@example.invalid"]);
    git(&dir, &["config", "user.name", "CI"]);
    dir
}

#[test]
fn the_check_hook_fails_and_the_fix_hook_fixes() {
    let dir = scratch("check");
    // Broken: no final line feed (HAProxy 2.6 refuses it; the safe fix adds it).
    let broken = "global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s";
    std::fs::write(dir.join("conf/haproxy.cfg"), broken).expect("write");
    std::fs::write(dir.join("setup.cfg"), "[metadata]\nname = tool\n").expect("write");
    git(&dir, &["add", "."]);
    let files = ["conf/haproxy.cfg", "setup.cfg"];

    let check = try_repo(&dir, "halint", &files);
    let said =
        format!("{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    assert_eq!(check.status.code(), Some(1), "the check hook must fail: {said}");
    assert!(said.contains("missing-final-newline") && said.contains("conf/haproxy.cfg"), "{said}");
    assert!(!said.contains("setup.cfg:"), "the INI file is no HAProxy config: {said}");

    let fix = try_repo(&dir, "halint-fix", &files);
    let said = format!("{}{}", String::from_utf8_lossy(&fix.stdout), String::from_utf8_lossy(&fix.stderr));
    assert_eq!(fix.status.code(), Some(1), "pre-commit fails a hook that changed files: {said}");
    assert!(said.contains("files were modified by this hook"), "{said}");
    assert_eq!(std::fs::read_to_string(dir.join("conf/haproxy.cfg")).expect("read"), format!("{broken}\n"));
    assert_eq!(std::fs::read_to_string(dir.join("setup.cfg")).expect("read"), "[metadata]\nname = tool\n");

    git(&dir, &["add", "."]);
    let again = try_repo(&dir, "halint", &files);
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    assert_eq!(again.status.code(), Some(0), "the fixed config passes: {said}");
}

#[test]
fn the_fmt_hook_formats_configs_and_leaves_other_files() {
    let dir = scratch("fmt");
    let messy = "global\n  daemon   \n\n\n\nbackend b\n server s1 10.0.0.1:80\n";
    let tidy = "global\n    daemon\n\nbackend b\n    server s1 10.0.0.1:80\n";
    let ini = "[metadata]\n  name  =  tool\n";
    std::fs::write(dir.join("conf/haproxy.cfg"), messy).expect("write");
    std::fs::write(dir.join("setup.cfg"), ini).expect("write");
    git(&dir, &["add", "."]);
    let files = ["conf/haproxy.cfg", "setup.cfg"];

    let fmt = try_repo(&dir, "halint-fmt", &files);
    let said = format!("{}{}", String::from_utf8_lossy(&fmt.stdout), String::from_utf8_lossy(&fmt.stderr));
    assert_eq!(fmt.status.code(), Some(1), "pre-commit fails a hook that changed files: {said}");
    assert!(said.contains("files were modified by this hook"), "{said}");
    assert_eq!(std::fs::read_to_string(dir.join("conf/haproxy.cfg")).expect("read"), tidy);
    assert_eq!(std::fs::read_to_string(dir.join("setup.cfg")).expect("read"), ini, "not a HAProxy config");

    git(&dir, &["add", "."]);
    let again = try_repo(&dir, "halint-fmt", &files);
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    assert_eq!(again.status.code(), Some(0), "formatted files pass: {said}");
}
