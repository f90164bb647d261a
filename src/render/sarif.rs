//! `check --format sarif`: a SARIF 2.1.0 log, the format GitHub code scanning
//! and GitLab ingest. One run; the driver lists every rule so that results can
//! point at their rule by index, and fixes become SARIF `fixes`.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Applicability, Fix};
use crate::rules::{docs, ALL_RULES};
use crate::span::{LineIndex, Span};
use serde_json::{json, Value};

/// The schema the log declares.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log for some files.
pub fn to_sarif(reports: &[FileReport<'_>]) -> Value {
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let file = FileContext::new(report);
            report.diagnostics.iter().map(move |d| file.result(d))
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": tool(),
            // LineIndex counts Unicode scalar values, which is what this names.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Writes the log of [`to_sarif`] as compact JSON, one result at a time:
/// 10,000 findings held as one JSON tree took over 300 MB.
pub fn write_sarif<W: std::io::Write>(reports: &[FileReport<'_>], mut out: W) -> std::io::Result<()> {
    out.write_all(b"{\"$schema\":")?;
    serde_json::to_writer(&mut out, SCHEMA)?;
    out.write_all(b",\"version\":\"2.1.0\",\"runs\":[{\"tool\":")?;
    serde_json::to_writer(&mut out, &tool())?;
    out.write_all(b",\"columnKind\":\"unicodeCodePoints\",\"results\":[")?;
    let mut first = true;
    for report in reports {
        let file = FileContext::new(report);
        for d in report.diagnostics {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &file.result(d))?;
        }
    }
    out.write_all(b"]}]}\n")
}

/// The tool: halint and every rule.
fn tool() -> Value {
    json!({ "driver": {
        "name": "halint",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules(),
    }})
}

/// Every rule in registry order, the probe's runtime rules last (results
/// refer to them by index).
fn all_rules() -> impl Iterator<Item = &'static &'static dyn crate::rules::Rule> {
    ALL_RULES.iter().chain(crate::rules::runtime::RUNTIME_RULES)
}

/// One `reportingDescriptor` per rule, in [`all_rules`] order.
fn rules() -> Vec<Value> {
    all_rules()
        .map(|r| {
            let m = r.meta();
            let docs = docs(m);
            let docs = docs.trim_end();
            json!({
                "id": m.name,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": docs, "markdown": docs },
                "help": { "text": docs, "markdown": docs },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "code": m.code },
            })
        })
        .collect()
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// What the results of one file share: its URI and line index.
struct FileContext<'a> {
    source: &'a str,
    uri: String,
    index: LineIndex,
}

impl<'a> FileContext<'a> {
    fn new(report: &FileReport<'a>) -> Self {
        let uri = if report.path == "-" { "stdin".to_owned() } else { path_to_uri(report.path) };
        FileContext { source: report.source, uri, index: LineIndex::new(report.source) }
    }

    /// A 1-based region; the end column is exclusive, as SARIF defines it, so
    /// an empty span (an insertion point) has `startColumn == endColumn`.
    fn region(&self, span: Span) -> Value {
        let start = self.index.line_col(self.source, span.start);
        let end = self.index.line_col(self.source, span.end);
        json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        })
    }

    fn location(&self, span: Span) -> Value {
        json!({ "physicalLocation": {
            "artifactLocation": { "uri": self.uri },
            "region": self.region(span),
        }})
    }

    fn result(&self, d: &Diagnostic) -> Value {
        let text = match &d.help {
            Some(help) => format!("{} (help: {help})", d.message),
            None => d.message.clone(),
        };
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": { "text": text },
            "locations": [self.location(d.span)],
        });
        // Every rule is in the registry; should one not be, the id alone still names it.
        if let Some(i) = all_rules().position(|r| r.meta().name == d.rule) {
            result["ruleIndex"] = json!(i);
        }
        if !d.labels.is_empty() {
            let related: Vec<Value> = d
                .labels
                .iter()
                .map(|l| {
                    let mut location = self.location(l.span);
                    location["message"] = json!({ "text": l.message });
                    location
                })
                .collect();
            result["relatedLocations"] = json!(related);
        }
        if let Some(fix) = &d.fix {
            result["fixes"] = json!([self.fix(fix)]);
        }
        result
    }

    fn fix(&self, fix: &Fix) -> Value {
        let safety = match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": self.region(e.span),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        json!({
            "description": { "text": format!("{} ({safety})", fix.title) },
            "artifactChanges": [{
                "artifactLocation": { "uri": self.uri },
                "replacements": replacements,
            }],
        })
    }
}

