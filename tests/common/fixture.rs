//! Rule fixtures: `tests/fixtures/rules/<rule-name>/` holds `invalid.cfg`
//! (must fire) and `valid.cfg` (near misses: must not fire), or, for cluster
//! rules, `cluster-invalid/*.cfg` and `cluster-valid/*.cfg` (one file per
//! instance, named after it).
//!
//! A fixture's settings come from comment lines in it (in any file of a
//! cluster case) of the form
//! `# halint-test: --instance NAME=ADDR:PORT --local NAME --haproxy-version 2.6 --peers-section NAME`
//! (also `--env NAME=VALUE` for every instance and `--instance-env INSTANCE:NAME=VALUE`, as
//! `env` in halint.toml; an `--instance-env` comes after its `--instance`).
//!
//! A cluster file is checked as the instance named after it (`lb1.cfg` as
//! `--local lb1.cfg=lb1`), unless it says `# halint-test-local: NAME`, or
//! `# halint-test-local: none` to leave its name to its `localpeer`.

use halint::{Instance, Settings};
use std::path::{Path, PathBuf};

/// The folder of every rule's fixtures.
pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Reads a fixture as halint reads a file: bytes that are not UTF-8 stand
/// in the text as private-use characters (`halint::input::encoding`).
pub fn read_fixture(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(halint::input::encoding::decode(bytes).expect("fixture can be read back exactly").text)
}

/// Parses a fixture's text, marking it as read from raw bytes when it holds
/// stand-ins for them (fixtures hold no literal characters of that range).
pub fn parse_fixture(src: &str) -> halint::Parse {
    let raw = src.chars().any(|c| halint::input::encoding::raw_byte(c).is_some());
    let bytes = halint::input::encoding::encode(src, raw).into_owned();
    halint::parse_bytes(bytes).expect("fixture bytes decode")
}

/// The settings a fixture asks for.
pub fn fixture_settings(src: &str) -> Settings {
    let mut settings = Settings::default();
    for line in src.lines() {
        let Some(args) = line.trim_start().strip_prefix("# halint-test:") else { continue };
        let words: Vec<&str> = args.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let value = words.get(i + 1).copied().unwrap_or_else(|| panic!("{} needs a value", words[i]));
            match words[i] {
                "--instance" => settings.instances.push(Instance::parse_arg(value).expect("instance")),
                "--local" => settings.local = Some(value.to_owned()),
                "--haproxy-version" => settings.haproxy_version = Some(value.parse().expect("version")),
                "--peers-section" => settings.peers_section = Some(value.to_owned()),
                "--env" => {
                    let (name, v) = halint::settings::parse_env_arg(value).expect("--env NAME=VALUE");
                    settings.env_overrides.insert(name, v);
                }
                "--instance-env" => {
                    let (instance, pair) = value.split_once(':').expect("--instance-env INSTANCE:NAME=VALUE");
                    let (name, v) = halint::settings::parse_env_arg(pair).expect("NAME=VALUE");
                    let i = settings
                        .instances
                        .iter_mut()
                        .find(|i| i.name == instance)
                        .expect("instance given first");
                    i.env.insert(name, v);
                }
                other => panic!("unknown fixture option {other}"),
            }
            i += 2;
        }
    }
    settings
}

/// The local name a cluster fixture file is checked under (see the module docs).
pub fn fixture_local(file_name: &str, src: &str) -> Option<String> {
    let marked = src.lines().find_map(|l| l.trim_start().strip_prefix("# halint-test-local:"));
    match marked.map(str::trim) {
        Some("none") => None,
        Some(name) => Some(name.to_owned()),
        None => Some(file_name.trim_end_matches(".cfg").to_owned()),
    }
}

/// The instance names HAProxy should be checked with for a fixture: the
/// inventory's, else the `--local` one, else none.
pub fn fixture_instances(settings: &Settings) -> Vec<String> {
    if !settings.instances.is_empty() {
        settings.instances.iter().map(|i| i.name.clone()).collect()
    } else {
        settings.local.iter().cloned().collect()
    }
}
