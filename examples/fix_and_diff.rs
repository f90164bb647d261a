//! Apply the safe fixes to a config and print the unified diff.
//!
//! `cargo run --example fix_and_diff`

use halint::{unified_diff, Instance, Linter, Settings};

fn main() {
    let src = "\
peers mesh
\tpeer lb1 10.0.0.1:1024

backend app
\tstick-table type ip size 20k
\tstick on src
\tserver s1 10.0.1.1:80
\tserver s2 10.0.1.2:80
";
    let settings = Settings {
        instances: vec![
            Instance::parse_arg("lb1=10.0.0.1:1024").expect("valid instance"),
            Instance::parse_arg("lb2=10.0.0.2:1024").expect("valid instance"),
        ],
        ..Settings::default()
    };
    let outcome = Linter::new(settings).fix(src, false);
    print!("{}", unified_diff("haproxy.cfg", src, &outcome.output));
    for (rule, title) in &outcome.applied {
        println!("fixed [{rule}]: {title}");
    }
    println!("{} finding(s) remain", outcome.remaining.len());
}
