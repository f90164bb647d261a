//! The rules: one per file, each carrying its documentation, listed in one
//! registry ([`ALL_RULES`]).

pub mod context;
pub mod precedence;

// Kept with `Diagnostic`, which every finding builds from them.
pub use crate::diagnostic::{FixAvailability, RuleMeta};
pub use context::{ClusterContext, Holds, LintContext, ManifestContext};

/// A lint rule. Rules look at one file ([`Rule::check`]) or, with `--cluster`,
/// at the configs of all instances together ([`Rule::check_cluster`]).
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one file.
    fn check(&self, _cx: &mut LintContext<'_>) {}
    /// Checks the files of a cluster together.
    fn check_cluster(&self, _cx: &mut ClusterContext<'_>) {}
    /// Checks a Kubernetes manifest's YAML and workloads.
    fn check_manifest(&self, _cx: &mut ManifestContext<'_>) {}
}

/// Declares a rule struct with its metadata; the doc comment is its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            /// The rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                fix: $crate::rules::FixAvailability::$fix,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// Looks a rule up by name or code (the probe's runtime rules included).
pub fn find(name_or_code: &str) -> Option<&'static dyn Rule> {
    ALL_RULES
        .iter()
        .chain(runtime::RUNTIME_RULES)
        .copied()
        .find(|r| r.meta().name == name_or_code || r.meta().code.eq_ignore_ascii_case(name_or_code))
}

/// The documentation of a rule with its leading blank of each doc line removed.
pub fn docs(meta: &RuleMeta) -> String {
    meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

/// The name of the rule the linter itself reports unused suppressions under.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

pub use unused_suppression::UnusedSuppression;

// ---- the rules ----
mod address_on_proxy_line;
mod backend_mode_mismatch;
mod backend_without_stick_table;
mod byte_order_mark;
mod check_connect_not_first;
mod defaults_mixed_use;
mod defaults_rules_inheritance;
mod directive_outside_section;
mod duplicate_line;
mod duplicate_peer_address;
mod duplicate_peer_name;
mod duplicate_proxy_name;
mod duplicate_server_name;
mod external_check_not_enabled;
mod fcgi_server_without_app;
mod ignored_peer_parameter;
mod invalid_argument;
mod invalid_filter;
mod invalid_manifest_object;
mod invalid_proxy_name;
mod invalid_sample_expression;
mod invalid_utf8;
mod line_truncated_by_carriage_return;
mod local_name_not_unique;
mod local_peer_not_found;
mod localpeer_ignored;
mod missing_final_newline;
mod missing_option_argument;
mod multiple_stick_tables;
mod new_style_peers;
mod peer_address_invalid;
mod peer_address_mismatch;
mod peer_address_missing;
mod peer_address_not_routable;
mod peer_missing_for_instance;
mod peer_port_conflict;
mod peers_section_divergent;
mod peers_section_missing;
mod peers_section_syntax;
mod peers_section_unused;
mod peers_table_unprefixed;
mod remote_peer_port_missing;
pub mod runtime;
mod server_identity_mismatch;
mod stick_in_wrong_section;
mod stick_key_type_mismatch;
mod stick_rule_without_table;
mod stick_table_expire;
mod stick_table_not_shared;
mod syntax_error;
mod table_definition_mismatch;
mod table_store_mismatch;
mod table_without_writer;
mod track_sc_without_table;
mod undefined_backend;
mod undefined_peers_section;
mod undefined_section;
mod unknown_action;
mod unknown_bind_option;
mod unknown_keyword;
mod unknown_server_option;
mod unstable_instance_name;
mod unsupported_in_version;
mod unused_suppression;
mod yaml_duplicate_key;
mod yaml_syntax_error;

/// Every rule, sorted by code.
pub static ALL_RULES: &[&dyn Rule] = &[
    &syntax_error::SyntaxErrorRule,
    &missing_final_newline::MissingFinalNewline,
    &byte_order_mark::ByteOrderMark,
    &line_truncated_by_carriage_return::LineTruncatedByCarriageReturn,
    &invalid_utf8::InvalidUtf8,
    &yaml_syntax_error::YamlSyntaxError,
    &yaml_duplicate_key::YamlDuplicateKey,
    &invalid_manifest_object::InvalidManifestObject,
    &unknown_keyword::UnknownKeyword,
    &directive_outside_section::DirectiveOutsideSection,
    &unsupported_in_version::UnsupportedInVersion,
    &duplicate_line::DuplicateLine,
    &unknown_action::UnknownAction,
    &invalid_sample_expression::InvalidSampleExpression,
    &unknown_bind_option::UnknownBindOption,
    &unknown_server_option::UnknownServerOption,
    &invalid_filter::InvalidFilter,
    &missing_option_argument::MissingOptionArgument,
    &address_on_proxy_line::AddressOnProxyLine,
    &invalid_argument::InvalidArgument,
    &check_connect_not_first::CheckConnectNotFirst,
    &external_check_not_enabled::ExternalCheckNotEnabled,
    &undefined_backend::UndefinedBackend,
    &duplicate_proxy_name::DuplicateProxyName,
    &undefined_peers_section::UndefinedPeersSection,
    &stick_rule_without_table::StickRuleWithoutTable,
    &peers_table_unprefixed::PeersTableUnprefixed,
    &track_sc_without_table::TrackScWithoutTable,
    &defaults_rules_inheritance::DefaultsRulesInheritance,
    &invalid_proxy_name::InvalidProxyName,
    &defaults_mixed_use::DefaultsMixedUse,
    &duplicate_server_name::DuplicateServerName,
    &undefined_section::UndefinedSection,
    &backend_mode_mismatch::BackendModeMismatch,
    &fcgi_server_without_app::FcgiServerWithoutApp,
    &peers_section_missing::PeersSectionMissing,
    &peer_missing_for_instance::PeerMissingForInstance,
    &local_peer_not_found::LocalPeerNotFound,
    &duplicate_peer_name::DuplicatePeerName,
    &duplicate_peer_address::DuplicatePeerAddress,
    &peer_address_mismatch::PeerAddressMismatch,
    &peer_port_conflict::PeerPortConflict,
    &stick_table_not_shared::StickTableNotShared,
    &backend_without_stick_table::BackendWithoutStickTable,
    &localpeer_ignored::LocalpeerIgnored,
    &remote_peer_port_missing::RemotePeerPortMissing,
    &peer_address_missing::PeerAddressMissing,
    &peer_address_not_routable::PeerAddressNotRoutable,
    &ignored_peer_parameter::IgnoredPeerParameter,
    &peers_section_unused::PeersSectionUnused,
    &stick_in_wrong_section::StickInWrongSection,
    &multiple_stick_tables::MultipleStickTables,
    &stick_key_type_mismatch::StickKeyTypeMismatch,
    &stick_table_expire::StickTableExpire,
    &peers_section_syntax::PeersSectionSyntax,
    &table_without_writer::TableWithoutWriter,
    &new_style_peers::NewStylePeers,
    &peer_address_invalid::PeerAddressInvalid,
    &peers_section_divergent::PeersSectionDivergent,
    &table_definition_mismatch::TableDefinitionMismatch,
    &server_identity_mismatch::ServerIdentityMismatch,
    &local_name_not_unique::LocalNameNotUnique,
    &table_store_mismatch::TableStoreMismatch,
    &unstable_instance_name::UnstableInstanceName,
    &unused_suppression::UnusedSuppression,
];