/// A path as a URI: a relative reference for a relative path (what code
/// scanning resolves against the checkout), a `file://` URI for an absolute one.
fn path_to_uri(path: &str) -> String {
    if std::path::Path::new(path).is_absolute() {
        let encoded = percent_encode(path, true);
        // `C:/x` on Windows needs the empty-authority slash that `/etc/x` has.
        let slash = if encoded.starts_with('/') { "" } else { "/" };
        format!("file://{slash}{encoded}")
    } else {
        percent_encode(path, false)
    }
}

/// `/` separators, and percent-encoding for whatever a URI path cannot hold
/// (spaces, `#`, `?`, `%`...). In a relative reference a colon is encoded too:
/// `c:x` would read as a scheme.
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut uri = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'\\' if cfg!(windows) => uri.push('/'),
            b':' if keep_colon => uri.push(':'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(b as char),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => {
                uri.push(b as char);
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Edit;
    use crate::rules::RuleMeta;

    fn meta(name: &str) -> &'static RuleMeta {
        crate::rules::find(name).expect("rule").meta()
    }

    fn log(path: &str, source: &str, diagnostics: &[Diagnostic]) -> Value {
        to_sarif(&[FileReport { path, source, diagnostics, raw_bytes: false }])
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // 'é' is two bytes: "app" is at byte column 15 of line 2, character column 14.
        let src = "# x\nbackend café app\n";
        let at = src.find("app").expect("found") as u32;
        let d = Diagnostic::new(meta("duplicate-proxy-name"), Span::new(at, at + 3), "here");
        let doc = log("haproxy.cfg", src, &[d]);
        let region = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!((region["startLine"].as_u64(), region["endLine"].as_u64()), (Some(2), Some(2)));
        assert_eq!((region["startColumn"].as_u64(), region["endColumn"].as_u64()), (Some(14), Some(17)));
    }

    #[test]
    fn results_carry_rule_index_level_labels_and_fixes() {
        let src = "backend app\n    stick-table type ip size 20k\n";
        let m = meta("stick-table-not-shared");
        let end = src.len() as u32 - 1;
        let mut d = Diagnostic::new(m, Span::new(16, 27), "not shared")
            .with_secondary(Span::new(0, 7), "this backend")
            .with_help("add peers")
            .with_fix(Fix::unsafe_("add `peers mesh`", vec![Edit::insert(end, " peers mesh")]));
        d.severity = Severity::Info;
        let doc = log("-", src, &[d]);
        let run = &doc["runs"][0];
        let r = &run["results"][0];
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], m.name);
        assert_eq!(run["tool"]["driver"]["rules"][index]["properties"]["code"], m.code);
        assert_eq!(r["level"], "note", "the finding's own severity, not the rule's default");
        assert_eq!(r["message"]["text"], "not shared (help: add peers)");
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "stdin");
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "this backend");
        let fix = &r["fixes"][0];
        assert_eq!(fix["description"]["text"], "add `peers mesh` (unsafe)");
        let replacement = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["insertedContent"]["text"], " peers mesh");
        let region = &replacement["deletedRegion"];
        assert_eq!(region["startColumn"], region["endColumn"], "an insertion deletes nothing");
        assert_eq!(region["startLine"], 2);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_to_uri("conf/haproxy.cfg"), "conf/haproxy.cfg");
        assert_eq!(path_to_uri("my conf/a#1.cfg"), "my%20conf/a%231.cfg");
        assert_eq!(path_to_uri("c:x"), "c%3Ax");
        #[cfg(unix)]
        assert_eq!(path_to_uri("/etc/haproxy/ha proxy.cfg"), "file:///etc/haproxy/ha%20proxy.cfg");
    }

    #[test]
    fn the_streamed_log_is_the_same_document() {
        let src = "backend app\n    stick-table type ip size 20k\n    stick on src\n";
        let diagnostics = vec![
            Diagnostic::new(meta("stick-table-not-shared"), Span::new(16, 27), "one".to_owned()),
            Diagnostic::new(meta("stick-table-not-shared"), Span::new(49, 54), "two".to_owned()),
        ];
        let reports = [
            FileReport { path: "a.cfg", source: src, diagnostics: &diagnostics, raw_bytes: false },
            FileReport { path: "b.cfg", source: src, diagnostics: &diagnostics[..1], raw_bytes: false },
        ];
        let mut streamed = Vec::new();
        write_sarif(&reports, &mut streamed).unwrap();
        let parsed: Value = serde_json::from_slice(&streamed).unwrap();
        assert_eq!(parsed, to_sarif(&reports));
        assert_eq!(parsed["runs"][0]["results"].as_array().map(Vec::len), Some(3));
    }
}
