//! `halint probe`: the running side of a cluster, read from each
//! instance's runtime API (the `stats socket`), compared with the checked
//! config and the inventory.
//!
//! Std only (no feature needed): a plain-text client with a timeout on
//! every step ([`client`]), parsers of `show peers`, `show table` and
//! `show info` that return an error, never a panic, on text that is not
//! HAProxy's, the expectations drawn from a config ([`expected`]), the
//! checks of one instance ([`checks`]) and the replication test
//! ([`replication`]). Findings are ordinary [`crate::Diagnostic`]s of the
//! rules in [`crate::rules::runtime`], so every renderer shows them.
//!
//! ```no_run
//! use halint::runtime::{client::{Client, Endpoint}, checks, expected::Expected};
//! use std::time::Duration;
//!
//! let config = halint::parse(&std::fs::read_to_string("haproxy.cfg").unwrap());
//! let expected = Expected::from_config(&config, &halint::Settings::default()).unwrap();
//! let client = Client::new(Endpoint::parse("/run/haproxy/admin.sock"), Duration::from_secs(3));
//! let snapshot = checks::Snapshot::read(&client, Some(&expected), Duration::from_secs(3)).unwrap();
//! for d in checks::check_instance(&expected, "haproxy-1", &snapshot, &Default::default()) {
//!     println!("{}: {}", d.rule, d.message);
//! }
//! ```

pub mod checks;
pub mod client;
pub mod expected;
pub mod replication;
pub mod show_info;
pub mod show_peers;
pub mod show_table;
