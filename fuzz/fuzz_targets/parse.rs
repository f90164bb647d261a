//! Any bytes: parsing never panics and gives the text back byte for byte.
//! UTF-8 text is parsed as is, other bytes as a lossy conversion gives them.
//! Big texts parse the same on one thread as on two.
#![no_main]

use halint::syntax::parse_with_threads;
use libfuzzer_sys::fuzz_target;

/// The chunk size the parser cuts big texts into (`CHUNK_BYTES`).
const CHUNK_BYTES: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text.to_owned(),
        // The library takes only text (the CLI's reader, private to it,
        // refuses other bytes): parse what a lossy conversion gives.
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let parse = halint::parse(&text);
    assert_eq!(parse.to_string(), text, "parse(src).to_string() != src");
    // Every span the tree and the errors hold is inside the text, on
    // character boundaries.
    let index = parse.line_index();
    for line in &parse.file().lines {
        let _ = parse.text(line.span);
    }
    for error in parse.errors() {
        let _ = parse.text(error.span);
        let _ = index.line_col(&text, error.span.start);
        let _ = error.to_string();
    }
    // A text cut into chunks parses the same on one thread as on several.
    if text.len() > CHUNK_BYTES {
        let one = parse_with_threads(text.as_str(), 1);
        let two = parse_with_threads(text.as_str(), 2);
        assert!(one.file() == two.file() && one.errors() == two.errors(), "threads change the parse");
        assert!(one.file() == parse.file() && one.errors() == parse.errors(), "threads change the parse");
    }
});
