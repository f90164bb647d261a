//! Live HAProxy cluster harness for integration tests.
//!
//! Starts real `haproxy -db` processes (foreground, one per instance) on
//! loopback, gives them tiny HTTP backends, talks to their stats sockets and
//! always kills them again: every child is SIGKILLed and reaped when the
//! [`Cluster`] is dropped, including while a test panics.
//!
//! Design points:
//!
//! * **One config for every instance.** A cluster normally runs the same
//!   byte-identical `haproxy.cfg` on each node (that is what halint fixes), so
//!   what differs per instance comes from the environment, not the text. Each
//!   process gets:
//!   * `-L <instance>` (the local peer name; HAProxy also exports it as
//!     `HAPROXY_LOCALPEER`),
//!   * `HALINT_STATS_SOCK` = `<tmpdir>/<instance>.sock` — the config must say
//!     `stats socket "${HALINT_STATS_SOCK}" level admin` in `global`
//!     (the harness waits for that socket to answer before `start` returns),
//!   * `HALINT_FE_ADDR` = `127.0.0.1:<port>` and `HALINT_FE_PORT` = `<port>`, a
//!     free port per instance, for `bind "${HALINT_FE_ADDR}"`; see
//!     [`Cluster::fe_addr`],
//!   * `HALINT_INSTANCE` = `<instance>`,
//!   * any extra variables given with [`InstanceSpec::env`].
//! * **Ports** that must be the same on all instances (peer ports, server
//!   ports) are allocated by the caller with [`free_port`]/[`free_ports`] and
//!   written into the config text (`format!` or [`fill_template`]).
//! * **Loopback only.** Every address the harness connects to or binds must be
//!   in 127.0.0.0/8; [`http_get`] refuses anything else.
//! * **Bounded waits.** Every wait is a poll loop with a deadline; socket
//!   reads and writes have timeouts.
//!
//! Dependencies: std plus `socket2` (dev-dependency), needed only to bind a
//! client socket to a chosen source address before connecting (std cannot),
//! which is how distinct clients are simulated for `stick on src`.
//!
//! No `unsafe` (the main crate forbids it).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Environment variable holding the instance's stats socket path.
pub const ENV_STATS_SOCK: &str = "HALINT_STATS_SOCK";
/// Environment variable holding the instance's frontend `ip:port`.
pub const ENV_FE_ADDR: &str = "HALINT_FE_ADDR";
/// Environment variable holding the instance's frontend port alone.
pub const ENV_FE_PORT: &str = "HALINT_FE_PORT";
/// Environment variable holding the instance name (also passed as `-L`).
pub const ENV_INSTANCE: &str = "HALINT_INSTANCE";
/// Environment variable that overrides the HAProxy binary path.
pub const ENV_HAPROXY: &str = "HALINT_HAPROXY";

/// Default timeout of one stats-socket command.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(2);
/// Default timeout of one [`http_get`] (connect, and each read/write).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the "all peers established" condition must hold before
/// [`Cluster::wait_peers_established`] believes it. Measured on 2.6.12: the
/// first session is often torn down by a connect collision ~0.9 s after it
/// came up and re-established 0.2–1.2 s later.
pub const PEERS_STABLE_FOR: Duration = Duration::from_millis(1500);
/// Poll interval of every wait loop.
const POLL: Duration = Duration::from_millis(50);
/// Longest time a SIGKILLed child is waited for.
const KILL_WAIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// HAProxy binary
// ---------------------------------------------------------------------------

/// The HAProxy binary to run: `$HALINT_HAPROXY`, else `haproxy` on `PATH`,
/// else `/usr/sbin/haproxy` or `/usr/local/sbin/haproxy`; `None` if none exists.
///
/// Tests that need a live HAProxy should skip (or fail, by policy) when this
/// is `None`.
pub fn haproxy_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(ENV_HAPROXY) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let from_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).map(|d| d.join("haproxy")).collect::<Vec<_>>())
        .unwrap_or_default();
    from_path
        .into_iter()
        .chain([PathBuf::from("/usr/sbin/haproxy"), PathBuf::from("/usr/local/sbin/haproxy")])
        .find(|p| p.is_file())
}

