//! `show table` (every table's header) and `show table NAME [key KEY]`
//! (its entries), as src/stick_table.c prints them from 1.8 to 3.2:
//! `# table: <name>, type: <type>, size:<n>, used:<n>` then one line per
//! entry, `0x…: key=<key> use=<n> exp=<ms> <data>=<value> …`.

use super::client::RuntimeError;

/// A table's header line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableHeader {
    /// Its name (`app`, or `mesh/t1` for a peers-section table).
    pub name: String,
    /// Its key type as HAProxy names it (`ip`, `ipv6`, `integer`, `string`, `binary`).
    pub key_type: String,
    /// How many entries it holds at most.
    pub size: u64,
    /// How many it holds now.
    pub used: u64,
}

/// One entry of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableEntry {
    /// `key=`.
    pub key: String,
    /// `exp=`: milliseconds until it expires (0 in a table without
    /// `expire`); it only counts down unless the entry is touched, locally
    /// or by a peer's update.
    pub expires_in_ms: u64,
    /// The data after the key: `server_id`, `server_key`,
    /// `http_req_rate(10000)`... with their values, in order.
    pub data: Vec<(String, String)>,
}

impl TableEntry {
    /// The value of one datum, by its name without the period (`http_req_rate`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.data.iter().find(|(k, _)| data_name(k) == name).map(|(_, v)| v.as_str())
    }

    /// The names of the data stored, periods removed.
    pub fn data_names(&self) -> impl Iterator<Item = &str> {
        self.data.iter().map(|(k, _)| data_name(k))
    }
}

/// `http_req_rate(10000)` → `http_req_rate`.
fn data_name(key: &str) -> &str {
    key.split_once('(').map_or(key, |(name, _)| name)
}

/// Reads a header line; `None` when the line is not one.
fn parse_header(line: &str) -> Option<TableHeader> {
    let rest = line.strip_prefix("# table: ")?;
    let (name, rest) = rest.split_once(", type: ")?;
    let (key_type, rest) = rest.split_once(", size:")?;
    let (size, used) = rest.split_once(", used:")?;
    Some(TableHeader {
        name: name.to_owned(),
        key_type: key_type.to_owned(),
        size: size.trim().parse().ok()?,
        used: used.trim().parse().ok()?,
    })
}

/// Reads the answer to `show table`: one header per table.
pub fn parse_table_list(text: &str) -> Result<Vec<TableHeader>, RuntimeError> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push(parse_header(line).ok_or_else(|| garbage("show table", line))?);
    }
    Ok(out)
}

/// Reads the answer to `show table NAME`: its header and entries.
pub fn parse_table(command: &str, text: &str) -> Result<(TableHeader, Vec<TableEntry>), RuntimeError> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let header = parse_header(first).ok_or_else(|| garbage(command, first))?;
    Ok((header, parse_entry_lines(command, lines)?))
}

/// Reads the answer to `show table NAME key KEY`: the header and the entry
/// when the key is there; when it is not, 2.6 prints an empty line only.
pub fn parse_key_lookup(command: &str, text: &str) -> Result<Option<TableEntry>, RuntimeError> {
    let lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("# table: "));
    Ok(parse_entry_lines(command, lines)?.into_iter().next())
}

fn parse_entry_lines<'a>(
    command: &str,
    lines: impl Iterator<Item = &'a str>,
) -> Result<Vec<TableEntry>, RuntimeError> {
    let mut entries = Vec::new();
    for line in lines {
        let (addr, rest) = line.split_once(": ").ok_or_else(|| garbage(command, line))?;
        if !addr.starts_with("0x") || !rest.starts_with("key=") {
            return Err(garbage(command, line));
        }
        let mut fields = rest
            .split_whitespace()
            .filter_map(|f| f.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let Some((_, key)) = fields.next() else { return Err(garbage(command, line)) };
        let mut expires_in_ms = 0;
        // `use` and `exp` are bookkeeping of every entry, not stored data.
        let data = fields
            .filter(|(k, v)| match k.as_str() {
                "use" => false,
                "exp" => {
                    expires_in_ms = v.parse().unwrap_or(0);
                    false
                }
                _ => true,
            })
            .collect();
        entries.push(TableEntry { key, expires_in_ms, data });
    }
    Ok(entries)
}

fn garbage(command: &str, line: &str) -> RuntimeError {
    let start: String = line.chars().take(80).collect();
    RuntimeError::Garbage { command: command.into(), detail: format!("unexpected line {start:?}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_real_answers() {
        let list = parse_table_list(
            "# table: other, type: string, size:1024, used:0\n# table: app, type: ip, size:20480, used:2\n\n",
        )
        .unwrap();
        assert_eq!(list[1], TableHeader { name: "app".into(), key_type: "ip".into(), size: 20480, used: 2 });
        let (h, entries) = parse_table(
            "show table app",
            "# table: app, type: ip, size:20480, used:2\n\
             0x556b3d59a2b8: key=127.0.0.1 use=0 exp=1799388 server_id=1 http_req_rate(10000)=0 server_key=s1\n\n",
        )
        .unwrap();
        assert_eq!(h.used, 2);
        assert_eq!(entries[0].key, "127.0.0.1");
        assert_eq!(entries[0].expires_in_ms, 1799388);
        assert_eq!(entries[0].get("server_key"), Some("s1"));
        assert_eq!(entries[0].get("http_req_rate"), Some("0"));
        assert_eq!(entries[0].data_names().collect::<Vec<_>>(), ["server_id", "http_req_rate", "server_key"]);
    }

    #[test]
    fn key_lookups_have_no_header() {
        let cmd = "show table app key 127.0.0.1";
        assert_eq!(parse_key_lookup(cmd, "\n").unwrap(), None);
        let found = parse_key_lookup(cmd, "0x7f: key=127.0.0.1 use=0 exp=5 server_key=s1\n\n").unwrap();
        assert_eq!(found.map(|e| e.key), Some("127.0.0.1".to_owned()));
        assert!(parse_key_lookup(cmd, "<html>\n").is_err());
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_table_list("hello\n").is_err());
        assert!(parse_table_list("# table: app, type: ip, size:x, used:0\n").is_err());
        assert!(parse_table("show table app", "").is_err());
        assert!(parse_table("show table app", "# table: app, type: ip, size:1, used:0\nrubbish\n").is_err());
        assert_eq!(parse_table_list("\n").unwrap(), []);
    }
}
