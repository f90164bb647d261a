//! End-to-end proof of the fix promise, on real HAProxy processes.
//!
//! Two `haproxy` instances on loopback run one byte-identical, broken config
//! (the stick-table has no `peers`, and the peers section lacks `haproxy-2`).
//! A client's stick-table entry made through instance 1 does not reach
//! instance 2. `halint check --fix --unsafe-fixes` repairs the file, both
//! instances are restarted from it, and then the entry of a new client shows
//! up in instance 2's `show table` and instance 2 sends that client to the
//! same server as instance 1 did.
//!
//! A second cluster shares one file whose `.if` blocks pick each instance's
//! branches (`HAPROXY_LOCALPEER` from `-L`, `ROLE` from the inventory's
//! `env`): only haproxy-2's branches are broken, halint says so for that
//! instance, and one `halint check --fix` run repairs them.
//!
//! Loopback only; every wait has a deadline; the harness SIGKILLs and reaps
//! every `haproxy` by its PID when the cluster is dropped (also on panic).
//! A missing `haproxy` binary is a test failure, not a skip.

#[path = "support/live_cluster.rs"]
mod live_cluster;
#[allow(dead_code)] // shared with other tests; this one uses only the runner
#[path = "common/run.rs"]
mod run;

use live_cluster::{
    client_ip, free_ports, haproxy_binary, haproxy_check, http_get, mesh_config, BackendServer, Cluster,
    InstanceSpec, TableEntry, TempDir,
};
use std::fs;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

const H1: &str = "haproxy-1";
const H2: &str = "haproxy-2";
const TABLE: &str = "app";
/// Spawn → every stats socket answers.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the broken cluster gets to (not) replicate an entry.
const ABSENT_PERIOD: Duration = Duration::from_millis(2500);
/// Restarted cluster → peers established (stably for 1.5 s).
const ESTA_TIMEOUT: Duration = Duration::from_secs(12);
/// Request on instance 1 → entry in instance 2's table.
const REPLICATE_TIMEOUT: Duration = Duration::from_secs(5);
/// One run of `halint`.
const HALINT_TIMEOUT: Duration = Duration::from_secs(20);
/// The whole test.
const TEST_BUDGET: Duration = Duration::from_secs(40);

/// The shared config with both broken parts: `peers mesh` lacks `haproxy-2`,
/// and the stick-table of `app` has no `peers`.
fn broken_config(p1: u16, servers: [u16; 2]) -> String {
    mesh_config(&format!("    peer {H1} 127.0.0.1:{p1}\n"), "    stick-table type ip size 20k\n", servers)
}

