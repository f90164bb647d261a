//! `show info`: `Name: value` lines; the probe uses the version and uptime.

use super::client::RuntimeError;
use std::time::Duration;

/// What `show info` says of the process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessInfo {
    /// `Version:`, e.g. `2.6.12-1+deb12u4`.
    pub version: String,
    /// `Uptime_sec:`.
    pub uptime: Duration,
    /// `Pid:`.
    pub pid: u32,
}

impl ProcessInfo {
    /// The `major.minor` the version starts with.
    pub fn major_minor(&self) -> Option<crate::schema::Version> {
        let mut parts = self.version.split(['.', '-']);
        format!("{}.{}", parts.next()?, parts.next()?).parse().ok()
    }
}

/// Reads the answer to `show info`.
pub fn parse_show_info(text: &str) -> Result<ProcessInfo, RuntimeError> {
    let get = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim));
    let garbage = |what: &str| RuntimeError::Garbage {
        command: "show info".into(),
        detail: format!("no {what} line in {:?}", text.chars().take(80).collect::<String>()),
    };
    Ok(ProcessInfo {
        version: get("Version").ok_or_else(|| garbage("Version"))?.to_owned(),
        uptime: Duration::from_secs(
            get("Uptime_sec").and_then(|v| v.parse().ok()).ok_or_else(|| garbage("Uptime_sec"))?,
        ),
        pid: get("Pid").and_then(|v| v.parse().ok()).unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_version_and_uptime() {
        let info =
            parse_show_info("Name: HAProxy\nVersion: 2.6.12-1+deb12u4\nPid: 16922\nUptime_sec: 9\n").unwrap();
        assert_eq!(info.uptime, Duration::from_secs(9));
        assert_eq!(info.major_minor(), Some(crate::schema::Version::new(2, 6)));
        assert!(parse_show_info("Version: 2.6\n").is_err());
        assert!(parse_show_info("\u{0}\u{1}garbage").is_err());
    }
}
