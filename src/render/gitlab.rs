//! `check --format gitlab`: a GitLab Code Quality report, the JSON array of
//! issues GitLab reads from a `codequality` artifact (a subset of the Code
//! Climate spec): `description`, `check_name`, `fingerprint`, `severity` and
//! `location.path` + `location.lines.begin`.

use super::FileReport;
use crate::diagnostic::Severity;
use crate::span::LineIndex;
use serde_json::{json, Value};

/// GitLab's severity for a finding: an error (HAProxy refuses the config, or
/// silently fails at what it intends) is critical, a warning major.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// FNV-1a, 64 bits, from a chosen start: stable across runs, platforms and
/// Rust versions (std's hashers promise none of that).
fn fnv1a(start: u64, parts: &[&str]) -> u64 {
    let mut h = start;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// 128 bits of fingerprint (two FNV-1a runs), as 32 hex digits.
fn fingerprint(parts: &[&str]) -> String {
    format!("{:016x}{:016x}", fnv1a(0xcbf2_9ce4_8422_2325, parts), fnv1a(0x6c62_272e_07bb_0142, parts))
}

/// The report for some files. A fingerprint is made of the path, the rule,
/// the message, the text of the finding's line (trimmed) and how many
/// identical findings came before it in the file: it survives runs, and
/// lines added above the finding, so GitLab tells new findings from old.
pub fn to_gitlab(files: &[FileReport<'_>]) -> Value {
    let mut issues = Vec::new();
    for f in files {
        let index = LineIndex::new(f.source);
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for d in f.diagnostics {
            let start = index.line_col(f.source, d.span.start);
            let end = index.line_col(f.source, d.span.end);
            let offset = (d.span.start as usize).min(f.source.len());
            let line_start = f.source[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line_end = f.source[offset..].find('\n').map_or(f.source.len(), |i| offset + i);
            let line_text = f.source.get(line_start..line_end).unwrap_or_default().trim();
            let key = fingerprint(&[f.path, d.rule, &d.message, line_text]);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let description = match &d.help {
                Some(help) => format!("{} ({}): {}", d.message, d.rule, help),
                None => format!("{} ({})", d.message, d.rule),
            };
            issues.push(json!({
                "type": "issue",
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint(&[&key, &n.to_string()]),
                "severity": severity(d.severity),
                "categories": ["Bug Risk"],
                "location": {
                    "path": f.path,
                    "lines": { "begin": start.line, "end": end.line.max(start.line) },
                },
            }));
        }
    }
    Value::Array(issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        // A fixed value: a change of the hash would make GitLab see every
        // finding as new.
        assert_eq!(fingerprint(&["a.cfg", "rule"]), fingerprint(&["a.cfg", "rule"]));
        assert_ne!(fingerprint(&["a.cfg", "rule"]), fingerprint(&["a.cf", "grule"]));
        assert_eq!(fingerprint(&[]).len(), 32);
        assert_eq!(fnv1a(0xcbf2_9ce4_8422_2325, &[]), 0xcbf2_9ce4_8422_2325);
    }
}
