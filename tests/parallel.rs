//! The parallel parser gives the same tree and errors as a one-thread parse.

mod common;

use common::{cfg_files, read_text, real_corpus_dir};

#[test]
fn threads_do_not_change_the_result() {
    // A file big enough to be cut into many chunks: the whole real corpus,
    // several times over, with quoting and CRLF lines in it.
    let mut src = String::new();
    for path in cfg_files(&real_corpus_dir()) {
        src.push_str(&read_text(&path));
        if !src.ends_with('\n') {
            src.push('\n');
        }
    }
    src.push_str("backend crlf\r\n    http-request set-header X \"a b\\x41\" # c\r\n    bad \"open\r\n");
    let src = src.repeat(2);
    assert!(src.len() > 1024 * 1024, "expected more than 1 MiB, got {}", src.len());
    let one = halint::syntax::parse_with_threads(&src, 1);
    let many = halint::syntax::parse_with_threads(&src, 4);
    assert_eq!(one.to_string(), src);
    assert_eq!(one.file(), many.file());
    assert_eq!(one.errors(), many.errors());
    assert!(!one.errors().is_empty(), "the appended broken line must be reported");
    // And the findings: the linter sees the same thing, whether its rules
    // run on one thread or share a queue (and the model's construction) on
    // several.
    let settings = halint::Settings::default();
    let plain = halint::Linter::new(settings.clone()).with_threads(1).check(&one);
    assert!(!plain.is_empty(), "the corpus has findings to compare");
    let two = halint::Linter::new(settings.clone()).with_threads(2).check(&one);
    assert_eq!(plain, two, "rules on 2 threads");
    let five = halint::Linter::new(settings).with_threads(5).check(&many);
    assert_eq!(plain, five, "rules on 5 threads, parallel parse");
}
