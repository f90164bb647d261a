//! Inputs: how the bytes read become the text halint checks, and how
//! positions in that text map back to the bytes.

pub mod encoding;
pub mod k8s;
pub mod source_map;