/// Runs `haproxy -c -f <config> -L <local_name>` with the given extra
/// environment and returns `(exit code, stdout+stderr)`.
///
/// `HALINT_STATS_SOCK`/`HALINT_FE_ADDR` are set to harmless placeholder
/// values unless `env` overrides them, so a harness config checks cleanly.
pub fn haproxy_check(config: &str, local_name: &str, env: &[(&str, &str)]) -> Result<(i32, String), String> {
    let bin = haproxy_binary().ok_or("haproxy binary not found")?;
    let dir = TempDir::new("check")?;
    let cfg = dir.path().join("haproxy.cfg");
    fs::write(&cfg, config).map_err(|e| format!("write {}: {e}", cfg.display()))?;
    let mut cmd = Command::new(bin);
    cmd.arg("-c").arg("-f").arg(&cfg).arg("-L").arg(local_name);
    cmd.env(ENV_STATS_SOCK, dir.path().join("check.sock"));
    cmd.env(ENV_FE_ADDR, "127.0.0.1:1");
    cmd.env(ENV_FE_PORT, "1");
    cmd.env(ENV_INSTANCE, local_name);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null());
    let out = run_bounded(cmd, Duration::from_secs(10))?;
    Ok(out)
}

/// Runs a command to completion with a deadline, capturing its output in a
/// file (no pipes, so it can never block on a full pipe).
fn run_bounded(mut cmd: Command, timeout: Duration) -> Result<(i32, String), String> {
    let dir = TempDir::new("run")?;
    let out_path = dir.path().join("out");
    let out = File::create(&out_path).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    cmd.stdout(out).stderr(err);
    let mut child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL),
            Ok(None) => {
                kill_and_reap(&mut child);
                return Err(format!("command timed out after {timeout:?}"));
            }
            Err(e) => {
                kill_and_reap(&mut child);
                return Err(format!("wait: {e}"));
            }
        }
    };
    let text = fs::read_to_string(&out_path).unwrap_or_default();
    Ok((status.code().unwrap_or(-1), text))
}

// ---------------------------------------------------------------------------
// Ports and templates
// ---------------------------------------------------------------------------

/// Ports already handed out by this process (tests run in parallel threads).
static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// Returns a TCP port that is currently free on 127.0.0.1 and has not been
/// handed out before by this process.
///
/// Probes by binding a `TcpListener` to `127.0.0.1:<port>` and dropping it.
/// Candidates are drawn from 20000–32767, i.e. *below* Linux's ephemeral range
/// (32768–60999): a port taken from `127.0.0.1:0` could be reused as the source
/// port of an outgoing connection (HAProxy's own peer/server connections)
/// before HAProxy binds it. Falls back to `127.0.0.1:0` if that range is
/// exhausted. There is still a tiny window between the probe and HAProxy's
/// bind; all users of this helper in one process are de-duplicated.
pub fn free_port() -> u16 {
    let mut taken = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
    let mut x = seed();
    for _ in 0..4096 {
        // xorshift64
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let port = 20000 + (x % 12768) as u16;
        if taken.contains(&port) {
            continue;
        }
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            taken.insert(port);
            return port;
        }
    }
    loop {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("bind 127.0.0.1:0");
        if taken.insert(port) {
            return port;
        }
    }
}

/// Returns `n` distinct free ports (see [`free_port`]).
pub fn free_ports(n: usize) -> Vec<u16> {
    (0..n).map(|_| free_port()).collect()
}

fn seed() -> u64 {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let c = COUNTER.fetch_add(1, Ordering::Relaxed) as u64;
    let s = (nanos as u64) ^ (u64::from(std::process::id()) << 32) ^ c.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    s | 1
}

