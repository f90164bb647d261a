//! Every rule over one to three configs (raw text and/or generated from the
//! rules' vocabulary) with a random inventory of up to 50 instances and a
//! random local name; the findings rendered in every output format (text,
//! JSON, GitHub, SARIF); then the cluster check of the files together.
//! Nothing may panic, and findings must point inside their file.
#![no_main]

use halint::render::{github, json, sarif, text, FileReport};
use halint::{Diagnostic, Linter};
use libfuzzer_sys::fuzz_target;

/// Findings per file drawn by the text output.
const TEXT_FINDINGS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let case = halint_fuzz::decode(data);
    let linter = Linter::new(case.settings.clone());
    let parses: Vec<_> = case.files.iter().map(|f| halint::parse(f)).collect();
    let mut all = Vec::new();
    for (i, parse) in parses.iter().enumerate() {
        let diagnostics = linter.check(parse);
        in_bounds(&case.files[i], &diagnostics);
        all.push(diagnostics);
    }
    let paths: Vec<String> = (0..case.files.len()).map(|i| format!("lb{i}/haproxy.cfg")).collect();
    render(&paths, &case.files, &all);
    if case.files.len() >= 2 {
        let files: Vec<(&str, &halint::Parse, Option<String>)> = paths
            .iter()
            .zip(&parses)
            .zip(&case.locals)
            .map(|((path, parse), local)| (path.as_str(), parse, local.clone()))
            .collect();
        let per_file = linter.check_cluster(&files);
        assert_eq!(per_file.len(), files.len(), "check_cluster returns one list per file");
        for (text, diagnostics) in case.files.iter().zip(&per_file) {
            in_bounds(text, diagnostics);
        }
        render(&paths, &case.files, &per_file);
    }
});

/// Each finding's span, labels and fix edits lie inside the file, on
/// character boundaries.
fn in_bounds(src: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let spans = std::iter::once(d.span)
            .chain(d.labels.iter().map(|l| l.span))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
        for span in spans {
            let range = span.range();
            assert!(
                range.start <= range.end && src.get(range.clone()).is_some(),
                "{} ({}) points outside its file or inside a character: {range:?}",
                d.rule,
                d.message
            );
        }
    }
}

/// Renders the findings in every format the library has.
fn render(paths: &[String], texts: &[String], diagnostics: &[Vec<Diagnostic>]) {
    let reports: Vec<FileReport<'_>> = paths
        .iter()
        .zip(texts)
        .zip(diagnostics)
        .map(|((path, source), diagnostics)| FileReport { path, source, diagnostics, raw_bytes: false })
        .collect();
    // miette's drawing is the slowest part under the fuzzer's instrumentation
    // (a 150 KB file with 800 findings took a minute): draw the first ones.
    for report in &reports {
        let first = &report.diagnostics[..report.diagnostics.len().min(TEXT_FINDINGS)];
        let report = FileReport { diagnostics: first, ..*report };
        for color in [false, true] {
            let _ = text::render_file(&report, text::TextOptions { color, width: 80 });
        }
    }
    let out = json::to_json(&reports);
    serde_json_roundtrip(&out);
    let log = sarif::to_sarif(&reports);
    let mut streamed = Vec::new();
    sarif::write_sarif(&reports, &mut streamed).expect("write SARIF");
    let streamed: serde_json::Value = serde_json::from_slice(&streamed).expect("streamed SARIF is JSON");
    assert_eq!(streamed, log, "write_sarif and to_sarif differ");
    let _ = github::to_github(&reports);
}

/// The JSON output serialises and reads back as JSON.
fn serde_json_roundtrip(out: &json::JsonOutput<'_>) {
    let text = serde_json::to_string(out).expect("JSON output serialises");
    let _: serde_json::Value = serde_json::from_str(&text).expect("JSON output is JSON");
}