/// Runs `halint` with `args` in `dir` (bounded by [`HALINT_TIMEOUT`]) and
/// returns `(exit code, standard output then standard error)`.
fn run_halint(args: &[&str], dir: &Path) -> (i32, String) {
    let out = run::halint_in(args, Some(dir), None, HALINT_TIMEOUT);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// One `GET /` through `instance`'s frontend from client `127.0.0.<client>`;
/// returns the name of the backend server that answered.
fn served_by(cluster: &Cluster, instance: &str, client: u8) -> String {
    let (status, body) = http_get(cluster.fe_addr(instance), "/", Some(client_ip(client)))
        .unwrap_or_else(|e| panic!("GET via {instance} from {}: {e}", client_ip(client)));
    assert_eq!(status, 200, "GET via {instance} from {}: status {status}, body {body:?}", client_ip(client));
    body
}

/// Polls `instance`'s table until `key` is there with a stored server
/// (bounded by `timeout`); returns the entry and the time it took.
fn wait_entry_with_server(
    cluster: &Cluster,
    instance: &str,
    key: &str,
    timeout: Duration,
) -> (TableEntry, Duration) {
    let start = Instant::now();
    loop {
        let entries = cluster.table_entries(instance, TABLE).expect("show table");
        if let Some(e) = entries.iter().find(|e| e.key == key && e.server_key.is_some()) {
            return (e.clone(), start.elapsed());
        }
        assert!(
            start.elapsed() < timeout,
            "{instance}: no entry for {key} with a server after {timeout:?}; table: {entries:?}"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// With both instances running a fixed config and their peers established:
/// a client served through instance 1 has its entry replicated to instance
/// 2, which sends it to the same server, while a new client gets another.
/// Returns (that server, the new client's server, replication time).
fn prove_replication_and_stickiness(
    cluster: &Cluster,
    backends: &[BackendServer],
) -> (String, String, Duration) {
    // A warm-up client takes roundrobin's first pick on instance 1, so client
    // 127.0.0.8 gets the *other* server there. Instance 2 is just as fresh:
    // its own first roundrobin pick would be the warm-up's server, not 8's.
    let warm = served_by(cluster, H1, 20);
    let srv8 = served_by(cluster, H1, 8);
    let t_req = Instant::now();
    assert_ne!(srv8, warm, "roundrobin on {H1} should alternate servers");
    let (e8, _) = wait_entry_with_server(cluster, H2, "127.0.0.8", REPLICATE_TIMEOUT);
    let replicate = t_req.elapsed();
    assert_eq!(e8.server_key.as_deref(), Some(srv8.as_str()), "{H2} entry for 127.0.0.8: {e8:?}");
    let (e8_h1, _) = wait_entry_with_server(cluster, H1, "127.0.0.8", Duration::from_secs(1));
    assert_eq!(e8.server_id, e8_h1.server_id, "server_id on {H2} vs {H1}");

    let hits_before: Vec<usize> = backends.iter().map(BackendServer::hits).collect();
    for i in 0..3 {
        let srv = served_by(cluster, H2, 8);
        assert_eq!(srv, srv8, "request {i} from 127.0.0.8 via {H2} must stick to {srv8}");
    }
    let idx8 = backends.iter().position(|b| b.name() == srv8).expect("server name");
    assert_eq!(
        backends[idx8].hits() - hits_before[idx8],
        3,
        "{srv8} must have served the 3 requests via {H2}"
    );

    // Control: a client instance 2 has never seen gets roundrobin's first
    // pick there, which is where 127.0.0.8 would have gone without the
    // replicated entry.
    let fresh = served_by(cluster, H2, 9);
    assert_ne!(fresh, srv8, "without the entry, {H2} would have sent 127.0.0.8 to {fresh}");

    (srv8, fresh, replicate)
}

/// True if `pid` is (still) an `haproxy` process.
fn is_haproxy(pid: u32) -> bool {
    fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains("haproxy"))
}

#[test]
fn fix_makes_two_live_instances_share_their_stick_table() {
    let t0 = Instant::now();
    let haproxy = haproxy_binary().unwrap_or_else(|| {
        panic!(
            "haproxy is not installed: this end-to-end test needs it \
             (`apt-get install -y haproxy`, as .ci/run does, or set HALINT_HAPROXY)"
        )
    });
    eprintln!("live_replication: using {}", haproxy.display());

    let backends = BackendServer::start_many(&["s1", "s2"]).expect("start backend servers");
    let ports = free_ports(2);
    let (p1, p2) = (ports[0], ports[1]);
    let scratch = TempDir::new("e2e").expect("scratch dir");
    let cfg_path = scratch.path().join("haproxy.cfg");
    let broken = broken_config(p1, [backends[0].port(), backends[1].port()]);
    fs::write(&cfg_path, &broken).expect("write haproxy.cfg");
    let mut all_pids: Vec<u32> = Vec::new();

    // ---- Phase 1: the broken config does not share the table. ----
    let mut cluster =
        Cluster::start(&[(H1, &broken), (H2, &broken)], START_TIMEOUT).expect("start the broken cluster");
    all_pids.extend(cluster.pids());
    let log2 = cluster.log(H2);
    assert!(
        log2.contains("Removing incomplete section 'peers mesh'") && log2.contains(H2),
        "haproxy-2 should drop the peers section that lacks it; its log:\n{log2}"
    );
    assert!(!cluster.log(H1).contains("Removing incomplete section"), "haproxy-1 log:\n{}", cluster.log(H1));
    let remote: Vec<_> = [H1, H2]
        .iter()
        .flat_map(|n| cluster.show_peers(n).expect("show peers"))
        .filter(|p| !p.local)
        .collect();
    assert!(remote.is_empty(), "broken config: no remote peer may exist, got {remote:?}");

    let srv7 = served_by(&cluster, H1, 7);
    let (e7, _) = wait_entry_with_server(&cluster, H1, "127.0.0.7", Duration::from_secs(1));
    assert_eq!(e7.server_key.as_deref(), Some(srv7.as_str()), "haproxy-1 entry: {e7:?}");
    cluster
        .expect_key_absent(H2, TABLE, "127.0.0.7", ABSENT_PERIOD)
        .expect("broken config: the entry must not reach haproxy-2");
    eprintln!("live_replication: broken: 127.0.0.7 -> {srv7} on {H1}, absent on {H2} for {ABSENT_PERIOD:?}");

    // ---- Phase 2: halint fixes the one shared file. ----
    let inst1 = format!("{H1}=127.0.0.1:{p1}");
    let inst2 = format!("{H2}=127.0.0.1:{p2}");
    let cfg_arg = cfg_path.to_str().expect("utf-8 temp path");
    let halint_args = [
        "check",
        "--isolated",
        "--fix",
        "--unsafe-fixes",
        "--instance",
        &inst1,
        "--instance",
        &inst2,
        cfg_arg,
    ];
    let t_fix = Instant::now();
    let (code, out) = run_halint(&halint_args, scratch.path());
    let fix_time = t_fix.elapsed();
    assert_eq!(code, 0, "halint {halint_args:?} failed:\n{out}");
    let fixed = fs::read_to_string(&cfg_path).expect("read fixed haproxy.cfg");
    assert!(
        fixed.lines().any(|l| l.trim() == format!("peer {H2} 127.0.0.1:{p2}")),
        "the fix must add `peer {H2} 127.0.0.1:{p2}`:\n{fixed}"
    );
    let table_line = fixed
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("stick-table"))
        .expect("the stick-table line is still there");
    assert!(
        table_line.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| w == ["peers", "mesh"]),
        "the fix must add `peers mesh` to the stick-table: {table_line:?}"
    );
    let (code, out) = run_halint(
        &["check", "--isolated", "--instance", &inst1, "--instance", &inst2, cfg_arg],
        scratch.path(),
    );
    assert_eq!(code, 0, "the fixed file must lint clean:\n{out}");

    let (code, out) = haproxy_check(&broken, H2, &[]).expect("haproxy -c (broken)");
    assert!(
        out.contains("Removing incomplete section"),
        "haproxy -c -L {H2} on the broken file (exit {code}):\n{out}"
    );
    for name in [H1, H2] {
        let (code, out) = haproxy_check(&fixed, name, &[]).expect("haproxy -c (fixed)");
        assert_eq!(code, 0, "haproxy -c -L {name} on the fixed file:\n{out}");
        assert!(
            !out.contains("Removing incomplete section"),
            "haproxy -c -L {name} on the fixed file:\n{out}"
        );
    }

    // ---- Phase 3: restart both from the fixed file; the table is shared. ----
    let t_restart = Instant::now();
    cluster.restart_all(&fixed, START_TIMEOUT).expect("restart both instances from the fixed file");
    all_pids.extend(cluster.pids());
    for name in [H1, H2] {
        let on_disk = fs::read_to_string(cluster.config_path(name)).expect("instance config");
        assert_eq!(on_disk, fixed, "{name} must run the byte-identical fixed file");
    }
    let esta = cluster.wait_peers_established(ESTA_TIMEOUT).expect("peers established after the fix");
    let esta_total = t_restart.elapsed();
    for name in [H1, H2] {
        let peers = cluster.show_peers(name).expect("show peers");
        assert!(
            peers.iter().any(|p| p.section == "mesh" && p.is_established()),
            "{name}: no established remote peer in `mesh`: {peers:?}"
        );
    }

    let (srv8, fresh, replicate) = prove_replication_and_stickiness(&cluster, &backends);

    eprintln!(
        "live_replication: fixed: halint --fix {fix_time:.2?}; restart -> ESTA (stable 1.5 s) reached \
         {esta:.2?} after polling began ({esta_total:.2?} incl. restart and stability window); \
         request on {H1} -> 127.0.0.8 ({srv8}) in {H2}'s table {replicate:.2?}; \
         {H2} sends 127.0.0.8 to {srv8}, a new client to {fresh}"
    );

    // ---- Every haproxy started here ends, by its PID. ----
    drop(cluster);
    let alive: Vec<u32> = all_pids.iter().copied().filter(|&p| is_haproxy(p)).collect();
    assert!(alive.is_empty(), "haproxy processes left running: {alive:?}");
    let total = t0.elapsed();
    eprintln!("live_replication: pids {all_pids:?} all gone; whole test {total:.2?}");
    assert!(total < TEST_BUDGET, "the test took {total:?} (budget {TEST_BUDGET:?})");
}

/// One shared file whose `.if` blocks pick each instance's branches: the
/// peers line by `HAPROXY_LOCALPEER` (HAProxy sets it from `-L`), the
/// stick-table by `ROLE` from the instance's environment. Both branches
/// haproxy-2 reads are broken (its peer line says `HAProxy-2`, its table has
/// no `peers`); haproxy-1's are right.
fn conditional_config(p1: u16, p2: u16, servers: [u16; 2]) -> String {
    let peers = format!(
        r#"    peer {H1} 127.0.0.1:{p1}
.if streq("$HAPROXY_LOCALPEER",{H1})
    peer {H2} 127.0.0.1:{p2}
.else
    peer HAProxy-2 127.0.0.1:{p2}
.endif
"#
    );
    let table = r#".if streq("$ROLE",primary)
    stick-table type ip size 20k peers mesh
.else
    stick-table type ip size 20k
.endif
"#;
    mesh_config(&peers, table, servers)
}

/// The inventory, with each instance's environment (what its HAProxy runs with).
fn conditional_inventory(p1: u16, p2: u16) -> String {
    format!(
        "[cluster]\npeers = \"mesh\"\n\n[[cluster.instance]]\nname = \"{H1}\"\naddress = \"127.0.0.1:{p1}\"\nenv = {{ ROLE = \"primary\" }}\n\n[[cluster.instance]]\nname = \"{H2}\"\naddress = \"127.0.0.1:{p2}\"\nenv = {{ ROLE = \"backup\" }}\n"
    )
}

#[test]
fn one_fix_run_repairs_the_branches_each_instance_reads() {
    let t0 = Instant::now();
    haproxy_binary().unwrap_or_else(|| panic!("haproxy is not installed (`apt-get install -y haproxy`)"));
    let backends = BackendServer::start_many(&["s1", "s2"]).expect("start backend servers");
    let ports = free_ports(2);
    let (p1, p2) = (ports[0], ports[1]);
    let scratch = TempDir::new("e2e").expect("scratch dir");
    let cfg_path = scratch.path().join("haproxy.cfg");
    let broken = conditional_config(p1, p2, [backends[0].port(), backends[1].port()]);
    fs::write(&cfg_path, &broken).expect("write haproxy.cfg");
    fs::write(scratch.path().join("halint.toml"), conditional_inventory(p1, p2)).expect("write halint.toml");
    let env_of = |name: &str| if name == H1 { "primary" } else { "backup" };
    let specs = |config: &str| -> Vec<InstanceSpec> {
        [H1, H2].iter().map(|n| InstanceSpec::new(n, config).env("ROLE", env_of(n))).collect()
    };
    let mut all_pids: Vec<u32> = Vec::new();

    // ---- The broken branches: haproxy-2 drops the section, nothing syncs. ----
    let mut cluster = Cluster::start_specs(specs(&broken), START_TIMEOUT).expect("start the broken cluster");
    all_pids.extend(cluster.pids());
    let log2 = cluster.log(H2);
    assert!(log2.contains("Removing incomplete section 'peers mesh'"), "haproxy-2 log:\n{log2}");
    assert!(!cluster.log(H1).contains("Removing incomplete section"), "haproxy-1 log:\n{}", cluster.log(H1));
    served_by(&cluster, H1, 7);
    wait_entry_with_server(&cluster, H1, "127.0.0.7", Duration::from_secs(1));
    cluster
        .expect_key_absent(H2, TABLE, "127.0.0.7", ABSENT_PERIOD)
        .expect("broken branches: the entry must not reach haproxy-2");

    // halint names the one instance the findings apply to.
    let cfg_arg = cfg_path.to_str().expect("utf-8 temp path");
    let (code, out) = run_halint(&["check", "--format", "json", cfg_arg], scratch.path());
    assert_eq!(code, 1, "the broken file must fail:\n{out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json report");
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages.iter().all(|m| m.ends_with(&format!("(on instance '{H2}')"))), "{messages:#?}");

    // ---- One `halint check --fix` run (safe fixes only) repairs them. ----
    let (code, out) = run_halint(&["check", "--fix", cfg_arg], scratch.path());
    assert_eq!(code, 0, "halint --fix failed:\n{out}");
    let fixed = fs::read_to_string(&cfg_path).expect("read fixed haproxy.cfg");
    assert!(fixed.contains(&format!("\n.else\n    peer {H2} 127.0.0.1:{p2}\n")), "{fixed}");
    assert!(fixed.contains("\n.else\n    stick-table type ip size 20k peers mesh\n"), "{fixed}");
    assert_eq!(fixed.lines().count(), broken.lines().count(), "only words change:\n{fixed}");
    let (code, out) = run_halint(&["check", cfg_arg], scratch.path());
    assert_eq!(code, 0, "the fixed file must lint clean:\n{out}");
    for name in [H1, H2] {
        let (code, out) = haproxy_check(&fixed, name, &[("ROLE", env_of(name))]).expect("haproxy -c");
        assert_eq!(code, 0, "haproxy -c -L {name} (ROLE={}) on the fixed file:\n{out}", env_of(name));
        assert!(!out.contains("Removing incomplete section"), "haproxy -c -L {name}:\n{out}");
    }

    // ---- Restarted from the fixed file, the table is shared. ----
    cluster.restart_all(&fixed, START_TIMEOUT).expect("restart both instances from the fixed file");
    all_pids.extend(cluster.pids());
    cluster.wait_peers_established(ESTA_TIMEOUT).expect("peers established after the fix");
    let (srv8, fresh, replicate) = prove_replication_and_stickiness(&cluster, &backends);
    eprintln!(
        "live_replication (.if): {H2} sends 127.0.0.8 to {srv8} (replicated in {replicate:.2?}), a new client to {fresh}"
    );

    drop(cluster);
    let alive: Vec<u32> = all_pids.iter().copied().filter(|&p| is_haproxy(p)).collect();
    assert!(alive.is_empty(), "haproxy processes left running: {alive:?}");
    assert!(t0.elapsed() < TEST_BUDGET, "the test took {:?} (budget {TEST_BUDGET:?})", t0.elapsed());
}
