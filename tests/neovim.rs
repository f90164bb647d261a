//! A real editor as the client: headless Neovim (Debian's, 0.7 or later)
//! runs `halint lsp` as the language server of a broken cluster config,
//! waits for its diagnostics, applies the `source.fixAll.halint` code
//! action and writes the file; the written file must pass `haproxy -c -L`
//! for each instance of the halint.toml beside it, without a warning. The
//! same loop on a Kubernetes manifest (Neovim's `yaml` file type) must
//! write what `halint check --fix` writes.
#![cfg(feature = "lsp")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn assert_neovim_installed() {
    let nvim = Command::new("nvim").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(nvim, "Neovim is not installed: `apt-get install -y neovim` (.ci/run does it)");
}

/// An empty temp folder of this test run named after `name`.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// Runs headless Neovim in `dir` with the script `fix_all.lua` on `file`;
/// returns what the script reported.
fn neovim_fix_all(script: &Path, file: &Path, dir: &Path) -> String {
    let report = dir.join("report.txt");
    let out = Command::new("timeout")
        .args(["-k", "5", "90", "nvim", "--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("HALINT_BIN", env!("CARGO_BIN_EXE_halint"))
        .env("HALINT_CFG", file)
        .env("HALINT_REPORT", &report)
        .current_dir(dir)
        .output()
        .expect("nvim runs");
    let said = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(out.status.success(), "nvim: {:?}\n{said}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    said
}

#[test]
fn neovim_fixes_a_cluster_config_that_haproxy_then_accepts_for_every_instance() {
    assert_neovim_installed();
    let haproxy = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(haproxy, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp/neovim");
    let dir = fresh_dir("nvim");
    for file in ["haproxy.cfg", "halint.toml"] {
        std::fs::copy(fixtures.join(file), dir.join(file)).expect("copy");
    }
    let cfg = dir.join("haproxy.cfg");
    let said = neovim_fix_all(&fixtures.join("fix_all.lua"), &cfg, &dir);
    assert_eq!(said, "before HA402 4\nbefore HA408 20\napplied 1\n", "what Neovim saw");

    let fixed = std::fs::read_to_string(&cfg).expect("read");
    assert!(
        fixed.contains("    peer lb3 127.0.0.3:10001\n") && fixed.contains("20k expire 30m peers mesh\n"),
        "{fixed}"
    );
    let toml: toml::Value =
        toml::from_str(&std::fs::read_to_string(dir.join("halint.toml")).expect("read")).expect("toml");
    let instances = toml["cluster"]["instance"].as_array().expect("instances");
    assert_eq!(instances.len(), 3);
    for instance in instances {
        let name = instance["name"].as_str().expect("name");
        let check = |file: &Path| {
            let out = Command::new("timeout")
                .args(["20", "haproxy", "-c", "-f"])
                .arg(file)
                .args(["-L", name])
                .output()
                .expect("haproxy runs");
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
            )
        };
        let (code, log) = check(&cfg);
        assert_eq!(code, Some(0), "-L {name}: {log}");
        assert!(!log.contains("[WARNING]") && !log.contains("[ALERT]"), "-L {name}: {log}");
        // The original was broken for this cluster: lb3 has no peer line, and HAProxy drops replication there.
        if name == "lb3" {
            let (_, log) = check(&fixtures.join("haproxy.cfg"));
            assert!(log.contains("Removing incomplete section 'peers mesh'"), "{log}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn neovim_fixes_a_manifest_as_check_fix_does() {
    assert_neovim_installed();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp");
    let dir = fresh_dir("nvim-manifest");
    let manifest = dir.join("haproxy.yaml");
    let by_check = dir.join("by-check.yaml");
    std::fs::copy(fixtures.join("manifest.yaml"), &manifest).expect("copy");
    std::fs::copy(fixtures.join("manifest.yaml"), &by_check).expect("copy");
    let said = neovim_fix_all(&fixtures.join("neovim/fix_all.lua"), &manifest, &dir);
    // The findings at the YAML's lines; the name HAProxy refuses has no fix and stays.
    assert_eq!(said, "before HA308 30\nbefore HA408 35\nbefore HA002 38\napplied 1\nafter HA308 30\n");
    let fix = Command::new("timeout")
        .args(["60", env!("CARGO_BIN_EXE_halint"), "check", "--isolated", "--fix", "-q"])
        .arg(&by_check)
        .output()
        .expect("halint runs");
    assert_eq!(fix.status.code(), Some(1), "one finding is left: {}", String::from_utf8_lossy(&fix.stderr));
    let written = std::fs::read_to_string(&manifest).expect("read");
    assert_eq!(written, std::fs::read_to_string(&by_check).expect("read"));
    assert!(written.contains("haproxy.cfg: |\n") && written.contains("20k peers mesh\n"), "{written}");
    let _ = std::fs::remove_dir_all(&dir);
}
