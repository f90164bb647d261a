//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

pub mod fixture;
pub mod run;

use std::path::{Path, PathBuf};

/// The headings every rule's documentation has (`halint explain RULE`).
pub const RULE_DOC_HEADINGS: [&str; 6] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
    "## References",
];

/// Fails unless the documentation `text` of rule `name` has every heading of
/// [`RULE_DOC_HEADINGS`].
pub fn assert_rule_documented(name: &str, text: &str) {
    for heading in RULE_DOC_HEADINGS {
        assert!(text.contains(heading), "{name}: docs lack `{heading}`");
    }
}

/// `../shared/corpus/real`, beside the checkout. Panics when it is absent:
/// a test that needs it must not pass silently without it.
pub fn real_corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    assert!(
        dir.join("manifest.tsv").is_file(),
        "the real-world corpus is missing: expected {} (CI checks ../shared out beside the repo)",
        dir.display()
    );
    dir
}

/// One row of the real corpus manifest.
pub struct ManifestEntry {
    pub file: String,
    pub haproxy_c_exit: i32,
    pub fixed_copy_exit: i32,
    pub first_message: String,
    /// HAProxy's first message on the copy with missing files stubbed.
    pub fixed_first_message: String,
    /// Why HAProxy refused that copy (`valid` when it did not), e.g.
    /// `unknown-keyword-or-fetch(version/feature/typo)`, `missing-tls-file`.
    pub fixed_category: String,
}

impl ManifestEntry {
    /// HAProxy 2.6 accepted the file (after stubbing missing files): exit 0 or 2.
    pub fn accepted(&self) -> bool {
        matches!(self.fixed_copy_exit, 0 | 2)
    }
}

/// The rows of `manifest.tsv`.
pub fn real_manifest() -> Vec<ManifestEntry> {
    let text = std::fs::read_to_string(real_corpus_dir().join("manifest.tsv")).expect("manifest.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("column {name}"));
    let (file, exit, fixed, msg) =
        (col("file"), col("haproxy_c_exit"), col("fixed_copy_exit"), col("first_error_or_warning"));
    let (fixed_msg, fixed_cat) = (col("fixed_copy_first_message"), col("fixed_copy_category"));
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            ManifestEntry {
                file: f[file].to_owned(),
                haproxy_c_exit: f[exit].parse().unwrap_or(-1),
                fixed_copy_exit: f[fixed].parse().unwrap_or(-1),
                first_message: f[msg].to_owned(),
                fixed_first_message: f.get(fixed_msg).copied().unwrap_or_default().to_owned(),
                fixed_category: f.get(fixed_cat).copied().unwrap_or_default().to_owned(),
            }
        })
        .collect()
}

/// Every `.cfg` file under `dir`, recursively, sorted.
pub fn cfg_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "cfg") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Reads a file as text, replacing invalid UTF-8 (the corpus is UTF-8, a
/// fixture that is not would show up as a diff in the round trip).
pub fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
}
