//! `show peers`: the peers sections a running HAProxy has, their local peer,
//! and each remote peer's session and shared tables.
//!
//! The layout has been the same from 2.0 to 3.2 (src/peers.c,
//! `peers_dump_head` and `peers_dump_peer`): a section line
//! `0x…: [date] id=<section> disabled=<0|1> …`, then per peer
//! `  0x…: id=<name>(local|remote,active|inactive) addr=<ip>:<port> … last_status=<ST> last_hdshk=<age>`,
//! then indented details, among them `shared tables:` followed, per table,
//! by `0x… local_id=N remote_id=M …` and `table:0x… id=<table> …`.

use super::client::RuntimeError;

/// A peers section as the process runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeSection {
    /// The section's name.
    pub name: String,
    /// `disabled=1`.
    pub disabled: bool,
    /// Its peers, local one included.
    pub peers: Vec<RuntimePeer>,
}

impl RuntimeSection {
    /// The peer the process took as itself.
    pub fn local(&self) -> Option<&RuntimePeer> {
        self.peers.iter().find(|p| p.local)
    }
}

/// One peer of a running section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimePeer {
    /// Its name.
    pub name: String,
    /// Whether it is the process itself.
    pub local: bool,
    /// Whether a session with it is up now (`last_status` keeps saying
    /// `ESTA` after a session dropped).
    pub active: bool,
    /// `addr=` as shown (IPv6 without brackets).
    pub addr: String,
    /// `last_status=`: `ESTA`, `CONN`, `NONE`, `UNKN`, `HSHK`, ...
    pub last_status: String,
    /// `last_hdshk=`: how long ago the last handshake was, `None` for `<NEVER>`.
    pub last_handshake: Option<std::time::Duration>,
    /// The tables this peer shares with the process, by name, each with the
    /// id the remote gave it (0: the remote did not announce it, so its
    /// updates are not matched to this table).
    pub shared_tables: Vec<SharedTable>,
}

impl RuntimePeer {
    /// A remote peer whose session is up and established.
    pub fn is_established(&self) -> bool {
        !self.local && self.active && self.last_status == "ESTA"
    }
}

/// A table a peer session carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedTable {
    /// The table's name (`app`, `mesh/t1`).
    pub name: String,
    /// The remote's id for it; 0 when the remote never defined it.
    pub remote_id: u32,
}

const COMMAND: &str = "show peers";

/// Reads the answer to `show peers`. An empty answer is a process without
/// peers sections; text that is not HAProxy's is an error.
pub fn parse_show_peers(text: &str) -> Result<Vec<RuntimeSection>, RuntimeError> {
    let mut sections: Vec<RuntimeSection> = Vec::new();
    let mut in_shared = false;
    let mut pending_remote_id: Option<u32> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let field = |name: &str| words.iter().find_map(|w| w.strip_prefix(name)?.strip_prefix('='));
        let first = words[0];
        if first.starts_with("0x") && first.ends_with(':') && words.get(1).is_some_and(|w| w.starts_with('['))
        {
            let name = field("id").ok_or_else(|| garbage("a section line without id=", line))?;
            sections.push(RuntimeSection {
                name: name.to_owned(),
                disabled: field("disabled") == Some("1"),
                peers: Vec::new(),
            });
            in_shared = false;
        } else if first.starts_with("0x") && first.ends_with(':') {
            let section = sections.last_mut().ok_or_else(|| garbage("a peer before any section", line))?;
            let id = field("id").ok_or_else(|| garbage("a peer line without id=", line))?;
            let (name, flags) = id.split_once('(').ok_or_else(|| garbage("a peer without flags", line))?;
            let mut flags = flags.trim_end_matches(')').split(',');
            section.peers.push(RuntimePeer {
                name: name.to_owned(),
                local: flags.next() == Some("local"),
                active: flags.next() == Some("active"),
                addr: field("addr").unwrap_or_default().to_owned(),
                last_status: field("last_status").unwrap_or_default().to_owned(),
                last_handshake: field("last_hdshk").and_then(parse_age),
                shared_tables: Vec::new(),
            });
            in_shared = false;
        } else if trimmed == "shared tables:" {
            in_shared = true;
        } else if in_shared && first.starts_with("0x") {
            pending_remote_id = field("remote_id").and_then(|v| v.parse().ok());
        } else if in_shared && first.starts_with("table:") {
            let peer = sections.last_mut().and_then(|s| s.peers.last_mut());
            if let (Some(peer), Some(name)) = (peer, field("id")) {
                peer.shared_tables.push(SharedTable {
                    name: name.to_owned(),
                    remote_id: pending_remote_id.take().unwrap_or(0),
                });
            }
        } else if sections.is_empty() {
            // Details only follow a section line: anything else first is not HAProxy's.
            return Err(garbage("no section line", line));
        }
    }
    Ok(sections)
}

