//! The replication test: one HTTP request through an instance's frontend,
//! then the client's entry read on every instance and compared.
//!
//! The key is the address the request left from (the probe's own, as the
//! instance sees it with `stick on src`), so only tables keyed by `ip` or
//! `ipv6` are tested. An entry left on the other instances by an earlier
//! request of the same client cannot be told from a fresh copy (2.6 does
//! not reset `exp` on every request, so it is no sign of an update): the
//! test proves replication for a client new to the cluster, and otherwise
//! that every instance sends the client to the same server.

use super::client::{Client, RuntimeError};
use super::expected::ExpectedTable;
use super::show_table::{parse_key_lookup, TableEntry};
use crate::diagnostic::Diagnostic;
use crate::rules::runtime::NotReplicated;
use crate::span::Span;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How often the other instances are asked while the entry travels.
const POLL: Duration = Duration::from_millis(100);

/// An instance of the test: its name and runtime API.
pub struct Member<'a> {
    /// The instance's name.
    pub name: &'a str,
    /// Its runtime API.
    pub client: &'a Client,
}

/// Why the test could not be made (not a finding: nothing was learnt).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplicationError {
    /// The frontend did not answer the request.
    #[error("request to {0} failed: {1}")]
    Request(SocketAddr, String),
    /// A runtime API failed.
    #[error("{0}: {1}")]
    Runtime(String, RuntimeError),
    /// The request left no entry in any table keyed by address.
    #[error("the request through '{0}' left no entry for {1} in a shared table keyed by address ({2})")]
    NoEntry(String, IpAddr, String),
}

/// Sends `GET path` to `frontend` of `through`, finds the entries it made
/// in `tables` there, and checks that every other member has the same
/// entry (same server) within `timeout`.
pub fn check_replication(
    through: &Member<'_>,
    frontend: SocketAddr,
    path: &str,
    others: &[Member<'_>],
    tables: &[ExpectedTable],
    timeout: Duration,
) -> Result<Vec<Diagnostic>, ReplicationError> {
    let keyed: Vec<&ExpectedTable> =
        tables.iter().filter(|t| matches!(t.key_type.as_deref(), Some("ip" | "ipv6"))).collect();
    let stream = TcpStream::connect_timeout(&frontend, timeout)
        .map_err(|e| ReplicationError::Request(frontend, e.to_string()))?;
    let source = stream.local_addr().map_err(|e| ReplicationError::Request(frontend, e.to_string()))?.ip();
    http_get(stream, frontend, path, timeout)?;
    let mut made = Vec::new();
    for t in &keyed {
        if let Some(entry) = lookup(through, t, &key_for(source, t))? {
            made.push((*t, entry));
        }
    }
    if made.is_empty() {
        let names: Vec<&str> = keyed.iter().map(|t| t.name.as_str()).collect();
        return Err(ReplicationError::NoEntry(through.name.to_owned(), source, names.join(", ")));
    }
    let mut out = Vec::new();
    for m in others {
        for (t, entry) in &made {
            if let Some(d) = wait_for_copy(through.name, m, t, entry, timeout)? {
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// Polls `member` until its entry for `entry.key` names the same server;
/// a finding when it never appears, or names another server.
fn wait_for_copy(
    origin: &str,
    member: &Member<'_>,
    table: &ExpectedTable,
    entry: &TableEntry,
    timeout: Duration,
) -> Result<Option<Diagnostic>, ReplicationError> {
    let deadline = Instant::now() + timeout;
    let want = server(entry);
    let finding = |message: String| Some(Diagnostic::new(&NotReplicated::META, table.span, message));
    loop {
        if let Some(copy) = lookup(member, table, &entry.key)? {
            if server(&copy) == want {
                return Ok(None);
            }
            // A wrong server may be an update still on its way: wait it out.
            if Instant::now() >= deadline {
                return Ok(finding(format!(
                    "client {} of table '{}' goes to server {} on '{}' but to {} on '{origin}'",
                    entry.key,
                    table.name,
                    server(&copy).unwrap_or("(none)"),
                    member.name,
                    want.unwrap_or("(none)")
                )));
            }
        } else if Instant::now() >= deadline {
            return Ok(finding(format!(
                "the entry for client {} made in table '{}' on '{origin}' (server {}) did not reach '{}' within {timeout:?}",
                entry.key,
                table.name,
                want.unwrap_or("(none)"),
                member.name
            )));
        }
        std::thread::sleep(POLL);
    }
}

/// The server an entry sends its client to: `server_key` (2.4+: name or
/// address), else `server_id`.
fn server(entry: &TableEntry) -> Option<&str> {
    entry.get("server_key").or_else(|| entry.get("server_id"))
}

/// How the table writes the client's address: an `ipv6` table keeps IPv4
/// clients as IPv4-mapped addresses.
fn key_for(source: IpAddr, table: &ExpectedTable) -> String {
    match (source, table.key_type.as_deref()) {
        (IpAddr::V4(v4), Some("ipv6")) => format!("::ffff:{v4}"),
        (ip, _) => ip.to_string(),
    }
}

/// `show table NAME key KEY` on one member.
fn lookup(
    member: &Member<'_>,
    table: &ExpectedTable,
    key: &str,
) -> Result<Option<TableEntry>, ReplicationError> {
    let command = format!("show table {} key {key}", table.name);
    let wrap = |e| ReplicationError::Runtime(member.name.to_owned(), e);
    let answer = member.client.query(&command).map_err(wrap)?;
    Ok(parse_key_lookup(&command, &answer).map_err(wrap)?.filter(|e| e.key == key))
}

/// A bounded `GET path HTTP/1.0` on `stream`; any HTTP status will do (the
/// stick rule ran once a server was chosen).
fn http_get(
    mut stream: TcpStream,
    frontend: SocketAddr,
    path: &str,
    timeout: Duration,
) -> Result<(), ReplicationError> {
    let fail = |e: std::io::Error| ReplicationError::Request(frontend, e.to_string());
    stream.set_read_timeout(Some(timeout)).map_err(fail)?;
    stream.set_write_timeout(Some(timeout)).map_err(fail)?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: {frontend}\r\nUser-Agent: halint-probe\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(fail)?;
    let mut head = [0u8; 12];
    let mut got = 0;
    while got < head.len() {
        match stream.read(&mut head[got..]).map_err(fail)? {
            0 => break,
            n => got += n,
        }
    }
    if !head[..got].starts_with(b"HTTP/") {
        return Err(ReplicationError::Request(frontend, "the answer is not HTTP".into()));
    }
    Ok(())
}

/// A span for findings without a config line.
pub const NO_SPAN: Span = Span { start: 0, end: 0 };
