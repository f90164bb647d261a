//! The probe's checks of one running instance: its `show peers`,
//! `show table` and `show info` against what the config and inventory
//! expect. Pure functions of the answers, so they are tested without a
//! running HAProxy; [`Snapshot::read`] asks the instance.

use super::client::{Client, RuntimeError};
use super::expected::{same_address, Expected};
use super::show_info::{parse_show_info, ProcessInfo};
use super::show_peers::{parse_show_peers, RuntimeSection};
use super::show_table::{parse_table, parse_table_list, TableEntry, TableHeader};
use crate::diagnostic::Diagnostic;
use crate::rules::runtime::{
    PeerNotConnected, RunningConfigDiffers, RuntimeLocalPeerMismatch, RuntimePeerAddressMismatch,
    RuntimeTableMismatch,
};
use crate::schema::Version;
use std::time::{Duration, SystemTime};

/// Tables with more entries than this are not dumped to look at their data
/// types: the dump of a big table is megabytes and slows the process.
const SAMPLE_TABLES_UP_TO: u64 = 1000;

/// What one instance's runtime API answered.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// `show peers`.
    pub sections: Vec<RuntimeSection>,
    /// `show table`.
    pub tables: Vec<TableHeader>,
    /// The first entry of each small expected table that has one.
    pub samples: Vec<(String, TableEntry)>,
    /// `show info`.
    pub info: ProcessInfo,
}

impl Snapshot {
    /// Asks the instance (a few commands, each bounded by the client's
    /// timeout). A peer session that is not established is asked about
    /// again for up to `settle`: sessions drop and come back within a
    /// second or two after a connect collision, which is no finding.
    pub fn read(
        client: &Client,
        expected: Option<&Expected>,
        settle: Duration,
    ) -> Result<Snapshot, RuntimeError> {
        let start = std::time::Instant::now();
        let mut sections = parse_show_peers(&client.query("show peers")?)?;
        while expected.is_some_and(|e| waiting_for_a_session(e, &sections))
            && start.elapsed() + SETTLE_POLL < settle
        {
            std::thread::sleep(SETTLE_POLL);
            sections = parse_show_peers(&client.query("show peers")?)?;
        }
        let tables = parse_table_list(&client.query("show table")?)?;
        let info = parse_show_info(&client.query("show info")?)?;
        let mut samples = Vec::new();
        for t in expected.map_or(&[][..], |e| &e.tables) {
            let small =
                tables.iter().any(|h| h.name == t.name && (1..=SAMPLE_TABLES_UP_TO).contains(&h.used));
            if !small || t.store.is_empty() {
                continue;
            }
            let command = format!("show table {}", t.name);
            let (_, entries) = parse_table(&command, &client.query(&command)?)?;
            if let Some(first) = entries.into_iter().next() {
                samples.push((t.name.clone(), first));
            }
        }
        Ok(Snapshot { sections, tables, samples, info })
    }
}

/// How often an unestablished session is asked about again.
const SETTLE_POLL: Duration = Duration::from_millis(250);

/// Whether the instance runs the expected section as itself and some
/// expected remote peer of it has no established session (yet).
fn waiting_for_a_session(expected: &Expected, sections: &[RuntimeSection]) -> bool {
    let Some(section) = sections.iter().find(|s| s.name == expected.section) else { return false };
    section.local().is_some_and(|l| expected.peer(&l.name).is_some())
        && section.peers.iter().any(|p| !p.local && expected.peer(&p.name).is_some() && !p.is_established())
}

/// What else the checks compare with.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The HAProxy version the inventory targets.
    pub target_version: Option<Version>,
    /// When the checked config file was last modified, with its path.
    pub config_modified: Option<(String, SystemTime)>,
}

/// Every finding about `instance` from its snapshot.
pub fn check_instance(
    expected: &Expected,
    instance: &str,
    snapshot: &Snapshot,
    context: &Context,
) -> Vec<Diagnostic> {
    let mut out = check_peers(expected, instance, snapshot);
    out.extend(check_tables(expected, instance, snapshot));
    out.extend(check_info(expected, instance, &snapshot.info, context));
    out
}