fn garbage(what: &str, line: &str) -> RuntimeError {
    let start: String = line.chars().take(80).collect();
    RuntimeError::Garbage { command: COMMAND.into(), detail: format!("{what}: {start:?}") }
}

/// An age as HAProxy's `human_time()` prints it (`1d2h`, `3h4m`, `5m6s`,
/// `7s`); `<NEVER>` and anything else give `None`.
pub fn parse_age(text: &str) -> Option<std::time::Duration> {
    let mut total = 0u64;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: u64 = digits.parse().ok()?;
        digits.clear();
        total += n * match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    digits.is_empty().then_some(std::time::Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer of a real 2.6.12 (two instances on loopback, `h2` local).
    const REAL_2_6: &str = "\
0x5589c186a100: [01/Dec/2026:18:08:46] id=mesh disabled=0 flags=0x6811 resync_timeout=1s task_calls=5
  0x5589c186cdd0: id=h2(local,inactive) addr=127.0.0.1:23902 last_status=NONE last_hdshk=<NEVER>
        reconnect=<NEVER> heartbeat=<NEVER> confirm=0 tx_hbt=0 rx_hbt=0 no_hbt=0 new_conn=0 proto_err=0 coll=0
        flags=0x0
        shared tables:
          0x5589c19a1620 local_id=2 remote_id=0 flags=0x0 remote_data=0x0
              last_acked=0 last_pushed=0 last_get=0 teaching_origin=0 update=0
              table:0x5589c1875b50 id=other update=0 localupdate=0 commitupdate=0 refcnt=1
        Dictionary cache not dumped (use \"show peers dict\")
  0x5589c186a270: id=h1(remote,active) addr=127.0.0.1:23901 last_status=ESTA last_hdshk=1m3s
        reconnect=4s heartbeat=2s confirm=0 tx_hbt=1 rx_hbt=1 no_hbt=0 new_conn=1 proto_err=0 coll=1
        flags=0x20000200 appctx:0x5589c1a5b670 st0=7 st1=0 task_calls=5 state=EST
        xprt=RAW src=127.0.0.1:37642 addr=127.0.0.1:23902
        remote_table:0x5589c19a16d0 id=other local_id=2 remote_id=2
        last_local_table:0x5589c19a16d0 id=other local_id=2 remote_id=2
        shared tables:
          0x5589c19a16d0 local_id=2 remote_id=2 flags=0x0 remote_data=0x0
              last_acked=0 last_pushed=0 last_get=0 teaching_origin=0 update=0
              table:0x5589c1875b50 id=other update=0 localupdate=0 commitupdate=0 refcnt=1
        Dictionary cache not dumped (use \"show peers dict\")
          0x5589c19a1570 local_id=1 remote_id=0 flags=0x0 remote_data=0x80401
              last_acked=0 last_pushed=0 last_get=0 teaching_origin=0 update=0
              table:0x5589c1871de0 id=app update=0 localupdate=0 commitupdate=0 refcnt=1
        Dictionary cache not dumped (use \"show peers dict\")

";

    #[test]
    fn reads_a_real_answer() {
        let sections = parse_show_peers(REAL_2_6).unwrap();
        assert_eq!(sections.len(), 1);
        let s = &sections[0];
        assert_eq!((s.name.as_str(), s.disabled, s.peers.len()), ("mesh", false, 2));
        assert_eq!(s.local().map(|p| p.name.as_str()), Some("h2"));
        let h1 = &s.peers[1];
        assert!(h1.is_established());
        assert_eq!(h1.addr, "127.0.0.1:23901");
        assert_eq!(h1.last_handshake, Some(std::time::Duration::from_secs(63)));
        let tables: Vec<(&str, u32)> =
            h1.shared_tables.iter().map(|t| (t.name.as_str(), t.remote_id)).collect();
        assert_eq!(tables, [("other", 2), ("app", 0)]);
        assert_eq!(s.peers[0].last_handshake, None);
    }

    #[test]
    fn empty_answer_is_no_section_and_garbage_is_an_error() {
        assert_eq!(parse_show_peers("\n").unwrap(), []);
        assert!(parse_show_peers("HTTP/1.1 400 Bad Request\r\n\r\n").is_err());
        assert!(parse_show_peers("0x1: id=x(remote,active)\n").is_err());
        assert!(parse_show_peers("0x1: [date] nothing\n").is_err());
    }

    #[test]
    fn ages() {
        assert_eq!(parse_age("2h3m"), Some(std::time::Duration::from_secs(7380)));
        assert_eq!(parse_age("<NEVER>"), None);
        assert_eq!(parse_age("5x"), None);
    }
}
