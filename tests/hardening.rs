//! Hostile inputs: each one used to take minutes, gigabytes or forever.
//! Every run here must finish within a generous bound in a debug build.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Runs halint in `dir`; kills it and fails the test past `limit`.
fn halint_within(args: &[&str], dir: &Path, limit: Duration) -> Output {
    common::run::halint_in(args, Some(dir), None, limit)
}

/// A fresh folder for one test.
fn workdir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-hard-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

const SECONDS: Duration = Duration::from_secs(10);

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cluster_server_ids_of_a_huge_template_are_assigned_in_linear_time() {
    // 100,000 servers in 5 files: over a minute before (a list searched per id).
    let dir = workdir("cluster-template");
    let peers: String = (1..=5).map(|j| format!("    peer lb{j} 10.0.0.{j}:1024\n")).collect();
    let mut args = vec!["check".to_owned(), "--cluster".to_owned()];
    for i in 1..=5 {
        let cfg = format!(
            "peers mesh\n{peers}\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s0 10.0.1.1:80 id 3\n    server-template srv 1-100000 10.0.1.1:80\n"
        );
        std::fs::write(dir.join(format!("lb{i}.cfg")), cfg).expect("write");
        args.extend([format!("lb{i}.cfg"), "--local".to_owned(), format!("lb{i}.cfg=lb{i}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = halint_within(&args, &dir, SECONDS);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", text(&o.stderr));
}

#[test]
fn many_undefined_backends_get_suggestions_in_bounded_time() {
    // 10,000 misses against 10,000 backends, and a 1 MB name: minutes before.
    let dir = workdir("did-you-mean");
    let backends: String =
        (0..10_000).map(|i| format!("backend be_{i:05}\n    server s1 10.0.0.1:80\n")).collect();
    let uses: String = (0..10_000).map(|i| format!("    use_backend bx_{i:05}x if TRUE\n")).collect();
    let long = "a".repeat(1_000_000);
    let cfg = format!(
        "frontend fe\n    bind :80\n    default_backend be_0000\n    default_backend {long}\n{uses}\n{backends}"
    );
    std::fs::write(dir.join("h.cfg"), cfg).expect("write");
    let o = halint_within(
        &["check", "--format", "json", "--select", "undefined-backend", "h.cfg"],
        &dir,
        SECONDS,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // The first misses still get their suggestion.
    assert!(out.contains("did you mean 'be_00000'?"), "{}", &out[..2000.min(out.len())]);
}

#[test]
fn endless_and_huge_inputs_are_refused_without_reading_them() {
    let dir = workdir("huge");
    // Sparse: 4 GiB on paper, nothing on disk. It was read whole before.
    let sparse = std::fs::File::create(dir.join("sparse.cfg")).expect("create");
    sparse.set_len(4 << 30).expect("set_len");
    for args in [&["check", "/dev/zero"][..], &["check", "sparse.cfg"], &["parse", "/dev/zero"]] {
        let o = halint_within(args, &dir, SECONDS);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains("MiB, the most halint reads"), "{args:?}: {}", text(&o.stderr));
    }
    // Standard input may block, but not grow without end.
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let o =
        Command::new(env!("CARGO_BIN_EXE_halint")).args(["check", "-"]).stdin(zero).output().expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("'-' is larger than"), "{}", text(&o.stderr));
}

#[test]
fn a_named_pipe_without_writer_is_given_up_on() {
    let dir = workdir("fifo");
    assert!(Command::new("mkfifo").arg(dir.join("pipe.cfg")).status().expect("mkfifo").success());
    let o = halint_within(&["check", "pipe.cfg"], &dir, SECONDS);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("named pipe and nothing was written"), "{}", text(&o.stderr));
    // A pipe that is written to is read as any file.
    let pipe = dir.join("pipe.cfg");
    let writer =
        std::thread::spawn(move || std::fs::write(pipe, "global\n    maxconn 100\n").expect("write"));
    let o = halint_within(&["check", "pipe.cfg"], &dir, SECONDS);
    writer.join().expect("writer");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn nul_bytes_and_findings_on_every_byte_stay_bounded_in_every_format() {
    // 64 KiB of NULs: over 120 s and 2.6 GB of human output before; 1 MiB
    // in JSON: 112 s. A line of 20,000 bad escapes: 20,000 reprints of it.
    let dir = workdir("nul");
    std::fs::write(dir.join("nul64k.cfg"), vec![0u8; 64 << 10]).expect("write");
    std::fs::write(dir.join("nul1m.cfg"), vec![0u8; 1 << 20]).expect("write");
    std::fs::write(dir.join("hex.cfg"), format!("global\n    x {}\n", "\\x".repeat(20_000))).expect("write");
    for file in ["nul64k.cfg", "nul1m.cfg", "hex.cfg"] {
        for format in ["human", "json", "github", "sarif"] {
            let o = halint_within(&["check", "--format", format, file], &dir, SECONDS);
            assert_eq!(o.status.code(), Some(1), "{file} {format}: {}", text(&o.stderr));
            // Each format repeats the line a bounded number of times (miette
            // draws a long line whole, and pads labels under it to its column).
            assert!(o.stdout.len() < 24 << 20, "{file} {format}: {} bytes", o.stdout.len());
        }
    }
    let o =
        halint_within(&["check", "--format", "json", "--select", "syntax-error", "nul1m.cfg"], &dir, SECONDS);
    let json: String = text(&o.stdout);
    assert_eq!(json.matches("\"rule\": \"syntax-error\"").count(), 1, "one finding for the run of NULs");
    let o =
        halint_within(&["check", "--format", "github", "--select", "syntax-error", "hex.cfg"], &dir, SECONDS);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 11, "{out}");
    assert!(out.contains("19990 more findings of `syntax-error` left out"), "{out}");
}

/// A config whose text tries to drive the terminal and the CI runner.
const HOSTILE: &[u8] = b"global\n    maxconn 10\rjunk\r\n\rfrontend fe\n    bind :80\n    use_backend nope\x1b[2J\x07\n    default_backend \"a\\n::error::pwned\"\n";

#[test]
fn human_and_github_output_carry_no_control_bytes_nor_workflow_commands() {
    let dir = workdir("control");
    std::fs::write(dir.join("h.cfg"), HOSTILE).expect("write");
    for format in ["human", "github"] {
        let o = halint_within(&["check", "--format", format, "h.cfg"], &dir, SECONDS);
        assert_eq!(o.status.code(), Some(1));
        let out = text(&o.stdout);
        let raw: Vec<char> = out.chars().filter(|c| c.is_control() && *c != '\n').collect();
        assert!(raw.is_empty(), "{format}: control characters {raw:?} in:\n{out}");
        assert!(out.contains("\\x1b[2J\\x07"), "{format}: the escape is shown:\n{out}");
        let commands: Vec<&str> = out.lines().filter(|l| l.trim_start().starts_with("::")).collect();
        if format == "github" {
            // Only the annotations themselves, one line per finding.
            assert!(commands.iter().all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
            assert_eq!(out.lines().count(), 3, "{out}");
        } else {
            assert!(commands.is_empty(), "{commands:?}");
        }
    }
}

#[test]
fn human_line_numbers_after_a_lone_carriage_return_are_json_lines() {
    let dir = workdir("cr-lines");
    std::fs::write(dir.join("h.cfg"), HOSTILE).expect("write");
    let json = halint_within(&["check", "--format", "json", "h.cfg"], &dir, SECONDS);
    let json = text(&json.stdout);
    let lines: Vec<String> = json
        .lines()
        .filter(|l| l.starts_with("      \"line\": "))
        .map(|l| l.trim().trim_start_matches("\"line\": ").trim_end_matches(',').to_owned())
        .collect();
    assert_eq!(lines, ["2", "5", "6"], "{json}");
    let human = text(&halint_within(&["check", "h.cfg"], &dir, SECONDS).stdout);
    let shown: Vec<&str> =
        human.lines().filter_map(|l| l.split_once("[h.cfg:")?.1.split(':').next()).collect();
    assert_eq!(shown, lines, "{human}");
    // The excerpt numbers lines as HAProxy does: line 5 is the use_backend line.
    assert!(human.lines().any(|l| l.trim_start().starts_with("5 │     use_backend nope")), "{human}");
}
