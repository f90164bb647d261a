//! `halint fmt` on the command line: exit statuses, `--check`, `--diff`,
//! standard input, `[format]` from halint.toml, refusal of broken files.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn halint(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_halint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("halint runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("stdin written");
    child.wait_with_output().expect("halint ends")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-fmt-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

const MESSY: &str = "global\n  daemon   \n\n\n\nbackend b\n server s1 10.0.0.1:80\n";
const TIDY: &str = "global\n    daemon\n\nbackend b\n    server s1 10.0.0.1:80\n";

#[test]
fn check_diff_and_write() {
    let dir = scratch("modes");
    std::fs::write(dir.join("h.cfg"), MESSY).expect("write");
    let check = halint(&dir, &["fmt", "--check", "--isolated", "h.cfg"], "");
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("would reformat h.cfg"));
    let diff = halint(&dir, &["fmt", "--diff", "--isolated", "h.cfg"], "");
    assert_eq!(diff.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&diff.stdout).contains("+    server s1 10.0.0.1:80\n"));
    assert_eq!(
        std::fs::read_to_string(dir.join("h.cfg")).expect("read"),
        MESSY,
        "--check/--diff write nothing"
    );
    let write = halint(&dir, &["fmt", "--isolated", "h.cfg"], "");
    assert_eq!(write.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.join("h.cfg")).expect("read"), TIDY);
    let again = halint(&dir, &["fmt", "--check", "--isolated", "h.cfg"], "");
    assert_eq!(again.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn standard_input_and_indent_from_halint_toml() {
    let dir = scratch("toml");
    std::fs::write(dir.join("halint.toml"), "[format]\nindent = 2\n").expect("write");
    let out = halint(&dir, &["fmt", "-"], MESSY);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), TIDY.replace("    ", "  "));
    std::fs::write(dir.join("halint.toml"), "[format]\nindent = 3.5\n").expect("write");
    let bad = halint(&dir, &["fmt", "-"], MESSY);
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_with_syntax_errors_is_refused_unless_forced() {
    let dir = scratch("broken");
    let broken = "global\n  log \"x\n  daemon  \n";
    std::fs::write(dir.join("h.cfg"), broken).expect("write");
    let out = halint(&dir, &["fmt", "--isolated", "h.cfg"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unterminated double quote") && stderr.contains("not formatted"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("h.cfg")).expect("read"), broken);
    let forced = halint(&dir, &["fmt", "--force", "--isolated", "h.cfg"], "");
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.join("h.cfg")).expect("read"), "global\n  log \"x\n    daemon\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn manifests_are_refused() {
    let dir = scratch("yaml");
    std::fs::write(dir.join("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n").expect("write");
    let out = halint(&dir, &["fmt", "--isolated", "cm.yaml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not Kubernetes manifests"));
    assert_eq!(
        std::fs::read_to_string(dir.join("cm.yaml")).expect("read"),
        "apiVersion: v1\nkind: ConfigMap\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn folders_are_walked_as_check_walks_them() {
    let dir = scratch("walk");
    for sub in ["conf", "vendor", "k8s", "built"] {
        std::fs::create_dir_all(dir.join(sub)).expect("dir");
    }
    let ini = "[metadata]\n  name  =  tool\n";
    let manifest =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: haproxy\ndata:\n  haproxy.cfg: |\n    global\n      daemon   \n";
    std::fs::write(dir.join("halint.toml"), "[files]\nexclude = [\"vendor\"]\n").expect("write");
    std::fs::write(dir.join(".gitignore"), "built/\n").expect("write");
    let messy = ["conf/haproxy.cfg", "conf/app.cfg", "extra.conf", "vendor/haproxy.cfg", "built/haproxy.cfg"];
    for file in messy {
        std::fs::write(dir.join(file), MESSY).expect("write");
    }
    std::fs::write(dir.join("setup.cfg"), ini).expect("write");
    std::fs::write(dir.join("k8s/cm.yaml"), manifest).expect("write");

    let check = halint(&dir, &["fmt", "--check", "--include", "*.conf", "."], "");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "would reformat conf/app.cfg\nwould reformat conf/haproxy.cfg\nwould reformat extra.conf\n",
        "configs by name or content and --include; not the INI file, the manifest, [files] exclude or .gitignore"
    );
    let write = halint(&dir, &["fmt", "--include", "*.conf", "."], "");
    assert_eq!(write.status.code(), Some(0), "{}", String::from_utf8_lossy(&write.stderr));
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("read");
    for file in ["conf/haproxy.cfg", "conf/app.cfg", "extra.conf"] {
        assert_eq!(read(file), TIDY, "{file}");
    }
    for file in ["vendor/haproxy.cfg", "built/haproxy.cfg"] {
        assert_eq!(read(file), MESSY, "{file}");
    }
    assert_eq!((read("setup.cfg").as_str(), read("k8s/cm.yaml").as_str()), (ini, manifest));

    // --force-exclude (pre-commit passes every file): the named files a walk would not take are left alone.
    std::fs::write(dir.join("conf/haproxy.cfg"), MESSY).expect("write");
    let named = ["setup.cfg", "k8s/cm.yaml", "vendor/haproxy.cfg", "conf/haproxy.cfg"];
    let mut args = vec!["fmt", "--check", "--force-exclude"];
    args.extend(named);
    let forced = halint(&dir, &args, "");
    assert_eq!(forced.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&forced.stderr), "would reformat conf/haproxy.cfg\n");
    let _ = std::fs::remove_dir_all(&dir);
}