/// Replaces every `{{NAME}}` in `template` with its value from `vars`.
///
/// Errors if a placeholder is left without a value, so a fixture can never
/// reach HAProxy half-filled. `${VAR}` (HAProxy's own syntax) is untouched.
pub fn fill_template(template: &str, vars: &[(&str, String)]) -> Result<String, String> {
    let mut out = template.to_owned();
    for (name, value) in vars {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    if let Some(start) = out.find("{{") {
        let rest = &out[start..];
        let end = rest.find("}}").map_or(rest.len(), |e| e + 2);
        return Err(format!("template placeholder without a value: {}", &rest[..end]));
    }
    Ok(out)
}

/// The config of a two-server cluster in this harness's convention: the
/// stats socket and frontend address from the environment, HTTP defaults,
/// `peers mesh` with the lines `peers`, frontend `fe`, and backend `app`
/// (roundrobin, `stick on src`, servers `s1` and `s2` at `servers`) whose
/// stick-table is the lines `table`. Lines come whole: indented, each
/// ending in a line feed (`.if` lines included).
pub fn mesh_config(peers: &str, table: &str, servers: [u16; 2]) -> String {
    let [s1, s2] = servers;
    format!(
        r#"global
    stats socket "${{HALINT_STATS_SOCK}}" level admin

defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s

peers mesh
{peers}
frontend fe
    bind "${{HALINT_FE_ADDR}}"
    default_backend app

backend app
    balance roundrobin
{table}    stick on src
    server s1 127.0.0.1:{s1}
    server s2 127.0.0.1:{s2}
"#
    )
}

/// `127.0.0.<n>`: a loopback source address to simulate client number `n`
/// (use 2..=250; 127.0.0.1 is the harness's own address).
pub fn client_ip(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))
}

// ---------------------------------------------------------------------------
// Backend HTTP servers
// ---------------------------------------------------------------------------

/// A tiny HTTP/1.1 server on `127.0.0.1:<ephemeral>` in a background thread.
///
/// Every request gets `200 OK`, `Connection: close`, header
/// `X-Server: <name>` and the body `<name>`, so a client can see which server
/// HAProxy picked. Stops (and joins its accept thread) when dropped.
pub struct BackendServer {
    name: String,
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl BackendServer {
    /// Binds a new server named `name` on an ephemeral loopback port.
    pub fn start(name: &str) -> Result<Self, String> {
        let listener =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("bind backend: {e}"))?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (t_hits, t_stop, t_name) = (hits.clone(), stop.clone(), name.to_owned());
        let thread = thread::Builder::new()
            .name(format!("backend-{name}"))
            .spawn(move || accept_loop(&listener, &t_name, &t_hits, &t_stop))
            .map_err(|e| e.to_string())?;
        Ok(BackendServer { name: name.to_owned(), addr, hits, stop, thread: Some(thread) })
    }

    /// Starts one server per name.
    pub fn start_many(names: &[&str]) -> Result<Vec<Self>, String> {
        names.iter().map(|n| Self::start(n)).collect()
    }

    /// The server's name (also its response body).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `127.0.0.1:<port>`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The listening port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Number of requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for BackendServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, name: &str, hits: &Arc<AtomicUsize>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let (name, hits) = (name.to_owned(), hits.clone());
                // Handler threads end on their own: every I/O has a timeout.
                let _ = thread::Builder::new()
                    .name(format!("backend-{name}-conn"))
                    .spawn(move || serve_one(stream, &name, &hits));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(_) => thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn serve_one(mut stream: TcpStream, name: &str, hits: &AtomicUsize) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    if buf.is_empty() {
        return; // a bare connect (e.g. a TCP check): nothing to answer
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let resp = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nX-Server: {name}\r\nConnection: close\r\n\r\n{name}",
        name.len()
    );
    let _ = stream.write_all(resp.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

// ---------------------------------------------------------------------------
// HTTP client
// ---------------------------------------------------------------------------

/// `GET <path>` to `addr` with `Connection: close`, optionally from the
/// loopback source address `source` (e.g. [`client_ip`]`(7)`), with
/// [`HTTP_TIMEOUT`]. Returns `(status, body)`.
pub fn http_get(addr: SocketAddr, path: &str, source: Option<IpAddr>) -> Result<(u16, String), String> {
    http_get_timeout(addr, path, source, HTTP_TIMEOUT)
}

/// [`http_get`] with an explicit timeout (applies to connect and to each
/// read/write; the whole call is additionally bounded by 3 × `timeout`).
pub fn http_get_timeout(
    addr: SocketAddr,
    path: &str,
    source: Option<IpAddr>,
    timeout: Duration,
) -> Result<(u16, String), String> {
    use socket2::{Domain, Protocol, Socket, Type};
    if !addr.ip().is_loopback() {
        return Err(format!("refusing non-loopback target {addr}"));
    }
    if let Some(src) = source {
        if !src.is_loopback() {
            return Err(format!("refusing non-loopback source {src}"));
        }
        if src.is_ipv4() != addr.is_ipv4() {
            return Err(format!("source {src} and target {addr} are of different families"));
        }
    }
    let sock = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| format!("socket: {e}"))?;
    if let Some(src) = source {
        sock.bind(&SocketAddr::new(src, 0).into()).map_err(|e| format!("bind {src}: {e}"))?;
    }
    sock.connect_timeout(&addr.into(), timeout).map_err(|e| format!("connect {addr}: {e}"))?;
    let mut stream: TcpStream = sock.into();
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: halint-live-test\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(req.as_bytes()).map_err(|e| format!("write to {addr}: {e}"))?;
    let deadline = Instant::now() + timeout * 3;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if Instant::now() > deadline {
            return Err(format!("response from {addr} took longer than {:?}", timeout * 3));
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("read from {addr}: {e} (got {} bytes)", raw.len())),
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let (head, body) =
        text.split_once("\r\n\r\n").ok_or_else(|| format!("malformed response from {addr}: {text:?}"))?;
    let status = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("no status line from {addr}: {head:?}"))?;
    Ok((status, body.to_owned()))
}

