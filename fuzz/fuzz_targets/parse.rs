//! Any bytes: parsing never panics and gives the bytes back exactly, as
//! HAProxy reads them (`parse_bytes`: bytes that are not UTF-8 included).
//! Big texts parse the same on one thread as on two.
#![no_main]

use halint::syntax::parse_with_threads;
use libfuzzer_sys::fuzz_target;

/// The chunk size the parser cuts big texts into (`CHUNK_BYTES`).
const CHUNK_BYTES: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    // Refused only when the bytes mix invalid UTF-8 with the private-use
    // characters that stand for such bytes (they could not come back exactly).
    let Ok(parse) = halint::parse_bytes(data.to_vec()) else { return };
    assert_eq!(parse.to_bytes().as_ref(), data, "parse_bytes(b).to_bytes() != b");
    let text = parse.source().to_owned();
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
