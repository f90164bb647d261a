//! The rules of `halint probe`: findings about running instances, read
//! from their runtime API (`crate::runtime`), not from the text. They are
//! listed apart from [`super::ALL_RULES`] because no config alone can
//! trigger them; `halint rules` and `halint explain` show both lists.

use super::{Rule, RuleMeta};

mod not_replicated;
mod peer_not_connected;
mod running_config_differs;
mod runtime_local_peer_mismatch;
mod runtime_peer_address_mismatch;
mod runtime_table_mismatch;

pub use not_replicated::NotReplicated;
pub use peer_not_connected::PeerNotConnected;
pub use running_config_differs::RunningConfigDiffers;
pub use runtime_local_peer_mismatch::RuntimeLocalPeerMismatch;
pub use runtime_peer_address_mismatch::RuntimePeerAddressMismatch;
pub use runtime_table_mismatch::RuntimeTableMismatch;

/// Every runtime rule, sorted by code.
pub static RUNTIME_RULES: &[&dyn Rule] = &[
    &RuntimeLocalPeerMismatch,
    &PeerNotConnected,
    &RuntimePeerAddressMismatch,
    &RuntimeTableMismatch,
    &NotReplicated,
    &RunningConfigDiffers,
];

/// Runtime rules carry only metadata: the probe reports them.
macro_rules! metadata_only {
    ($($rule:ident),*) => {
        $(impl Rule for $rule {
            fn meta(&self) -> &'static RuleMeta {
                &Self::META
            }
        })*
    };
}

metadata_only!(
    RuntimeLocalPeerMismatch,
    PeerNotConnected,
    RuntimePeerAddressMismatch,
    RuntimeTableMismatch,
    NotReplicated,
    RunningConfigDiffers
);