// ---------------------------------------------------------------------------
// Stats socket output parsing
// ---------------------------------------------------------------------------

/// One line of `show table <name>`, e.g.
/// `0x55d0...: key=127.0.0.7 use=0 exp=1799812 shard=0 server_id=2 server_key=s2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableEntry {
    /// The `key=` value.
    pub key: String,
    /// `server_id=` if stored.
    pub server_id: Option<u32>,
    /// `server_key=` if stored (server name, or `ip:port` with `srvkey addr`).
    pub server_key: Option<String>,
    /// Every `name=value` field after the address, in order (including `key`).
    pub fields: Vec<(String, String)>,
}

impl TableEntry {
    /// Value of field `name`, if present.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Parses the output of `show table <name>` (the `# table:` header is skipped).
pub fn parse_show_table(output: &str) -> Vec<TableEntry> {
    output
        .lines()
        .filter_map(|line| {
            let (addr, rest) = line.trim().split_once(": ")?;
            if !addr.starts_with("0x") || !rest.starts_with("key=") {
                return None;
            }
            let fields: Vec<(String, String)> = rest
                .split_whitespace()
                .filter_map(|f| f.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
                .collect();
            let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            Some(TableEntry {
                key: get("key")?,
                server_id: get("server_id").and_then(|v| v.parse().ok()),
                server_key: get("server_key"),
                fields,
            })
        })
        .collect()
}

/// One peer as shown by `show peers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerStatus {
    /// The peers section it belongs to.
    pub section: String,
    /// Peer name.
    pub name: String,
    /// `true` for the local peer (`(local,…)`).
    pub local: bool,
    /// `true` while a session is up (`(…,active)`); `last_status` keeps
    /// saying `ESTA` after a session dropped, so check this too.
    pub active: bool,
    /// `addr=` as shown.
    pub addr: String,
    /// `last_status=` (`ESTA`, `CONN`, `NONE`, `UNKN`, …).
    pub last_status: String,
    /// `coll=` (connect collisions seen).
    pub coll: u32,
    /// `new_conn=` (outgoing connection attempts).
    pub new_conn: u32,
}

impl PeerStatus {
    /// A remote peer with a live, established session.
    pub fn is_established(&self) -> bool {
        !self.local && self.active && self.last_status == "ESTA"
    }
}

/// Parses the output of `show peers` (HAProxy 2.6 layout: a section line
/// `0x…: [date] id=<section> …`, then per peer `  0x…: id=<name>(remote,active) addr=… last_status=…`
/// followed by indented detail lines carrying `coll=`/`new_conn=`).
pub fn parse_show_peers(output: &str) -> Vec<PeerStatus> {
    let mut peers: Vec<PeerStatus> = Vec::new();
    let mut section = String::new();
    for line in output.lines() {
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|w| w.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
                .map(str::to_owned)
        };
        let trimmed = line.trim_start();
        if trimmed.starts_with("0x") && trimmed.contains(": [") {
            section = field("id").unwrap_or_default();
        } else if trimmed.starts_with("0x") && trimmed.contains(": id=") {
            let id = field("id").unwrap_or_default();
            let (name, flags) = match id.split_once('(') {
                Some((n, f)) => (n.to_owned(), f.trim_end_matches(')').to_owned()),
                None => (id.clone(), String::new()),
            };
            let mut flags = flags.split(',');
            peers.push(PeerStatus {
                section: section.clone(),
                name,
                local: flags.next() == Some("local"),
                active: flags.next() == Some("active"),
                addr: field("addr").unwrap_or_default(),
                last_status: field("last_status").unwrap_or_default(),
                coll: 0,
                new_conn: 0,
            });
        } else if let Some(p) = peers.last_mut() {
            if let Some(c) = field("coll").and_then(|v| v.parse().ok()) {
                p.coll = c;
            }
            if let Some(c) = field("new_conn").and_then(|v| v.parse().ok()) {
                p.new_conn = c;
            }
        }
    }
    peers
}

