//! `halint.toml`: the cluster inventory and fix defaults, found in the working
//! folder or a parent (or given with `--config`).

use crate::settings::{Instance, Settings, StickTableTemplate};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    cluster: Option<ClusterTable>,
    #[serde(default)]
    fix: Option<FixTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClusterTable {
    #[serde(default)]
    peers: Option<String>,
    #[serde(default)]
    default_peer_port: Option<u16>,
    #[serde(default)]
    haproxy_version: Option<String>,
    #[serde(default, rename = "instance")]
    instances: Vec<Instance>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FixTable {
    #[serde(default)]
    stick_table: Option<StickTableTemplate>,
}

/// The first `halint.toml` in `start` or a parent folder.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join("halint.toml")).find(|p| p.is_file())
}

/// Reads a `halint.toml` into `settings`.
pub fn load(path: &Path, settings: &mut Settings) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(cluster) = file.cluster {
        for i in &cluster.instances {
            let arg = match &i.address {
                Some(a) => format!("{}={a}", i.name),
                None => i.name.clone(),
            };
            Instance::parse_arg(&arg).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        settings.instances = cluster.instances;
        settings.peers_section = cluster.peers;
        settings.default_peer_port = cluster.default_peer_port;
        if let Some(v) = cluster.haproxy_version {
            settings.haproxy_version = Some(v.parse().map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    if let Some(t) = file.fix.and_then(|f| f.stick_table) {
        settings.stick_table = t;
    }
    Ok(())
}
