//! Random input: the parser never panics, always round-trips, and gives the
//! same tree whether it runs on one thread or several.

use proptest::prelude::*;

/// Text biased towards what matters to the tokenizer.
fn config_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("\\x4".to_owned()),
        Just("#".to_owned()),
        Just("$".to_owned()),
        Just("${".to_owned()),
        Just("}".to_owned()),
        Just("[*]".to_owned()),
        Just("-".to_owned()),
        Just(".if".to_owned()),
        Just(".endif".to_owned()),
        Just("backend".to_owned()),
        Just("peers".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("\u{0}".to_owned()),
        Just("é".to_owned()),
        "[a-zA-Z0-9_.:]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn round_trips_and_never_panics(src in config_like()) {
        let parse = halint::parse(&src);
        prop_assert_eq!(parse.to_string(), src);
    }

    #[test]
    fn any_string_round_trips(src in any::<String>()) {
        let parse = halint::parse(&src);
        prop_assert_eq!(parse.to_string(), src);
    }

    #[test]
    fn word_values_never_panic(src in config_like()) {
        let parse = halint::parse(&src);
        for line in &parse.file().lines {
            if let halint::ast::LineKind::Directive(d) = &line.kind {
                for w in &d.words {
                    let _ = parse.value(w);
                }
            }
        }
    }
}
