//! What the fuzz targets share: how an input's bytes become configs and
//! settings, and a generator of configs from the rules' vocabulary.
//!
//! An input of the `check` and `fix` targets is
//!
//! ```text
//! TEXT [0xFE TEXT [0xFE TEXT]] [0xFF TAIL]
//! ```
//!
//! Each TEXT is a config file as written (lossy UTF-8; 0xFE and 0xFF never
//! occur in UTF-8, so a seed `.cfg` is one whole file). TAIL, read with
//! `arbitrary`, gives the settings (an inventory of up to 50 instances, the
//! local name, the peers section, the version, the stick-table template) and
//! up to three more configs built from the rules' vocabulary. Without a TAIL,
//! the inventory is the peers the texts declare and the local name the first.

use arbitrary::{Result, Unstructured};
use halint::settings::StickTableTemplate;
use halint::{Instance, Settings, Version};

/// Most files of one input (a cluster of three).
pub const MAX_FILES: usize = 3;
/// Most instances of an inventory.
pub const MAX_INSTANCES: usize = 50;

/// One fuzz case: config files, the local name of each, and the settings.
#[derive(Debug)]
pub struct Case {
    /// The files' texts.
    pub files: Vec<String>,
    /// Each file's local name (for the cluster check).
    pub locals: Vec<Option<String>>,
    /// Inventory and options.
    pub settings: Settings,
}

/// Decodes an input (see the crate's documentation).
pub fn decode(data: &[u8]) -> Case {
    let (texts, tail) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let mut files: Vec<String> = if texts.is_empty() && tail.is_some() {
        Vec::new()
    } else {
        texts.split(|&b| b == 0xFE).take(MAX_FILES).map(|t| String::from_utf8_lossy(t).into_owned()).collect()
    };
    let (settings, locals) = match tail {
        Some(tail) => {
            let mut u = Unstructured::new(tail);
            let settings = settings(&mut u).unwrap_or_default();
            let extra = u.int_in_range(0..=MAX_FILES).unwrap_or(0);
            for _ in 0..extra {
                if files.len() >= MAX_FILES {
                    break;
                }
                files.push(config(&mut u).unwrap_or_default());
            }
            let locals = files
                .iter()
                .map(|_| {
                    let pick = u.choose(&settings.instances).ok().map(|i| i.name.clone());
                    if u.arbitrary().unwrap_or(false) {
                        name(&mut u).ok()
                    } else {
                        pick
                    }
                })
                .collect();
            (settings, locals)
        }
        None => declared_inventory(&files),
    };
    Case { files, locals, settings }
}

/// Settings whose inventory is the peers the files declare (`peer NAME ADDR`
/// lines), the local name the first of them, and each file's local name the
/// peer of the same rank.
fn declared_inventory(files: &[String]) -> (Settings, Vec<Option<String>>) {
    let mut instances: Vec<Instance> = Vec::new();
    for text in files {
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if words.next() != Some("peer") {
                continue;
            }
            let (Some(name), address) = (words.next(), words.next()) else { continue };
            if instances.len() < MAX_INSTANCES && !instances.iter().any(|i| i.name == name) {
                let arg = match address {
                    Some(a) => format!("{name}={a}"),
                    None => name.to_owned(),
                };
                if let Ok(instance) = Instance::parse_arg(&arg) {
                    instances.push(instance);
                }
            }
        }
    }
    let locals = (0..files.len()).map(|i| instances.get(i).map(|x| x.name.clone())).collect();
    let local = instances.first().map(|i| i.name.clone());
    (Settings { instances, local, ..Settings::default() }, locals)
}