/// The section runs, under the instance's name, at its address, with an
/// established session to every other instance at its address.
pub fn check_peers(expected: &Expected, instance: &str, snapshot: &Snapshot) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(section) = snapshot.sections.iter().find(|s| s.name == expected.section) else {
        let running: Vec<String> = snapshot
            .sections
            .iter()
            .map(|s| format!("'{}' as '{}'", s.name, s.local().map_or("?", |p| p.name.as_str())))
            .collect();
        let runs = if running.is_empty() { "none".to_owned() } else { running.join(", ") };
        out.push(
            Diagnostic::new(
                &RuntimeLocalPeerMismatch::META,
                expected.section_span,
                format!("'{instance}' does not run peers section '{}' (it runs: {runs})", expected.section),
            )
            .with_help(format!(
                "HAProxy drops a peers section when none of its peers is named like the process \
                 (-L, localpeer, host name): start it as '{instance}'"
            )),
        );
        return out;
    };
    let span_of = |name: &str| expected.peer(name).map_or(expected.section_span, |p| p.span);
    let Some(local) = section.local() else { return out };
    if local.name != instance {
        out.push(
            Diagnostic::new(
                &RuntimeLocalPeerMismatch::META,
                span_of(instance),
                format!(
                    "'{instance}' runs peers section '{}' as peer '{}', not as '{instance}'",
                    section.name, local.name
                ),
            )
            .with_help(format!("start it with -L {instance} (or `localpeer {instance}` in global)")),
        );
        // Its view of the other peers is that of another instance: no use comparing.
        return out;
    }
    if section.disabled {
        out.push(Diagnostic::new(
            &PeerNotConnected::META,
            expected.section_span,
            format!("'{instance}' runs peers section '{}' disabled: it connects to no peer", section.name),
        ));
        return out;
    }
    for peer in &expected.peers {
        let Some(running) = section.peers.iter().find(|p| p.name == peer.name) else {
            out.push(
                Diagnostic::new(
                    &PeerNotConnected::META,
                    peer.span,
                    format!(
                        "'{instance}' has no peer '{}' in its running section '{}'",
                        peer.name, section.name
                    ),
                )
                .with_help("its running config lists other peers than the checked one: deploy it and reload"),
            );
            continue;
        };
        if let Some(want) = &peer.address {
            if !same_address(&running.addr, want) {
                let who = if running.local {
                    "its own address".to_owned()
                } else {
                    format!("peer '{}'", peer.name)
                };
                out.push(
                    Diagnostic::new(
                        &RuntimePeerAddressMismatch::META,
                        peer.span,
                        format!("'{instance}' has {who} at {}, but it is at {want}", running.addr),
                    )
                    .with_help(if running.local {
                        "it listens where the other instances do not dial: fix its peer line and reload"
                            .to_owned()
                    } else {
                        format!(
                            "'{instance}' dials the wrong address; a session opened by '{}' hides it until \
                             that side restarts: fix the peer line and reload",
                            peer.name
                        )
                    }),
                );
            }
        }
        if !running.local && !running.is_established() {
            let state = if running.active { "active" } else { "inactive" };
            out.push(
                Diagnostic::new(
                    &PeerNotConnected::META,
                    peer.span,
                    format!(
                        "'{instance}' is not connected to peer '{}' (last_status={}, {state})",
                        peer.name, running.last_status
                    ),
                )
                .with_help(status_help(&running.last_status)),
            );
        }
    }
    out
}

/// What a peer session status means, for the help text.
fn status_help(status: &str) -> &'static str {
    match status {
        "CONN" | "NONE" => {
            "nothing answered at the peer's address yet: is it running, listening there, reachable?"
        }
        "UNKN" => "the peer refused this instance's name: its running config does not list it",
        "LVER" | "BVER" => "the peer speaks another peers protocol version",
        _ => "a session comes up within a few seconds of start; if it stays down, read both logs",
    }
}

