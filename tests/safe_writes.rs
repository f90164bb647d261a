//! `--fix` never loses data and never writes where it should not: planted
//! symlinks, symlinked configs, FIFOs and devices, owners, modes and extended
//! attributes, read-only files, files edited during the run, signals and
//! SIGKILL at any moment; and output that cannot be written is an error.
//!
//! Every run of halint here is bounded in time. `HALINT_BIN` runs these
//! tests against another build (an older one shows what they catch).
#![cfg(target_os = "linux")]

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);

fn bin() -> PathBuf {
    std::env::var_os("HALINT_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_halint")), PathBuf::from)
}

const INVENTORY: [&str; 5] =
    ["--isolated", "--instance", "lb1=127.0.0.1:10001", "--instance", "lb2=127.0.0.2:10001"];

/// `halint check --fix` (inventory given) with `extra` arguments, in `dir`.
fn fix_command(dir: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("check").arg("--fix").args(INVENTORY).args(extra).current_dir(dir).env("NO_COLOR", "1");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

/// Waits for `child` at most `limit`, then kills it and fails the test.
fn finish(child: Child, limit: Duration) -> Output {
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(limit) {
        Ok(output) => output.expect("waits"),
        Err(_) => {
            kill(pid, rustix::process::Signal::KILL);
            panic!("halint (pid {pid}) did not finish within {limit:?}");
        }
    }
}

fn run(cmd: &mut Command) -> Output {
    finish(cmd.spawn().expect("spawns"), LIMIT)
}

fn kill(pid: u32, signal: rustix::process::Signal) {
    if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process(pid, signal);
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty folder for one test, removed when the test passes
/// (kept for a look when it fails).
struct Workdir(PathBuf);

impl std::ops::Deref for Workdir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Workdir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn workdir(test: &str) -> Workdir {
    let dir = std::env::temp_dir().join(format!("halint-safe-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    Workdir(dir)
}

/// A config of `backends` backends whose stick-tables lack `peers`: one safe
/// fix each (`peers mesh`). 5,000 backends are 1.9 MB.
fn unshared_config(backends: usize) -> String {
    let mut text = String::from(
        "peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 127.0.0.2:10001\n\ndefaults\n    mode http\n\n",
    );
    for i in 0..backends {
        text.push_str(&format!(
            "backend app{i} # service {i}\n    balance roundrobin\n    stick-table type ip size 20k expire 30m\n    stick on src\n    http-request set-header X-Service \"app {i}\"\n"
        ));
        for s in 1..=4 {
            text.push_str(&format!(
                "    server s{s} 10.{s}.{}.{}:8080 check inter 2s\n",
                (i / 250) % 250,
                i % 250
            ));
        }
        text.push('\n');
    }
    text
}

fn fixed_text(original: &str) -> String {
    original.replace("size 20k expire 30m\n", "size 20k expire 30m peers mesh\n")
}

/// Files in `dir` other than `keep`.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<(String, u32)> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| !keep.iter().any(|k| e.file_name() == *k))
        .map(|e| {
            let mode = e.metadata().map_or(0, |m| m.mode() & 0o7777);
            (e.file_name().to_string_lossy().into_owned(), mode)
        })
        .collect()
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Item 1: the old temporary name (`.NAME.halint-<pid>.tmp`, opened with
/// File::create) let whoever can write the folder plant a symlink there and
/// have `--fix` overwrite its target.
#[test]
fn a_planted_symlink_at_the_old_temporary_name_is_not_followed() {
    let dir = workdir("planted");
    let original = unshared_config(3000);
    std::fs::write(dir.join("haproxy.cfg"), &original).expect("write");
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious\n").expect("write");
    let child = fix_command(&dir, &["haproxy.cfg"]).spawn().expect("spawns");
    std::os::unix::fs::symlink(&victim, dir.join(format!(".haproxy.cfg.halint-{}.tmp", child.id())))
        .expect("plants the symlink");
    let out = finish(child, LIMIT);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious\n", "{}", stderr(&out));
    let config = dir.join("haproxy.cfg");
    assert!(std::fs::symlink_metadata(&config).expect("meta").is_file(), "the config is still a file");
    assert_eq!(std::fs::read_to_string(&config).expect("read"), fixed_text(&original));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Item 1: the new text is never in a file others may read, not even for
/// a moment (the old temporary file was 0644 until after its last byte):
/// the folder is listed again and again while `--fix` runs on a 0600 config.
#[test]
fn a_private_config_is_never_readable_by_others_during_the_fix() {
    let dir = workdir("private");
    let original = unshared_config(5000);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, &original).expect("write");
    set_mode(&path, 0o600);
    let mut child = fix_command(&dir, &["haproxy.cfg"]).spawn().expect("spawns");
    let start = Instant::now();
    let mut exposed = std::collections::BTreeSet::new();
    while child.try_wait().expect("waits").is_none() {
        assert!(start.elapsed() < LIMIT, "halint did not finish");
        for entry in std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()) {
            let mode = entry.metadata().map_or(0, |m| m.mode() & 0o777);
            if mode & 0o077 != 0 {
                exposed.insert(format!("{} {mode:04o}", entry.file_name().to_string_lossy()));
            }
        }
    }
    let out = finish(child, LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), fixed_text(&original));
    assert_eq!(exposed, std::collections::BTreeSet::new(), "readable by others during the fix");
}

/// Item 1: SIGTERM and SIGINT during `--fix` exit 143 and 130, with the
/// file either untouched or fixed and no temporary file left.
#[test]
fn sigterm_and_sigint_exit_143_and_130_leaving_no_temporary_file() {
    let dir = workdir("signals");
    let original = unshared_config(5000);
    for (signal, code) in [(rustix::process::Signal::TERM, 143), (rustix::process::Signal::INT, 130)] {
        std::fs::write(dir.join("haproxy.cfg"), &original).expect("write");
        let child = fix_command(&dir, &["haproxy.cfg"]).spawn().expect("spawns");
        std::thread::sleep(Duration::from_millis(250));
        kill(child.id(), signal);
        let out = finish(child, LIMIT);
        assert_eq!(out.status.code(), Some(code), "{signal:?}: {}", stderr(&out));
        let now = std::fs::read_to_string(dir.join("haproxy.cfg")).expect("read");
        assert!(now == original || now == fixed_text(&original), "{signal:?}: a partial file");
        assert_eq!(leftovers(&dir, &["haproxy.cfg"]), [], "{signal:?}");
    }
}

/// Item 2: a symlinked config is fixed in its target; the link stays a link.
#[test]
fn fix_writes_through_a_symlink() {
    let dir = workdir("symlink");
    let original = unshared_config(2);
    std::fs::create_dir_all(dir.join("real")).expect("dir");
    std::fs::write(dir.join("real/haproxy.cfg"), &original).expect("write");
    std::os::unix::fs::symlink("real/haproxy.cfg", dir.join("link.cfg")).expect("symlink");
    let out = run(&mut fix_command(&dir, &["link.cfg"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(dir.join("link.cfg")).expect("meta").file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.join("real/haproxy.cfg")).expect("read"), fixed_text(&original));
    assert_eq!(leftovers(&dir.join("real"), &["haproxy.cfg"]), []);
}

/// Item 2: FIFOs, character devices and links to /dev/stdin are refused
/// before anything is read (exit 2, a clear message).
#[test]
fn fix_refuses_fifos_devices_and_dev_stdin() {
    let dir = workdir("special");
    let original = unshared_config(2);
    let fifo = dir.join("fifo.cfg");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    std::fs::write(dir.join("input.cfg"), &original).expect("write");
    std::os::unix::fs::symlink("/dev/stdin", dir.join("stdin.cfg")).expect("symlink");
    for target in ["fifo.cfg", "/dev/null", "stdin.cfg"] {
        let mut cmd = fix_command(&dir, &[target]);
        cmd.stdin(std::fs::File::open(dir.join("input.cfg")).expect("open"));
        let out = finish(cmd.spawn().expect("spawns"), Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains("is not a regular file"), "{target}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(dir.join("input.cfg")).expect("read"), original);
    assert!(std::fs::symlink_metadata(dir.join("stdin.cfg")).expect("meta").file_type().is_symlink());
}

/// Item 3: owner, group, mode and extended attributes survive `--fix`
/// (the owner part needs root: the file must belong to someone else).
#[test]
fn fix_keeps_owner_group_mode_and_extended_attributes() {
    let dir = workdir("owner");
    let original = unshared_config(2);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, &original).expect("write");
    set_mode(&path, 0o640);
    if is_root() {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).expect("chown");
    }
    let file = std::fs::File::open(&path).expect("open");
    let xattrs = rustix::fs::fsetxattr(&file, "user.halint-test", b"kept", rustix::fs::XattrFlags::empty());
    if xattrs.is_err() {
        eprintln!("note: no user extended attributes here ({xattrs:?}); that part is skipped");
    }
    let before = std::fs::metadata(&path).expect("meta");
    let out = run(&mut fix_command(&dir, &["haproxy.cfg"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), fixed_text(&original));
    let after = std::fs::metadata(&path).expect("meta");
    assert_ne!(after.ino(), before.ino(), "replaced by a rename");
    assert_eq!((after.uid(), after.gid(), after.mode() & 0o7777), (before.uid(), before.gid(), 0o640));
    if xattrs.is_ok() {
        let file = std::fs::File::open(&path).expect("open");
        let mut value = [0u8; 16];
        let len = rustix::fs::fgetxattr(&file, "user.halint-test", &mut value[..]).expect("xattr kept");
        assert_eq!(&value[..len], b"kept");
    }
}

/// Item 3: a read-only file (no write bit) is not rewritten, even by root.
#[test]
fn fix_refuses_read_only_files() {
    let dir = workdir("read-only");
    let original = unshared_config(2);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, &original).expect("write");
    set_mode(&path, 0o444);
    let out = run(&mut fix_command(&dir, &["haproxy.cfg"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("'haproxy.cfg' is read-only (mode 0444); not written"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
    assert_eq!(std::fs::metadata(&path).expect("meta").mode() & 0o7777, 0o444);
}

/// Item 3: when no temporary file can be made, the error names the folder
/// (the file itself may well be writable). Root runs halint as another user.
#[test]
fn no_temporary_file_names_the_folder() {
    use std::os::unix::process::CommandExt;
    let dir = workdir("folder");
    let original = unshared_config(2);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, &original).expect("write");
    let mut cmd = fix_command(&dir, &["haproxy.cfg"]);
    if is_root() {
        std::os::unix::fs::chown(&path, Some(4242), Some(4242)).expect("chown");
        set_mode(&dir, 0o755);
        cmd.uid(4242).gid(4242);
    } else {
        set_mode(&dir, 0o555);
    }
    let out = run(&mut cmd);
    set_mode(&dir, 0o755);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let folder = std::fs::canonicalize(&dir).expect("canonical");
    assert!(
        stderr(&out).contains(&format!("cannot create a temporary file in folder '{}'", folder.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
}

/// Whether `pid` has read `bytes` bytes in all and holds no file open in `dir`.
fn has_read(pid: u32, bytes: u64, dir: &Path) -> bool {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
    let read: u64 =
        io.lines().find_map(|l| l.strip_prefix("rchar: ")).and_then(|n| n.parse().ok()).unwrap_or(0);
    let open_here = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.filter_map(|f| f.ok()).any(|f| std::fs::read_link(f.path()).is_ok_and(|t| t.starts_with(dir)))
        })
        .unwrap_or(true);
    read >= bytes && !open_here
}

/// Item 4: a file edited while `--fix` ran is not overwritten; the others
/// are written, stderr says which is which, and the exit status is 2.
#[test]
fn a_file_changed_during_the_fix_is_not_written() {
    let dir = workdir("changed");
    let small = unshared_config(2);
    let big = unshared_config(5000);
    std::fs::write(dir.join("small.cfg"), &small).expect("write");
    std::fs::write(dir.join("big.cfg"), &big).expect("write");
    let child = fix_command(&dir, &["small.cfg", "big.cfg"]).spawn().expect("spawns");
    let start = Instant::now();
    let folder = std::fs::canonicalize(&dir).expect("canonical");
    while !has_read(child.id(), (small.len() + big.len()) as u64, &folder) {
        assert!(start.elapsed() < LIMIT, "halint never read the files");
        std::thread::sleep(Duration::from_millis(2));
    }
    let edited = format!("{big}# edited meanwhile\n");
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("big.cfg"))
        .and_then(|mut f| f.write_all(b"# edited meanwhile\n"))
        .expect("edit");
    let out = finish(child, LIMIT);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("'big.cfg' changed on disk while halint ran; not written"), "{err}");
    assert!(err.contains("not written: big.cfg; written: small.cfg"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join("big.cfg")).expect("read"), edited);
    assert_eq!(std::fs::read_to_string(dir.join("small.cfg")).expect("read"), fixed_text(&small));
    assert_eq!(leftovers(&dir, &["small.cfg", "big.cfg"]), []);
}

/// Item 5: output that cannot be written (a full disk) is exit 2 with a
/// message, in every format and command; nothing panics.
#[test]
fn output_to_a_full_device_exits_2() {
    let dir = workdir("full");
    let original = unshared_config(2);
    std::fs::write(dir.join("haproxy.cfg"), &original).expect("write");
    let check =
        ["check", "--isolated", "--instance", "lb1=127.0.0.1:10001", "--instance", "lb2=127.0.0.2:10001"];
    let with = |extra: &[&str]| -> Vec<String> { check.iter().chain(extra).map(|s| s.to_string()).collect() };
    let cases: Vec<Vec<String>> = vec![
        with(&["haproxy.cfg"]),
        with(&["--format", "json", "haproxy.cfg"]),
        with(&["--format", "github", "haproxy.cfg"]),
        with(&["--format", "sarif", "haproxy.cfg"]),
        with(&["--diff", "haproxy.cfg"]),
        with(&["--fix", "-"]),
        vec!["parse".into(), "haproxy.cfg".into()],
        vec!["rules".into()],
        vec!["explain".into(), "stick-table-not-shared".into()],
    ];
    for args in cases {
        let mut cmd = Command::new(bin());
        cmd.args(&args).current_dir(&dir).env("NO_COLOR", "1");
        cmd.stdin(std::fs::File::open(dir.join("haproxy.cfg")).expect("open"));
        cmd.stdout(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full"));
        cmd.stderr(Stdio::piped());
        let out = run(&mut cmd);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("halint: error: writing to standard output"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(dir.join("haproxy.cfg")).expect("read"), original);
}

/// Item 5: a reader that went away (EPIPE) is exit 2 without a message.
#[test]
fn a_closed_pipe_exits_2_quietly() {
    let dir = workdir("pipe");
    std::fs::write(dir.join("haproxy.cfg"), unshared_config(2000)).expect("write");
    let check = ["check", "--isolated", "--format", "json", "--instance", "lb1=127.0.0.1:10001"];
    for args in [
        &["parse", "haproxy.cfg"][..],
        &[&check[..], &["--instance", "lb2=127.0.0.2:10001", "haproxy.cfg"]].concat(),
    ] {
        let mut child = Command::new(bin())
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        // Megabytes of JSON into a pipe nobody reads.
        drop(child.stdout.take());
        let out = finish(child, LIMIT);
        assert_eq!((out.status.code(), stderr(&out)), (Some(2), String::new()), "{args:?}");
    }
}

/// SIGKILL at 12 random moments of `--fix` on a 1.5 MB config (4,000 fixes;
/// ~1.5 s a run in a debug build; `HALINT_CRASH_BACKENDS=63000` makes it the
/// 24 MB of the benchmark, 15 s a run): the file is always the original or
/// the fully fixed text, never a mix, and no temporary copy is left that
/// others could read. Half the kills aim at the run's last quarter, where
/// it writes.
#[test]
fn sigkill_at_any_moment_leaves_the_original_or_the_fixed_file() {
    let dir = workdir("sigkill");
    let backends = std::env::var("HALINT_CRASH_BACKENDS").ok().and_then(|n| n.parse().ok()).unwrap_or(4000);
    let original = unshared_config(backends);
    let fixed = fixed_text(&original);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, &original).expect("write");
    set_mode(&path, 0o640);
    let start = Instant::now();
    let out = run(&mut fix_command(&dir, &["haproxy.cfg"]));
    let full_run = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), fixed);

    let mut seed = std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), 1u8);
    let mut random = move || {
        // xorshift64: enough to spread the kills.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 10_000) as f64 / 10_000.0
    };
    let (mut untouched, mut written) = (0, 0);
    for round in 0..12 {
        std::fs::write(&path, &original).expect("write");
        set_mode(&path, 0o640);
        let at = if round % 2 == 0 { random() * 1.1 } else { 0.75 + random() * 0.35 };
        let delay = full_run.mul_f64(at);
        let child = fix_command(&dir, &["haproxy.cfg"]).spawn().expect("spawns");
        std::thread::sleep(delay);
        kill(child.id(), rustix::process::Signal::KILL);
        finish(child, LIMIT);
        let now = std::fs::read(&path).expect("read");
        if now == original.as_bytes() {
            untouched += 1;
        } else if now == fixed.as_bytes() {
            written += 1;
        } else {
            panic!("killed after {delay:?}: a partial file of {} bytes", now.len());
        }
        // O_TMPFILE: nothing can remain but a linked name killed before its
        // rename, and that one has the original's mode from the start.
        let left = leftovers(&dir, &["haproxy.cfg"]);
        assert!(left.len() <= 1 && left.iter().all(|(_, mode)| mode & !0o640 == 0), "{left:?}");
        for (name, _) in left {
            std::fs::remove_file(dir.join(name)).expect("remove");
        }
    }
    eprintln!("12 kills: {untouched} left the original, {written} the fixed file (a run takes {full_run:?})");
}