const PEER_NAMES: &[&str] = &["lb1", "lb2", "lb3", "haproxy-a", "node_1", "lb1.example.com", "LB1", "a"];
const PROXY_NAMES: &[&str] = &["app", "web", "api", "st_src", "mesh", "lb1", "t1", "be-2", "a/b", "x"];
const PEERS_NAMES: &[&str] = &["mesh", "cluster", "peers1", "lb1", "app"];
const ADDRESSES: &[&str] = &[
    "10.0.0.1:1024",
    "10.0.0.2:1024",
    "10.0.0.3:1024",
    "10.0.0.1:10000",
    "127.0.0.1:1024",
    "0.0.0.0:1024",
    "[::1]:1024",
    "ipv6@[2001:db8::1]:1024",
    "ipv4@10.0.0.3:1024",
    "\"${PEER_ADDR}:1024\"",
    "${LOCAL}:1024",
    ":1024",
    "10.0.0.4",
    "lb2.example.com:1024",
    "unix@/run/peer.sock",
    "10.0.1.1:80",
    "*:8080",
];
const KEY_TYPES: &[&str] =
    &["ip", "ipv6", "integer", "string", "string len 32", "binary", "binary len 16", "text", "str"];
const SIZES: &[&str] = &["20k", "1m", "100", "0", "1g", "10x", "1024"];
const STORES: &[&str] = &[
    "",
    " store gpc0",
    " store conn_cur,conn_rate(10s)",
    " store http_req_rate(10s),gpc0",
    " store server_id",
    " store bogus",
];
const EXPIRES: &[&str] = &["", " expire 30m", " expire 10s", " expire 0", " expire 1d", " expire abc"];
const TRACK: &[&str] = &[
    "http-request track-sc0 src",
    "http-request track-sc1 req.hdr(x-id)",
    "tcp-request connection track-sc0 src",
    "tcp-request content track-sc2 src",
    "http-request sc-inc-gpc0(0)",
];
const STICK: &[&str] = &[
    "stick on src",
    "stick match src",
    "stick store-request src",
    "stick store-response res.cook(SRV)",
    "stick on req.hdr(x-user)",
];
const COMMON_PROXY: &[&str] = &[
    "mode http",
    "mode tcp",
    "balance roundrobin",
    "balance source",
    "timeout client 30s",
    "timeout server 30s",
    "timeout connect 5s",
    "option httplog",
    "option tcplog",
    "log global",
    "cookie SRV insert indirect nocache",
    "http-request set-header X-A 1",
    "http-request deny if { src 10.0.0.0/8 }",
    "acl internal src 10.0.0.0/8",
    "disabled",
    "enabled",
    "default-server check",
    "frobnicate now",
    "option redispatch",
    "retries 3",
];
const GLOBAL: &[&str] = &[
    "daemon",
    "maxconn 1000",
    "nbthread 2",
    "log stdout format raw local0",
    "stats timeout 30s",
    "tune.bufsize 16384",
    "master-worker",
    "setenv PEER_ADDR 10.0.0.2",
    "presetenv LOCAL 10.0.0.1",
];
const DEFAULTS: &[&str] = &[
    "mode http",
    "mode tcp",
    "timeout connect 5s",
    "timeout client 30s",
    "timeout server 30s",
    "option httplog",
    "log global",
    "balance roundrobin",
    "http-request set-var(txn.x) str(1)",
    "stick-table type ip size 1k",
];
const RULES: &[&str] = &[
    "stick-table-not-shared",
    "peers-section-missing",
    "unknown-keyword",
    "duplicate-line",
    "all",
    "S001",
    "nonexistent",
];

/// A word from a vocabulary, or now and then a few arbitrary characters.
fn word(u: &mut Unstructured<'_>, vocabulary: &[&str]) -> Result<String> {
    if u.ratio(1, 12)? {
        return name(u);
    }
    Ok((*u.choose(vocabulary)?).to_owned())
}

/// A short arbitrary name (may be empty, may have odd characters).
fn name(u: &mut Unstructured<'_>) -> Result<String> {
    let len = u.int_in_range(0..=12)?;
    let mut s = String::new();
    for _ in 0..len {
        let c = match u.int_in_range(0..=9)? {
            0 => *u.choose(&['.', '-', '_', ':', '/', '#', '"', '\'', '\\', ' ', '$', '{', '}', '@', 'é'])?,
            _ => *u.choose(&"abcdefghijklmnopqrstuvwxyz0123456789".chars().collect::<Vec<_>>())?,
        };
        s.push(c);
    }
    Ok(s)
}

