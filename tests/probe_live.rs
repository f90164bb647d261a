//! `halint probe` against real HAProxy 2.6 processes on loopback.
//!
//! Each test starts two instances (`h1`, `h2`) that should share table
//! `app` through `peers mesh`, breaks one thing on `h2` (its file, or how it
//! was started), and checks that the probe, given the intended config and
//! inventory, reports exactly that within its timeout; the healthy cluster
//! reports nothing. Every process is SIGKILLed and reaped by PID when its
//! `Cluster` is dropped (also on panic); every wait has a deadline.

#[path = "support/live_cluster.rs"]
mod live_cluster;
#[allow(dead_code)] // shared with other tests; this one uses only the runner
#[path = "common/run.rs"]
mod run;

use live_cluster::{free_ports, haproxy_binary, mesh_config, BackendServer, Cluster, InstanceSpec};
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant, SystemTime};

/// Spawn → both stats sockets answer.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Start → the sessions that can come up are up (stably for 1.5 s).
const ESTA_TIMEOUT: Duration = Duration::from_secs(12);
/// One probe run: its --timeout (3 s per command and for replication) with room to spare.
const PROBE_LIMIT: Duration = Duration::from_secs(20);

/// The cluster's intended config: `peer_h1` is the port h1's line gives
/// (wrong in a broken file), `shared` whether app's table has `peers mesh`.
fn config(ports: &Ports, peer_h1: u16, shared: bool) -> String {
    let peers = format!("    peer h1 127.0.0.1:{peer_h1}\n    peer h2 127.0.0.1:{}\n", ports.p2);
    let sharing = if shared { " peers mesh" } else { "" };
    let table = format!("    stick-table type ip size 20k expire 30m{sharing}\n");
    mesh_config(&peers, &table, [ports.s1, ports.s2])
}

struct Ports {
    p1: u16,
    p2: u16,
    s1: u16,
    s2: u16,
}

/// A started cluster with its backends and the intended config on disk.
struct Setup {
    cluster: Cluster,
    _backends: Vec<BackendServer>,
    config: PathBuf,
    ports: Ports,
}

/// Starts `h1` with the intended config and `h2` as `h2_name` (its `-L`)
/// with the config `h2_config` makes from the ports.
fn start(h2_name: &str, h2_config: impl Fn(&Ports) -> String) -> Setup {
    haproxy_binary().expect("haproxy is not installed (`apt-get install -y haproxy`)");
    let backends = BackendServer::start_many(&["s1", "s2"]).expect("backend servers");
    let p = free_ports(2);
    let ports = Ports { p1: p[0], p2: p[1], s1: backends[0].port(), s2: backends[1].port() };
    let good = config(&ports, ports.p1, true);
    let specs = vec![InstanceSpec::new("h1", &good), InstanceSpec::new(h2_name, &h2_config(&ports))];
    let cluster = Cluster::start_specs(specs, START_TIMEOUT).expect("start the cluster");
    let config = cluster.dir().join("intended.cfg");
    std::fs::write(&config, &good).expect("write the intended config");
    // Written before the processes started, as a deployed file is; a later
    // change is what `running-config-differs` reports.
    set_modified(&config, SystemTime::now() - Duration::from_secs(3600));
    Setup { cluster, _backends: backends, config, ports }
}

