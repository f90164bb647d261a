//! Every config we know of parses without panic and prints back byte for byte.

mod common;

use common::{cfg_files, read_text, real_corpus_dir, real_manifest};
use std::path::Path;

fn assert_lossless(path: &Path, src: &str) -> halint::Parse {
    let parse = halint::parse(src);
    assert_eq!(parse.to_string(), src, "{} does not round-trip", path.display());
    // Every byte in exactly one line, in order.
    let file = parse.file();
    let mut at = file.bom.map_or(0, |b| b.end);
    for line in &file.lines {
        assert_eq!(line.span.start, at, "{}: gap or overlap before a line", path.display());
        at = line.span.end;
    }
    assert_eq!(at as usize, src.len(), "{}: lines do not reach the end", path.display());
    parse
}

#[test]
fn team_corpus_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let files = cfg_files(&dir);
    assert!(!files.is_empty(), "corpus/ has no .cfg files");
    for path in files {
        let src = read_text(&path);
        assert_lossless(&path, &src);
    }
}

#[test]
fn real_corpus_round_trips() {
    let dir = real_corpus_dir();
    let files = cfg_files(&dir);
    assert!(files.len() > 500, "expected the whole real corpus, found {} files", files.len());
    for path in files {
        let src = read_text(&path);
        assert_lossless(&path, &src);
    }
}

#[test]
fn configs_haproxy_accepts_have_no_syntax_error() {
    let dir = real_corpus_dir();
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in real_manifest().iter().filter(|e| e.accepted()) {
        let path = dir.join(&entry.file);
        let parse = halint::parse(&read_text(&path));
        checked += 1;
        if let Some(e) = parse.errors().first() {
            let at = parse.line_index().line_col(parse.source(), e.span.start);
            failures.push(format!("{}:{}:{}: {}", entry.file, at.line, at.column, e.kind.message()));
        }
    }
    assert!(checked > 300, "only {checked} accepted files in the manifest");
    assert!(failures.is_empty(), "syntax errors in files HAProxy accepts:\n{}", failures.join("\n"));
}