/// An `IP:port` from the vocabulary or made up.
fn address(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 3)? {
        let [a, b, c, d]: [u8; 4] = u.arbitrary()?;
        let port: u16 = u.arbitrary()?;
        return Ok(format!("{a}.{b}.{c}.{d}:{port}"));
    }
    word(u, ADDRESSES)
}

/// Settings: an inventory of up to 50 instances (as `--instance` would take
/// them), a local name, and the rest.
pub fn settings(u: &mut Unstructured<'_>) -> Result<Settings> {
    let count = u.int_in_range(0..=MAX_INSTANCES)?;
    let mut instances = Vec::with_capacity(count);
    for _ in 0..count {
        let name = word(u, PEER_NAMES)?;
        let arg = if u.ratio(4, 5)? { format!("{name}={}", address(u)?) } else { name };
        // What `--instance` and halint.toml accept (names may repeat).
        if let Ok(instance) = Instance::parse_arg(&arg) {
            instances.push(instance);
        }
    }
    let local = match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(name(u)?),
        _ => u.choose(&instances).ok().map(|i| i.name.clone()),
    };
    let peers_section = if u.ratio(1, 3)? { Some(word(u, PEERS_NAMES)?) } else { None };
    let default_peer_port = if u.ratio(1, 3)? { Some(u.arbitrary()?) } else { None };
    let haproxy_version = match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(Version::new(u.arbitrary()?, u.arbitrary()?)),
        _ => Some(Version::new(u.int_in_range(1..=3)?, u.int_in_range(0..=12)?)),
    };
    let stick_table = if u.ratio(1, 2)? {
        StickTableTemplate::default()
    } else {
        StickTableTemplate {
            key_type: word(u, KEY_TYPES)?,
            size: word(u, SIZES)?,
            expire: if u.arbitrary()? { Some(word(u, &["30m", "1h", "0", "x"])?) } else { None },
        }
    };
    Ok(Settings {
        instances,
        local,
        peers_section,
        default_peer_port,
        haproxy_version,
        stick_table,
        ..Settings::default()
    })
}

/// A stick-table definition's arguments after `type`.
fn table_args(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = format!("type {} size {}", word(u, KEY_TYPES)?, word(u, SIZES)?);
    s.push_str(u.choose(EXPIRES)?);
    if u.ratio(1, 2)? {
        s.push_str(&format!(" peers {}", word(u, PEERS_NAMES)?));
    }
    s.push_str(u.choose(STORES)?);
    if u.ratio(1, 6)? {
        s.push_str(" nopurge");
    }
    if u.ratio(1, 8)? {
        s.push_str(" srvkey addr");
    }
    Ok(s)
}

/// A `table NAME` suffix for a stick or track rule, sometimes.
fn table_ref(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(1, 2)? {
        let table = if u.arbitrary()? {
            format!("{}/{}", word(u, PEERS_NAMES)?, word(u, PROXY_NAMES)?)
        } else {
            word(u, PROXY_NAMES)?
        };
        format!(" table {table}")
    } else {
        String::new()
    })
}

/// One line of a proxy section.
fn proxy_line(u: &mut Unstructured<'_>, kind: &str) -> Result<String> {
    Ok(match u.int_in_range(0..=9)? {
        0 => format!("stick-table {}", table_args(u)?),
        1 => format!("{}{}", u.choose(STICK)?, table_ref(u)?),
        2 => format!("{}{}", u.choose(TRACK)?, table_ref(u)?),
        3 if kind != "frontend" => {
            let mut s = format!("server {} {}", word(u, PROXY_NAMES)?, address(u)?);
            if u.arbitrary()? {
                s.push_str(" check");
            }
            if u.ratio(1, 4)? {
                s.push_str(&format!(" cookie {}", word(u, PEER_NAMES)?));
            }
            s
        }
        4 if kind != "backend" => format!("bind {}", address(u)?),
        5 if kind != "backend" => {
            let keyword = u.choose(&["use_backend", "default_backend"])?;
            let cond = if u.arbitrary()? { " if { path_beg /x }" } else { "" };
            format!("{keyword} {}{cond}", word(u, PROXY_NAMES)?)
        }
        _ => (*u.choose(COMMON_PROXY)?).to_owned(),
    })
}