impl Setup {
    /// `halint probe` with the intended config, the inventory, and each
    /// instance's socket (h2's is the socket of the process started for it).
    fn probe_args(&self, h2_name: &str, extra: &[&str]) -> Vec<String> {
        let sock = |n: &str| self.cluster.stats_socket(n).display().to_string();
        let mut args: Vec<String> = vec![
            "probe".into(),
            "--isolated".into(),
            self.config.display().to_string(),
            format!("--instance=h1=127.0.0.1:{}", self.ports.p1),
            format!("--instance=h2=127.0.0.1:{}", self.ports.p2),
            format!("--socket=h1={}", sock("h1")),
            format!("--socket=h2={}", sock(h2_name)),
            "--timeout=3".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    /// Runs [`Setup::probe_args`]; returns the output and how long it took.
    fn probe(&self, h2_name: &str, extra: &[&str]) -> (Output, Duration) {
        run_probe(self.probe_args(h2_name, extra), self.cluster.dir().to_owned())
    }

    fn through(&self) -> [String; 2] {
        [
            format!("--through=h1={}", self.cluster.fe_addr("h1")),
            format!("--through=h2={}", self.cluster.fe_addr("h2")),
        ]
    }
}

fn set_modified(path: &std::path::Path, when: SystemTime) {
    let file = std::fs::File::options().write(true).open(path).expect("open the config");
    file.set_modified(when).expect("set its modification time");
}

fn run_probe(args: Vec<String>, dir: PathBuf) -> (Output, Duration) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t = Instant::now();
    let out = run::halint_in(&args, Some(&dir), None, PROBE_LIMIT);
    (out, t.elapsed())
}

/// The findings of a JSON report as `(rule, message)`.
fn findings(out: &Output) -> Vec<(String, String)> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}\n{}", text(&out.stdout), text(&out.stderr)));
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_healthy_cluster_reports_nothing_and_replicates() {
    let s = start("h2", |p| config(p, p.p1, true));
    s.cluster.wait_peers_established(ESTA_TIMEOUT).expect("peers established");
    let [t1, t2] = s.through();
    let (out, took) = s.probe("h2", &[&t1, &t2]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_eq!(stdout, "probed 2 instances: no findings\n");
    assert!(took < Duration::from_secs(5), "a healthy probe took {took:?}");
    let (json, _) = s.probe("h2", &["--format=json", &t1]);
    assert_eq!(findings(&json), []);
    // The same from halint.toml's inventory and [probe] table, found in the working folder.
    let toml = format!(
        "[cluster]\npeers = \"mesh\"\n\n[[cluster.instance]]\nname = \"h1\"\naddress = \"127.0.0.1:{}\"\n\n\
         [[cluster.instance]]\nname = \"h2\"\naddress = \"127.0.0.1:{}\"\n\n[probe]\ntimeout = 3\npath = \"/x\"\n\n\
         [probe.socket]\nh1 = \"h1.sock\"\nh2 = \"h2.sock\"\n\n[probe.through]\nh1 = \"{}\"\n",
        s.ports.p1,
        s.ports.p2,
        s.cluster.fe_addr("h1")
    );
    std::fs::write(s.cluster.dir().join("halint.toml"), toml).expect("write halint.toml");
    let (out, _) = run_probe(vec!["probe".into(), "intended.cfg".into()], s.cluster.dir().to_owned());
    assert_eq!(
        (out.status.code(), text(&out.stdout).as_str()),
        (Some(0), "probed 2 instances: no findings\n")
    );
    // The file changes after the processes started (they have run 1.5 s at least).
    set_modified(&s.config, SystemTime::now() + Duration::from_secs(2));
    let (out, _) = s.probe("h2", &["--format=json"]);
    assert_eq!(out.status.code(), Some(0), "infos do not fail the run");
    let found = findings(&out);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(r, m)| r == "running-config-differs" && m.contains("changed after")),
        "{found:?}"
    );
    eprintln!("healthy probe with replication through both: {took:?}");
}

