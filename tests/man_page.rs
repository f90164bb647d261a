//! The checked-in man pages (`doc/man/`) are those `cargo run --example
//! gen_man` writes from the current command line.
#![cfg(feature = "cli")]

#[test]
fn man_pages_are_current() {
    let fresh = std::env::temp_dir().join(format!("halint-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).expect("dir");
    clap_mangen::generate_to(halint::cli::command(), &fresh).expect("generates");
    let checked_in = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/man");
    let mut names: Vec<_> =
        std::fs::read_dir(&fresh).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    names.sort();
    assert!(names.iter().any(|n| n == "halint-check.1"), "{names:?}");
    let mut stale = Vec::new();
    for name in &names {
        if std::fs::read(fresh.join(name)).ok() != std::fs::read(checked_in.join(name)).ok() {
            stale.push(name.to_string_lossy().into_owned());
        }
    }
    assert!(stale.is_empty(), "doc/man is not current ({stale:?}): run `cargo run --example gen_man`");
    let page = std::fs::read_to_string(checked_in.join("halint-check.1")).expect("page");
    assert!(page.contains("gitlab") && page.contains("\\-\\-output\\-file"), "{page}");
}