/// One line of a peers section.
fn peers_line(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=7)? {
        0..=2 => format!("peer {} {}", word(u, PEER_NAMES)?, address(u)?),
        3 => format!("table {} {}", word(u, PROXY_NAMES)?, table_args(u)?.replace(" peers ", " x ")),
        4 => format!("bind {}", address(u)?),
        5 => format!(
            "server {} {}",
            word(u, PEER_NAMES)?,
            if u.arbitrary()? { address(u)? } else { String::new() }
        ),
        6 => format!("localpeer {}", word(u, PEER_NAMES)?),
        _ => (*u.choose(&["disabled", "log global", "default-server inter 2s", "shards 2", "peer"])?)
            .to_owned(),
    })
}

/// A config built from the rules' vocabulary: sections of the right kinds
/// with lines that are mostly right, sometimes wrong.
pub fn config(u: &mut Unstructured<'_>) -> Result<String> {
    let mut out = String::new();
    let sections = u.int_in_range(0..=12)?;
    for _ in 0..sections {
        let kind = *u.choose(&["global", "defaults", "peers", "frontend", "backend", "listen", "backend"])?;
        match kind {
            "global" => out.push_str("global\n"),
            "defaults" => match u.int_in_range(0..=2)? {
                0 => out.push_str("defaults\n"),
                1 => out.push_str(&format!("defaults {}\n", word(u, PROXY_NAMES)?)),
                _ => out.push_str(&format!(
                    "defaults {} from {}\n",
                    word(u, PROXY_NAMES)?,
                    word(u, PROXY_NAMES)?
                )),
            },
            "peers" => out.push_str(&format!("peers {}\n", word(u, PEERS_NAMES)?)),
            _ => {
                let from =
                    if u.ratio(1, 6)? { format!(" from {}", word(u, PROXY_NAMES)?) } else { String::new() };
                out.push_str(&format!("{kind} {}{from}\n", word(u, PROXY_NAMES)?));
            }
        }
        let lines = u.int_in_range(0..=10)?;
        for _ in 0..lines {
            let line = match kind {
                "global" if u.ratio(1, 4)? => format!("localpeer {}", word(u, PEER_NAMES)?),
                "global" => (*u.choose(GLOBAL)?).to_owned(),
                "defaults" => (*u.choose(DEFAULTS)?).to_owned(),
                "peers" => peers_line(u)?,
                _ => proxy_line(u, kind)?,
            };
            // Indentation, comments, suppressions, line endings: mostly plain.
            let indent = *u.choose(&["    ", "    ", "    ", "\t", "", "  "])?;
            let comment = match u.int_in_range(0..=20)? {
                0 => " # note".to_owned(),
                1 => format!(" # halint: ignore[{}]", u.choose(RULES)?),
                2 => "\r".to_owned(),
                _ => String::new(),
            };
            out.push_str(&format!("{indent}{line}{comment}\n"));
            if u.ratio(1, 40)? {
                out.push_str(u.choose(&[
                    ".if defined(X)\n",
                    ".else\n",
                    ".endif\n",
                    ".diag \"x\"\n",
                    "\n",
                ])?);
            }
        }
        if u.ratio(1, 3)? {
            out.push('\n');
        }
    }
    if u.ratio(1, 10)? {
        out.pop();
    }
    if u.ratio(1, 30)? {
        out.insert(0, '\u{feff}');
    }
    Ok(out)
}
