//! `halint fmt` over the real-world corpus (`../shared/corpus/real`): on
//! every file that parses, formatting is idempotent and keeps every word
//! byte for byte, in order; and every file HAProxy 2.6 accepts (judged here
//! with `haproxy -c`, as in the corpus manifest) is still accepted formatted.

mod common;

use common::{read_text, real_corpus_dir, real_manifest};
use halint::ast::LineKind;
use halint::format::{format, FormatOptions, Indent};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// HAProxy processes at once (the machine is shared).
const WORKERS: usize = 2;

/// The words of a config, as written, in order, and its comments' text.
fn words_and_comments(src: &str) -> (Vec<String>, Vec<String>) {
    let parse = halint::parse(src);
    let mut words = Vec::new();
    let mut comments = Vec::new();
    for line in &parse.file().lines {
        let directive = match &line.kind {
            LineKind::Section { directive, .. } | LineKind::Directive(directive) => Some(directive),
            LineKind::Control { directive, .. } => Some(directive),
            _ => None,
        };
        words.extend(directive.into_iter().flat_map(|d| d.words.iter().map(|w| w.raw(src).to_owned())));
        comments.extend(line.comment.map(|c| c.text(src).trim_end().to_owned()));
    }
    (words, comments)
}

/// The option sets every file is formatted with.
fn option_sets() -> Vec<FormatOptions> {
    vec![
        FormatOptions::default(),
        FormatOptions { indent: Indent::Tab, align_columns: true, ..FormatOptions::default() },
        FormatOptions {
            indent: Indent::Spaces(2),
            indent_conditionals: false,
            max_blank_lines: 0,
            ..FormatOptions::default()
        },
    ]
}

#[test]
fn formatting_the_corpus_is_idempotent_and_keeps_every_word() {
    let corpus = real_corpus_dir();
    let mut formatted_files = 0;
    for entry in real_manifest() {
        let src = read_text(&corpus.join(&entry.file));
        let parse = halint::parse(&src);
        if !parse.errors().is_empty() {
            continue;
        }
        formatted_files += 1;
        for options in option_sets() {
            let once = format(&parse, &options);
            let reparsed = halint::parse(&once);
            assert!(reparsed.errors().is_empty(), "{}: formatting made a syntax error", entry.file);
            assert_eq!(format(&reparsed, &options), once, "{}: not idempotent with {options:?}", entry.file);
            assert_eq!(words_and_comments(&once), words_and_comments(&src), "{}: words changed", entry.file);
        }
    }
    assert!(formatted_files > 500, "only {formatted_files} corpus files parse");
}

/// `haproxy -c` on `text`, run from the corpus folder as the manifest's
/// verdicts were: `None` when it accepts (exit 0, or 2: valid without a listener).
fn haproxy_refuses(corpus: &Path, text: &str, tag: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("halint-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(tag);
    std::fs::write(&path, text).expect("write");
    let out = Command::new("timeout")
        .args(["20", "haproxy", "-c", "-f"])
        .arg(&path)
        .current_dir(corpus)
        .output()
        .expect("run haproxy (is it installed?)");
    let _ = std::fs::remove_file(&path);
    let code = out.status.code().unwrap_or(-1);
    if matches!(code, 0 | 2) {
        return None;
    }
    let log = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let alerts: Vec<&str> = log.lines().filter(|l| l.contains("ALERT")).take(3).collect();
    Some(format!("exit {code}: {}", alerts.join("\n")))
}

#[test]
fn haproxy_accepts_every_formatted_file_it_accepted_before() {
    let ok = Command::new("haproxy").arg("-v").output().is_ok_and(|o| o.status.success());
    assert!(ok, "haproxy is not installed: `apt-get install -y haproxy` (.ci/run does it)");
    let corpus = real_corpus_dir();
    let files: Vec<String> =
        real_manifest().into_iter().filter(|e| matches!(e.haproxy_c_exit, 0 | 2)).map(|e| e.file).collect();
    let next = AtomicUsize::new(0);
    let (judged, failures) = (AtomicUsize::new(0), Mutex::new(Vec::new()));
    let work = || {
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            let src = read_text(&corpus.join(file));
            let parse = halint::parse(&src);
            let options = FormatOptions { align_columns: true, ..FormatOptions::default() };
            let formatted = format(&parse, &options);
            // Unchanged files prove nothing; originals refused here (a host
            // that no longer resolves) cannot be judged.
            if formatted == src || haproxy_refuses(&corpus, &src, &format!("{file}.orig")).is_some() {
                continue;
            }
            judged.fetch_add(1, Ordering::Relaxed);
            if let Some(log) = haproxy_refuses(&corpus, &formatted, &format!("{file}.fmt")) {
                failures.lock().unwrap().push(format!("{file}: {log}"));
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(work);
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "HAProxy refuses formatted files:\n{}", failures.join("\n"));
    let judged = judged.into_inner();
    eprintln!("{judged} formatted files judged by haproxy -c");
    assert!(judged > 100, "only {judged} formatted files were judged by haproxy -c");
}

/// A config with nested `.if` blocks (the corpus has few), CRLF endings and
/// a `.if` around whole sections: HAProxy accepts it formatted, with every option set.
#[test]
fn haproxy_accepts_formatted_conditional_blocks() {
    let src = "global\r\n.if defined(HAPROXY_LOCALPEER)\r\n maxconn 100\r\n.elif version_atleast(2.4)\r\n\
               .if streq(a,a)\r\n  maxconn 200\r\n.endif\r\n.else\r\n   maxconn 300\r\n.endif\r\n\
               defaults\r\n mode http\r\n timeout client 1s\r\n timeout server 1s\r\n timeout connect 1s\r\n\
               .if version_atleast(2.2)\r\nbackend b\r\n   server s1 127.0.0.1:8080\r\n server s2 127.0.0.1:8081 # two\r\n.endif\r\n";
    let corpus = real_corpus_dir();
    assert_eq!(haproxy_refuses(&corpus, src, "conditionals.orig"), None, "the original is valid");
    for options in option_sets() {
        let formatted = format(&halint::parse(src), &options);
        assert!(formatted.contains(".if") && formatted.contains("\r\n"), "{formatted}");
        assert_eq!(
            haproxy_refuses(&corpus, &formatted, "conditionals.fmt"),
            None,
            "{options:?}:\n{formatted}"
        );
    }
    let formatted = format(&halint::parse(src), &FormatOptions::default());
    assert!(
        formatted.contains(
            "    .elif version_atleast(2.4)\r\n        .if streq(a,a)\r\n            maxconn 200\r\n"
        ),
        "{formatted}"
    );
}
