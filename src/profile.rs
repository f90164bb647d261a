//! `HALINT_PROFILE=1`: where the time and memory go, on standard error.
//! For performance work; costs nothing when unset.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// Whether profiling was asked for (read once).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HALINT_PROFILE").is_some())
}

/// Prints how long a step took since `start`, and the process's peak
/// resident memory so far where the system tells it (Linux).
pub fn step(name: &str, start: Instant) {
    if enabled() {
        let peak = peak_rss_mb().map_or_else(String::new, |mb| format!(" (peak {mb} MB)"));
        // Fallible: a closed standard error must not panic (see cli/output.rs).
        let _ = writeln!(std::io::stderr(), "profile: {name} {:?}{peak}", start.elapsed());
    }
}

fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
