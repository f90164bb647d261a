//! `halint.toml`: the cluster inventory and fix defaults, found in the working
//! folder or a parent (or given with `--config`).

use crate::settings::{check_env_name, check_inventory, check_word, Instance, Settings, StickTableTemplate};
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
    #[serde(default)]
    files: Option<FilesTable>,
    #[serde(default)]
    format: Option<crate::format::FormatOptions>,
    #[serde(default)]
    probe: Option<ProbeTable>,
}

/// `[probe]`: where `halint probe` reaches each instance.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeTable {
    /// Instance name to its runtime API: a Unix socket path or `ADDR:PORT`.
    #[serde(default)]
    pub socket: std::collections::BTreeMap<String, String>,
    /// Instance name to a frontend `ADDR:PORT` for the replication test.
    #[serde(default)]
    pub through: std::collections::BTreeMap<String, String>,
    /// Seconds per runtime API command.
    #[serde(default)]
    pub timeout: Option<f64>,
    /// The path requested through the frontends.
    #[serde(default)]
    pub path: Option<String>,
}

/// `[files]`: which files a folder walk of `halint check` takes.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesTable {
    /// Globs of files checked whatever their content.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files and folders skipped.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The configs of each folder (two or more) are one cluster's: checked
    /// together, as `--cluster` checks the files it is given.
    #[serde(default, rename = "cluster-per-folder")]
    pub cluster_per_folder: bool,
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
    /// Environment variables of every instance, for `.if` conditions.
    #[serde(default)]
    env: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FixTable {
    #[serde(default)]
    stick_table: Option<StickTableTemplate>,
}

/// The `[format]` table of a `halint.toml` (the defaults when absent).
pub fn load_format(path: &Path) -> Result<crate::format::FormatOptions, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file.format.unwrap_or_default())
}

/// The `[files]` table of a `halint.toml` (empty when absent): `halint fmt`
/// walks folders as `halint check` does.
pub fn load_files(path: &Path) -> Result<FilesTable, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file.files.unwrap_or_default())
}

/// The `[probe]` table of a `halint.toml` (empty when absent).
pub fn load_probe(path: &Path) -> Result<ProbeTable, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file.probe.unwrap_or_default())
}

/// The first `halint.toml` in `start` or a parent folder.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join("halint.toml")).find(|p| p.is_file())
}

/// Reads a `halint.toml` into `settings`. Errors name the file and the key.
pub fn load(path: &Path, settings: &mut Settings) -> Result<(), String> {
    load_all(path, settings).map(|_| ())
}

/// [`load`], also giving the `[files]` table (empty when absent).
pub fn load_all(path: &Path, settings: &mut Settings) -> Result<FilesTable, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let at = |key: String, e: String| format!("{}: {key}: {e}", path.display());
    if let Some(cluster) = file.cluster {
        for (i, instance) in cluster.instances.iter().enumerate() {
            let key = |field: &str| format!("cluster.instance[{i}].{field}");
            Instance::check_name(&instance.name).map_err(|e| at(key("name"), e))?;
            if let Some(a) = &instance.address {
                Instance::check_address(a).map_err(|e| at(key("address"), e))?;
            }
            for name in instance.env.keys() {
                check_env_name(name).map_err(|e| at(key("env"), e))?;
            }
        }
        for name in cluster.env.keys() {
            check_env_name(name).map_err(|e| at("cluster.env".into(), e))?;
        }
        settings.env = cluster.env;
        check_inventory(&cluster.instances).map_err(|(i, e)| at(format!("cluster.instance[{i}]"), e))?;
        if let Some(name) = &cluster.peers {
            Instance::check_name(name)
                .map_err(|e| at("cluster.peers".into(), e.replace("peer name", "peers section name")))?;
        }
        settings.instances = cluster.instances;
        settings.peers_section = cluster.peers;
        settings.default_peer_port = cluster.default_peer_port;
        if let Some(v) = cluster.haproxy_version {
            settings.haproxy_version = Some(v.parse().map_err(|e| at("cluster.haproxy-version".into(), e))?);
        }
    }
    if let Some(t) = file.fix.and_then(|f| f.stick_table) {
        let fields =
            [("key-type", Some(&t.key_type)), ("size", Some(&t.size)), ("expire", t.expire.as_ref())];
        for (field, value) in fields {
            if let Some(v) = value {
                check_word(v).map_err(|e| at(format!("fix.stick-table.{field}"), e))?;
            }
        }
        settings.stick_table = t;
    }
    Ok(file.files.unwrap_or_default())
}
