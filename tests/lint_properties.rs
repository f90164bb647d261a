//! Random configs built from the vocabulary the rules look at: every rule,
//! the fix loop and every output format run on them without panicking, and
//! fixing never adds a syntax error.

use halint::render::FileReport;
use halint::{Instance, Linter, Settings};
use proptest::prelude::*;

/// One line of a config: a section header or a directive, often slightly wrong.
fn line() -> impl Strategy<Value = String> {
    let name =
        prop_oneof![Just("app"), Just("lb1"), Just("lb2"), Just("mesh"), Just("web"), Just("a/b"), Just("")];
    let addr = prop_oneof![
        Just("10.0.0.1:1024"),
        Just("10.0.0.2:1024"),
        Just("127.0.0.1"),
        Just(":80"),
        Just("[::1]:1024"),
        Just("\"${PEER}:1024\""),
        Just("ipv4@10.0.0.3:1024"),
        Just(""),
    ];
    let keyword = prop_oneof![
        Just("global"),
        Just("defaults"),
        Just("defaults web"),
        Just("defaults from web"),
        Just("frontend"),
        Just("backend"),
        Just("listen"),
        Just("peers"),
        Just("    peer"),
        Just("    server"),
        Just("    bind"),
        Just("    table t1 type ip size 10k"),
        Just("    localpeer"),
        Just("    stick-table type ip size 20k peers"),
        Just("    stick-table type string len 64 store gpc0,conn_cur srvkey addr expire 30m peers"),
        Just("    stick on src"),
        Just("    stick match src table"),
        Just("    stick store-request src"),
        Just("    http-request track-sc0 src table"),
        Just("    tcp-request connection track-sc1 src"),
        Just("    http-request set-header X-A 1"),
        Just("    use_backend"),
        Just("    default_backend"),
        Just("    balance roundrobin"),
        Just("    cookie SRV insert"),
        Just("    mode http"),
        Just("    timeout client 30s"),
        Just("    disabled"),
        Just("    log global"),
        Just("    frobnicate"),
        Just(".if defined(X)"),
        Just(".else"),
        Just(".endif"),
    ];
    let comment = prop_oneof![Just(""), Just(" # note"), Just("\r")];
    (keyword, name, addr, comment).prop_map(|(k, n, a, c)| format!("{k} {n} {a}{c}"))
}

fn config() -> impl Strategy<Value = String> {
    proptest::collection::vec(line(), 0..40).prop_map(|lines| {
        let mut text = lines.join("\n");
        text.push('\n');
        text
    })
}

fn linter() -> Linter {
    let settings = Settings {
        instances: vec![
            Instance::parse_arg("lb1=10.0.0.1:1024").expect("instance"),
            Instance::parse_arg("lb2=10.0.0.2:1024").expect("instance"),
        ],
        local: Some("lb1".to_owned()),
        ..Settings::default()
    };
    Linter::new(settings)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn rules_fixes_and_outputs_never_panic(src in config()) {
        let linter = linter();
        let parse = halint::parse(&src);
        let diagnostics = linter.check(&parse);
        let report = FileReport { path: "x.cfg", source: &src, diagnostics: &diagnostics, raw_bytes: false };
        let _ = halint::render::text::render_file(&report, halint::render::text::TextOptions::default());
        let _ = halint::render::json::to_json(std::slice::from_ref(&report));
        let _ = halint::render::sarif::to_sarif(std::slice::from_ref(&report));
        let _ = halint::render::github::to_github(std::slice::from_ref(&report));
        for unsafe_fixes in [false, true] {
            let fixed = linter.fix(&src, unsafe_fixes);
            let after = halint::parse(&fixed.output);
            if parse.errors().is_empty() {
                prop_assert!(after.errors().is_empty(), "a fix added a syntax error:\n{}", fixed.output);
            } else {
                prop_assert_eq!(&fixed.output, &src, "a file with syntax errors is left alone");
            }
        }
    }

    #[test]
    fn cluster_rules_never_panic(a in config(), b in config()) {
        let linter = linter();
        let (pa, pb) = (halint::parse(&a), halint::parse(&b));
        let files = [("a.cfg", &pa, Some("lb1".to_owned())), ("b.cfg", &pb, Some("lb2".to_owned()))];
        let _ = linter.check_cluster(&files);
    }
}