/// Every shared table exists with its type and size, is shared, was
/// announced by every connected peer, and stores the data the config says.
pub fn check_tables(expected: &Expected, instance: &str, snapshot: &Snapshot) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let section = snapshot.sections.iter().find(|s| s.name == expected.section);
    let local = section.and_then(RuntimeSection::local).filter(|l| l.name == instance);
    let mismatch = |span, message: String| Diagnostic::new(&RuntimeTableMismatch::META, span, message);
    for t in &expected.tables {
        let Some(header) = snapshot.tables.iter().find(|h| h.name == t.name) else {
            out.push(mismatch(t.span, format!("'{instance}' has no table '{}'", t.name)));
            continue;
        };
        if let Some(kt) = t.key_type.as_ref().filter(|kt| **kt != header.key_type) {
            out.push(mismatch(
                t.span,
                format!("'{instance}' runs table '{}' with key type {}, not {kt}", t.name, header.key_type),
            ));
        }
        if let Some(size) = t.size.filter(|s| *s != header.size) {
            out.push(mismatch(
                t.span,
                format!("'{instance}' runs table '{}' with size {}, not {size}", t.name, header.size),
            ));
        }
        // A missing section or wrong local peer is reported by the peer checks.
        let Some(local) = local else { continue };
        if !local.shared_tables.iter().any(|s| s.name == t.name) {
            out.push(
                mismatch(
                    t.span,
                    format!(
                        "'{instance}' runs table '{}' without sharing it through '{}'",
                        t.name, expected.section
                    ),
                )
                .with_help(format!(
                    "its running config lacks `peers {}` on this table: deploy and reload",
                    expected.section
                )),
            );
        }
        let remote = section.into_iter().flat_map(|s| &s.peers).filter(|p| p.is_established());
        for peer in remote {
            if peer.shared_tables.iter().any(|s| s.name == t.name && s.remote_id == 0) {
                out.push(
                    mismatch(
                        t.span,
                        format!("peer '{}' never announced table '{}' to '{instance}'", peer.name, t.name),
                    )
                    .with_help(
                        "peers match tables by name, key type and key length: the peer runs it \
                         unshared, under another name, or with another key",
                    ),
                );
            }
        }
        if let Some((_, entry)) = snapshot.samples.iter().find(|(n, _)| *n == t.name) {
            let missing: Vec<&str> =
                t.store.iter().map(String::as_str).filter(|s| !entry.data_names().any(|d| d == *s)).collect();
            if !missing.is_empty() {
                out.push(mismatch(
                    t.span,
                    format!("'{instance}' runs table '{}' without storing {}", t.name, missing.join(", ")),
                ));
            }
        }
    }
    out
}

/// Hints that the process does not run the checked config.
pub fn check_info(
    expected: &Expected,
    instance: &str,
    info: &ProcessInfo,
    context: &Context,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = expected.section_span;
    if let (Some(target), Some(running)) = (context.target_version, info.major_minor()) {
        if target != running {
            out.push(Diagnostic::new(
                &RunningConfigDiffers::META,
                at,
                format!("'{instance}' runs HAProxy {}, the inventory targets {target}", info.version),
            ));
        }
    }
    if let Some((path, modified)) = &context.config_modified {
        let started = SystemTime::now().checked_sub(info.uptime);
        // One second of slack: uptime is whole seconds.
        if started.is_some_and(|s| *modified > s + Duration::from_secs(1)) {
            out.push(
                Diagnostic::new(
                    &RunningConfigDiffers::META,
                    at,
                    format!(
                        "'{path}' changed after '{instance}' started (pid {}, up {}s)",
                        info.pid,
                        info.uptime.as_secs()
                    ),
                )
                .with_help("the instance may run an older text: reload it to run the checked one"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
