//! Lint a config held in a string and print the findings.
//!
//! `cargo run --example lint_str`

use halint::{parse, Instance, Linter, Settings};

fn main() {
    let src = "\
peers mesh
    peer lb1 10.0.0.1:1024

backend app
    stick-table type ip size 20k
    stick on src
    server s1 10.0.1.1:80
    server s2 10.0.1.2:80
";
    let settings = Settings {
        instances: vec![
            Instance::parse_arg("lb1=10.0.0.1:1024").expect("valid instance"),
            Instance::parse_arg("lb2=10.0.0.2:1024").expect("valid instance"),
        ],
        ..Settings::default()
    };
    let parsed = parse(src);
    for d in Linter::new(settings).check(&parsed) {
        let at = parsed.line_index().line_col(parsed.source(), d.span.start);
        println!("{}:{}: {} [{} {}]", at.line, at.column, d.message, d.code, d.rule);
    }
}