// ---------------------------------------------------------------------------
// Temp dir
// ---------------------------------------------------------------------------

/// A directory under the system temp dir, removed on drop unless `keep` or
/// the test panics (then kept, for inspection).
pub struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    /// A fresh `halint-<tag>-...` directory.
    pub fn new(tag: &str) -> Result<Self, String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        // Short names: a UNIX socket path must stay under 108 bytes.
        let path = std::env::temp_dir().join(format!(
            "halint-{tag}-{}-{n}-{:x}",
            std::process::id(),
            seed() & 0xffff
        ));
        fs::create_dir_all(&path).map_err(|e| format!("create {}: {e}", path.display()))?;
        Ok(TempDir { path, keep: false })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        if thread::panicking() {
            eprintln!("halint live harness: test panicked; files kept in {}", self.path.display());
        } else {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------
// Cluster
// ---------------------------------------------------------------------------

/// What to run for one instance: its name (the local peer name, `-L`), its
/// config text and extra environment variables.
#[derive(Debug, Clone)]
pub struct InstanceSpec {
    /// Instance name, passed as `-L <name>` and `HALINT_INSTANCE`.
    pub name: String,
    /// Full `haproxy.cfg` text.
    pub config: String,
    /// Extra environment variables for this process.
    pub env: Vec<(String, String)>,
}

impl InstanceSpec {
    /// A spec with no extra environment.
    pub fn new(name: &str, config: &str) -> Self {
        InstanceSpec { name: name.to_owned(), config: config.to_owned(), env: Vec::new() }
    }

    /// Adds an environment variable (builder style).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }
}

struct Instance {
    spec: InstanceSpec,
    child: Option<Child>,
    pid: Option<u32>,
    fe_port: u16,
    generation: u32,
}

/// A set of running `haproxy -db` processes. Dropping it SIGKILLs and reaps
/// every child and removes the temp dir (kept, with the logs printed, when
/// the thread is panicking).
pub struct Cluster {
    dir: TempDir,
    bin: PathBuf,
    instances: Vec<Instance>,
}

impl Cluster {
    /// Starts one process per `(instance_name, config_text)` and waits (at most
    /// `timeout` overall) until each one's stats socket answers.
    ///
    /// Pass the same config text for every instance to model one
    /// byte-identical file; per-instance values come from `HALINT_*` variables
    /// (see the module docs).
    pub fn start(configs: &[(&str, &str)], timeout: Duration) -> Result<Cluster, String> {
        Self::start_specs(configs.iter().map(|(n, c)| InstanceSpec::new(n, c)).collect(), timeout)
    }

    /// Like [`Cluster::start`], with extra per-instance environment.
    pub fn start_specs(specs: Vec<InstanceSpec>, timeout: Duration) -> Result<Cluster, String> {
        let deadline = Instant::now() + timeout;
        let bin = haproxy_binary().ok_or("haproxy binary not found (set HALINT_HAPROXY)")?;
        let mut names = BTreeSet::new();
        for s in &specs {
            if s.name.is_empty() || !s.name.chars().all(|c| c.is_ascii_alphanumeric() || "_.:-".contains(c)) {
                return Err(format!("invalid instance name {:?}", s.name));
            }
            if !names.insert(s.name.clone()) {
                return Err(format!("duplicate instance name {:?}", s.name));
            }
        }
        // Built before spawning: if anything below fails, Drop kills what started.
        let mut cluster = Cluster { dir: TempDir::new("live")?, bin, instances: Vec::new() };
        for spec in specs {
            cluster.instances.push(Instance {
                spec,
                child: None,
                pid: None,
                fe_port: free_port(),
                generation: 0,
            });
        }
        for i in 0..cluster.instances.len() {
            cluster.spawn(i)?;
        }
        for i in 0..cluster.instances.len() {
            cluster.wait_ready(i, deadline)?;
        }
        Ok(cluster)
    }

    fn index(&self, name: &str) -> Result<usize, String> {
        self.instances
            .iter()
            .position(|i| i.spec.name == name)
            .ok_or_else(|| format!("no instance named {name:?}"))
    }

    /// Instance names, in start order.
    pub fn names(&self) -> Vec<String> {
        self.instances.iter().map(|i| i.spec.name.clone()).collect()
    }

    /// The temp dir holding configs, sockets and logs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// PID of the instance's running process (`None` while stopped).
    pub fn pid(&self, name: &str) -> Option<u32> {
        self.index(name).ok().and_then(|i| self.instances[i].pid)
    }

    /// PIDs of all running processes.
    pub fn pids(&self) -> Vec<u32> {
        self.instances.iter().filter_map(|i| i.pid).collect()
    }

    /// The frontend address exported to the instance as `HALINT_FE_ADDR`.
    ///
    /// Panics on an unknown instance name.
    pub fn fe_addr(&self, name: &str) -> SocketAddr {
        let i = self.index(name).expect("instance");
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), self.instances[i].fe_port)
    }

    /// Path of the instance's stats socket (`HALINT_STATS_SOCK`).
    pub fn stats_socket(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.sock"))
    }

    /// Path of the config file the instance runs.
    pub fn config_path(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.cfg"))
    }

    fn log_path(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.log"))
    }

    /// Everything the instance printed (stdout+stderr of all its generations,
    /// each preceded by a `=== halint harness: start …` line).
    pub fn log(&self, name: &str) -> String {
        fs::read_to_string(self.log_path(name)).unwrap_or_default()
    }

    fn spawn(&mut self, i: usize) -> Result<(), String> {
        let name = self.instances[i].spec.name.clone();
        let (cfg, sock, log) = (self.config_path(&name), self.stats_socket(&name), self.log_path(&name));
        let inst = &mut self.instances[i];
        fs::write(&cfg, &inst.spec.config).map_err(|e| format!("write {}: {e}", cfg.display()))?;
        let _ = fs::remove_file(&sock); // a stale socket would fake readiness
        inst.generation += 1;
        let mut logf = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| format!("open {}: {e}", log.display()))?;
        let _ = writeln!(logf, "=== halint harness: start {name} generation {} ===", inst.generation);
        let errf = logf.try_clone().map_err(|e| e.to_string())?;
        let fe_port = inst.fe_port;
        let mut cmd = Command::new(&self.bin);
        cmd.arg("-db").arg("-f").arg(&cfg).arg("-L").arg(&name);
        cmd.env(ENV_STATS_SOCK, &sock)
            .env(ENV_FE_ADDR, format!("127.0.0.1:{fe_port}"))
            .env(ENV_FE_PORT, fe_port.to_string())
            .env(ENV_INSTANCE, &name);
        for (k, v) in &inst.spec.env {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::null()).stdout(logf).stderr(errf).current_dir(self.dir.path());
        let child = cmd.spawn().map_err(|e| format!("spawn haproxy for {name}: {e}"))?;
        inst.pid = Some(child.id());
        inst.child = Some(child);
        Ok(())
    }

    fn wait_ready(&mut self, i: usize, deadline: Instant) -> Result<(), String> {
        let name = self.instances[i].spec.name.clone();
        let sock = self.stats_socket(&name);
        loop {
            if let Some(child) = self.instances[i].child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    self.instances[i].child = None;
                    self.instances[i].pid = None;
                    return Err(format!(
                        "haproxy {name} exited during start-up ({status}):\n{}",
                        self.log(&name)
                    ));
                }
            }
            if sock.exists() && cli_at(&sock, "show info", CLI_TIMEOUT).is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "haproxy {name} did not answer on {} in time (does global have `stats socket \"${{{ENV_STATS_SOCK}}}\" level admin`?):\n{}",
                    sock.display(),
                    self.log(&name)
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// SIGKILLs and reaps one instance (no-op if it is not running).
    pub fn stop(&mut self, name: &str) -> Result<(), String> {
        let i = self.index(name)?;
        let inst = &mut self.instances[i];
        if let Some(mut child) = inst.child.take() {
            inst.pid = None;
            if !kill_and_reap(&mut child) {
                return Err(format!("haproxy {name} (pid {}) did not die within {KILL_WAIT:?}", child.id()));
            }
        }
        Ok(())
    }

    /// Starts a stopped instance again; with `Some(config)` it runs that text
    /// from now on. Waits until its stats socket answers (at most `timeout`).
    /// The instance keeps its name, frontend port and environment.
    pub fn start_instance(
        &mut self,
        name: &str,
        config: Option<&str>,
        timeout: Duration,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let i = self.index(name)?;
        if self.instances[i].child.is_some() {
            return Err(format!("instance {name} is already running"));
        }
        if let Some(c) = config {
            c.clone_into(&mut self.instances[i].spec.config);
        }
        self.spawn(i)?;
        self.wait_ready(i, deadline)
    }

    /// Kills one instance and starts it again with `new_config` (a cold
    /// restart: its in-memory tables are lost; peers re-teach them).
    pub fn restart(&mut self, name: &str, new_config: &str, timeout: Duration) -> Result<(), String> {
        self.stop(name)?;
        self.start_instance(name, Some(new_config), timeout)
    }

    /// Restarts every instance, one after the other, with the same
    /// `new_config` (the "fix the one shared file and roll it out" flow).
    pub fn restart_all(&mut self, new_config: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        for name in self.names() {
            let left = deadline.saturating_duration_since(Instant::now());
            self.restart(&name, new_config, left)?;
        }
        Ok(())
    }

    /// Sends one command to the instance's stats socket and returns the whole
    /// answer (timeout [`CLI_TIMEOUT`]).
    pub fn cli(&self, name: &str, command: &str) -> Result<String, String> {
        self.index(name)?;
        cli_at(&self.stats_socket(name), command, CLI_TIMEOUT).map_err(|e| format!("{name}: {e}"))
    }

    /// `show peers` on one instance, parsed.
    pub fn show_peers(&self, name: &str) -> Result<Vec<PeerStatus>, String> {
        self.cli(name, "show peers").map(|o| parse_show_peers(&o))
    }

    /// `show table <table>` on one instance, parsed. Errors if the table does
    /// not exist there.
    pub fn table_entries(&self, name: &str, table: &str) -> Result<Vec<TableEntry>, String> {
        let out = self.cli(name, &format!("show table {table}"))?;
        if !out.starts_with("# table:") {
            return Err(format!("{name}: show table {table}: {}", out.trim()));
        }
        Ok(parse_show_table(&out))
    }

    /// Polls `show table` until `key` is present (at most `timeout`); returns
    /// the entry and how long it took.
    pub fn wait_table_key(
        &self,
        name: &str,
        table: &str,
        key: &str,
        timeout: Duration,
    ) -> Result<(TableEntry, Duration), String> {
        let start = Instant::now();
        loop {
            let entries = self.table_entries(name, table)?;
            if let Some(e) = entries.into_iter().find(|e| e.key == key) {
                return Ok((e, start.elapsed()));
            }
            if start.elapsed() >= timeout {
                return Err(format!("{name}: key {key} not in table {table} after {timeout:?}"));
            }
            thread::sleep(POLL);
        }
    }

    /// Asserts-style helper: `Ok(())` if `key` stays absent from the table for
    /// the whole `period` (polled), `Err` as soon as it shows up.
    pub fn expect_key_absent(
        &self,
        name: &str,
        table: &str,
        key: &str,
        period: Duration,
    ) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if let Some(e) = self.table_entries(name, table)?.into_iter().find(|e| e.key == key) {
                return Err(format!(
                    "{name}: key {key} appeared in {table} after {:?}: {e:?}",
                    start.elapsed()
                ));
            }
            if start.elapsed() >= period {
                return Ok(());
            }
            thread::sleep(POLL);
        }
    }

    /// True if every remote peer of every running instance is established
    /// right now (instances without remote peers count as established).
    pub fn peers_established_now(&self) -> Result<bool, String> {
        for inst in self.instances.iter().filter(|i| i.child.is_some()) {
            let peers = self.show_peers(&inst.spec.name)?;
            if peers.iter().any(|p| !p.local && !p.is_established()) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Waits until every remote peer on every instance is `active` with
    /// `last_status=ESTA` and has stayed so for [`PEERS_STABLE_FOR`]
    /// (sessions from the first connect often die of a collision ~1 s later).
    /// Returns the time until the condition first held *stably*. A cluster
    /// with no remote peers at all returns at once.
    pub fn wait_peers_established(&self, timeout: Duration) -> Result<Duration, String> {
        self.wait_peers_established_for(timeout, PEERS_STABLE_FOR)
    }

    /// [`Cluster::wait_peers_established`] with an explicit stability window.
    pub fn wait_peers_established_for(
        &self,
        timeout: Duration,
        stable: Duration,
    ) -> Result<Duration, String> {
        let start = Instant::now();
        let mut since: Option<Instant> = None;
        loop {
            if self.peers_established_now()? {
                let s = *since.get_or_insert_with(Instant::now);
                if s.elapsed() >= stable {
                    return Ok(s.duration_since(start));
                }
            } else {
                since = None;
            }
            if start.elapsed() >= timeout {
                let mut report = String::new();
                for n in self.names() {
                    report.push_str(&format!("{n}: {:?}\n", self.show_peers(&n)));
                }
                return Err(format!(
                    "peers not established (stably for {stable:?}) within {timeout:?}:\n{report}"
                ));
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let panicking = thread::panicking();
        for inst in &mut self.instances {
            if let Some(mut child) = inst.child.take() {
                let pid = child.id();
                if !kill_and_reap(&mut child) {
                    eprintln!("halint live harness: haproxy pid {pid} did not die after SIGKILL");
                }
            }
            inst.pid = None;
        }
        if panicking {
            self.dir.keep = true;
            eprintln!("halint live harness: test panicked; files kept in {}", self.dir.path().display());
            for inst in &self.instances {
                let log = fs::read_to_string(self.dir.path().join(format!("{}.log", inst.spec.name)))
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                eprintln!("--- log of {} (last {} lines) ---", inst.spec.name, tail.len());
                for l in tail.iter().rev() {
                    eprintln!("{l}");
                }
            }
        }
    }
}

/// SIGKILL (`Child::kill`) then reap with a bounded wait. True if reaped.
fn kill_and_reap(child: &mut Child) -> bool {
    let _ = child.kill();
    let deadline = Instant::now() + KILL_WAIT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            _ => return false,
        }
    }
}

/// One non-interactive stats-socket command: connect, send `command\n`, read
/// until HAProxy closes the connection.
fn cli_at(sock: &Path, command: &str, timeout: Duration) -> Result<String, String> {
    let mut s = UnixStream::connect(sock).map_err(|e| format!("connect {}: {e}", sock.display()))?;
    s.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    s.write_all(format!("{command}\n").as_bytes()).map_err(|e| format!("write: {e}"))?;
    let deadline = Instant::now() + timeout;
    let mut out = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if Instant::now() > deadline {
            return Err(format!("`{command}` took longer than {timeout:?}"));
        }
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("read `{command}`: {e}")),
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}