#[test]
fn a_wrong_peer_port_in_one_file_is_found() {
    // h2's file sends h1's peers to a port nobody listens on; h1 dials h2
    // correctly, so the session comes up anyway and only the address shows it.
    let s = start("h2", |p| config(p, p.p1 + 1, true));
    s.cluster.wait_peers_established(ESTA_TIMEOUT).expect("h1 opens the session to h2");
    let (out, took) = s.probe("h2", &["--format=json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let found = findings(&out);
    let want =
        format!("'h2' has peer 'h1' at 127.0.0.1:{}, but it is at 127.0.0.1:{}", s.ports.p1 + 1, s.ports.p1);
    assert_eq!(found, [("runtime-peer-address-mismatch".to_owned(), want)], "took {took:?}");
}

#[test]
fn an_instance_started_under_another_name_is_found_and_does_not_replicate() {
    // h2's process runs with -L lb2: HAProxy drops `peers mesh` there.
    let s = start("lb2", |p| config(p, p.p1, true));
    assert!(s.cluster.log("lb2").contains("Removing incomplete section 'peers mesh'"));
    let t1 = format!("--through=h1={}", s.cluster.fe_addr("h1"));
    let (out, took) = s.probe("lb2", &["--format=json", &t1]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let rules: Vec<String> = findings(&out).into_iter().map(|(r, _)| r).collect();
    assert!(rules.contains(&"runtime-local-peer-mismatch".to_owned()), "{rules:?}");
    assert!(rules.contains(&"peer-not-connected".to_owned()), "{rules:?}");
    assert!(rules.contains(&"not-replicated".to_owned()), "{rules:?}");
    // h1 asks about its session to h2 for the timeout (3 s), then the
    // replication test waits the timeout for the entry.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let message = &findings(&out).into_iter().find(|(r, _)| r == "runtime-local-peer-mismatch").unwrap().1;
    assert_eq!(message, "'h2' does not run peers section 'mesh' (it runs: none)");
}

#[test]
fn a_table_not_shared_on_one_instance_is_found_and_does_not_replicate() {
    let s = start("h2", |p| config(p, p.p1, false));
    s.cluster.wait_peers_established(ESTA_TIMEOUT).expect("peers established");
    let t1 = format!("--through=h1={}", s.cluster.fe_addr("h1"));
    let (out, took) = s.probe("h2", &["--format=json", &t1]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let found = findings(&out);
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert!(messages.contains(&"'h2' runs table 'app' without sharing it through 'mesh'"), "{found:?}");
    assert!(messages.contains(&"peer 'h2' never announced table 'app' to 'h1'"), "{found:?}");
    assert!(
        found.iter().any(|(r, m)| r == "not-replicated" && m.contains("did not reach 'h2'")),
        "{found:?}"
    );
    assert!(found.iter().all(|(r, _)| r == "runtime-table-mismatch" || r == "not-replicated"), "{found:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn watch_prints_only_what_changes() {
    let mut s = start("h2", |p| config(p, p.p1, true));
    s.cluster.wait_peers_established(ESTA_TIMEOUT).expect("peers established");
    // Rounds at about 0, 1, 2, 3, 4 and 5 s; h2 loses its `peers mesh` after the first.
    let args = s.probe_args("h2", &["--watch=1", "--rounds=6"]);
    let dir = s.cluster.dir().to_owned();
    let watcher = std::thread::spawn(move || run_probe(args, dir));
    std::thread::sleep(Duration::from_millis(1200));
    let unshared = config(&s.ports, s.ports.p1, false);
    s.cluster.restart("h2", &unshared, START_TIMEOUT).expect("restart h2 unshared");
    let (out, took) = watcher.join().expect("the watcher");
    let stdout = text(&out.stdout);
    eprintln!("watch, {took:?}:\n{stdout}(stderr:)\n{}", text(&out.stderr));
    assert!(stdout.starts_with("probed 2 instances: no findings\n"), "{stdout}");
    let unshared = "'h2' runs table 'app' without sharing it through 'mesh'";
    // Found in every round after the restart, printed once.
    assert_eq!(stdout.matches(unshared).count(), 2, "message and label, once: {stdout}");
    assert_eq!(out.status.code(), Some(1), "the last round has an error: {}", text(&out.stderr));
    // A change is headed by its time (a reconnecting session may add one more).
    assert!(stdout.contains("--- after ") && stdout.contains(" new, "), "{stdout}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
}
