//! halint: a linter and fixer for haproxy.cfg that keeps active-active
//! clusters sharing their stick tables.
//!
//! Parse, lint, fix and diff from the library:
//!
//! ```
//! use halint::{parse, Linter, Settings, Instance};
//!
//! let src = "\
//! peers mesh
//!     peer lb1 10.0.0.1:1024
//!     peer lb2 10.0.0.2:1024
//!
//! backend app
//!     balance roundrobin
//!     stick-table type ip size 20k
//!     stick on src
//!     server s1 10.0.1.1:80
//!     server s2 10.0.1.2:80
//! ";
//! let parsed = parse(src);
//! assert!(parsed.errors().is_empty());
//! assert_eq!(parsed.to_string(), src); // lossless
//!
//! let settings = Settings {
//!     instances: vec![Instance::parse_arg("lb1=10.0.0.1:1024").unwrap(),
//!                     Instance::parse_arg("lb2=10.0.0.2:1024").unwrap()],
//!     ..Settings::default()
//! };
//! let linter = Linter::new(settings);
//! let findings = linter.check(&parsed);
//! assert!(findings.iter().any(|d| d.rule == "stick-table-not-shared"));
//!
//! let fixed = linter.fix(src, false);
//! assert!(fixed.output.contains("stick-table type ip size 20k peers mesh\n"));
//! print!("{}", halint::unified_diff("haproxy.cfg", src, &fixed.output));
//! ```
//!
//! Configs that live in Kubernetes manifests go through
//! [`Linter::check_manifest`] (reading them: [`input::k8s`]): the same rules on every embedded config, findings placed at the
//! manifest's own lines, fixes made as edits of its literal blocks.
//!
//! ```
//! use halint::{Linter, Settings};
//!
//! let manifest = "\
//! apiVersion: v1
//! kind: ConfigMap
//! metadata:
//!   name: haproxy
//! data:
//!   haproxy.cfg: |-
//!     global
//!         maxconn 100
//! ";
//! let linter = Linter::new(Settings::default());
//! let report = linter.check_manifest(manifest);
//! let finding = &report.diagnostics[0];
//! assert_eq!(finding.rule, "missing-final-newline");
//! assert_eq!(finding.embedded.as_ref().map(|e| e.key.as_str()), Some("haproxy.cfg"));
//! let fixed = linter.fix_manifest(manifest, false);
//! assert!(fixed.output.contains("  haproxy.cfg: |\n")); // `|-` became `|`
//! ```
//!
//! A config read from bytes that are not all UTF-8 (a Latin-1 comment) is
//! parsed with [`parse_bytes`], and [`Parse::to_bytes`] gives the bytes back.
#![forbid(unsafe_code)]

// pest_derive without its "std" feature names `alloc::` in the generated parser.
extern crate alloc;

pub mod ast;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config_file;
pub mod diagnostic;
pub mod did_you_mean;
pub mod fix;
pub mod format;
pub mod input;
pub mod inventory_init;
pub mod linter;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
mod profile;
pub mod render;
pub mod rules;
pub mod runtime;
pub mod schema;
pub mod settings;
pub mod span;
mod suppression;
pub mod syntax;
pub mod views;

pub use diagnostic::{Diagnostic, Severity};
pub use fix::diff::unified_diff;
pub use linter::{FixOutcome, Linter, ManifestFix, ManifestReport};
pub use settings::{Instance, Settings, Version};
pub use syntax::{parse, parse_bytes, parse_string, Parse, SyntaxError, SyntaxErrorKind};
