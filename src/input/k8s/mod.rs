//! Kubernetes manifests as input: the HAProxy configs they carry, each
//! with a map from its text back to the manifest's bytes.

pub mod block;
pub mod yaml;
