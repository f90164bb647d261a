//! What the linter knows beyond the file: the cluster inventory, the local
//! instance, the HAProxy version targeted, and fix defaults.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The HAProxy version targeted; it lives in the schema, which dates its
/// items with it.
pub use crate::schema::Version;

/// One HAProxy instance of the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// The name HAProxy knows it by: host name, `-L`, or `localpeer`.
    pub name: String,
    /// The `IP:port` its peers listener uses, when known.
    #[serde(default)]
    pub address: Option<String>,
    /// Environment variables its HAProxy runs with (`env = { ... }` in
    /// halint.toml), on top of the cluster's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
}

impl Instance {
    /// Parses `NAME` or `NAME=ADDR:PORT`, checked as a peer line needs them
    /// (see [`Instance::check_name`] and [`Instance::check_address`]).
    pub fn parse_arg(arg: &str) -> Result<Instance, String> {
        let (name, address) = match arg.split_once('=') {
            Some((n, a)) => (n, Some(a.to_owned())),
            None => (arg, None),
        };
        Instance::check_name(name).map_err(|e| format!("instance '{arg}': {e}"))?;
        if let Some(a) = &address {
            Instance::check_address(a).map_err(|e| format!("instance '{arg}': {e}"))?;
        }
        Ok(Instance { name: name.to_owned(), address, env: BTreeMap::new() })
    }

    /// Checks a name as HAProxy checks a peer name: letters, digits, `_`,
    /// `.`, `:` and `-` only (it is written into `peer` lines).
    pub fn check_name(name: &str) -> Result<(), String> {
        if name.is_empty() {
            return Err("the instance has no name".into());
        }
        match crate::views::invalid_name_char(name) {
            Some(c) => Err(format!(
                "character {c:?} is not permitted in peer name {name:?} (letters, digits, `_`, `.`, `:`, `-`)"
            )),
            None => Ok(()),
        }
    }

    /// Checks an address as a `peer` line written from it needs: an IP
    /// literal with one port of 1-65535 (`10.0.0.1:1024`, `[::1]:1024`,
    /// `::1:1024`, `ipv4@`/`ipv6@` prefixes). HAProxy would accept a host
    /// name only if it resolves at start-up on every instance, which halint
    /// cannot know: the inventory takes IP addresses.
    pub fn check_address(text: &str) -> Result<(), String> {
        use crate::views::address::{Address, AddressKind};
        let a = Address::parse(text);
        if let Some(e) = &a.error {
            return Err(format!("'{text}' is not an address HAProxy accepts in a peer line: {e}"));
        }
        let port_ok = a.port_number().is_some_and(|p| p > 0)
            && a.port_text.as_deref().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !port_ok {
            return Err(format!("'{text}' is not an IP:port address (one port of 1-65535)"));
        }
        let prefix_ok = matches!(a.prefix.as_deref(), None | Some("ipv4@" | "ipv6@"));
        match a.kind {
            AddressKind::Ipv4 | AddressKind::Ipv6 if prefix_ok => Ok(()),
            AddressKind::Wildcard => {
                Err(format!("'{text}' is a wildcard address: the other instances cannot connect to it"))
            }
            AddressKind::Hostname => Err(format!(
                "'{text}' is a host name: HAProxy refuses the config where it does not resolve at start-up; \
                 give the instance's IP address"
            )),
            AddressKind::Env => {
                Err(format!("'{text}': environment variables are not expanded in the inventory"))
            }
            _ => Err(format!("'{text}' is not an IP:port address")),
        }
    }
}

/// Checks that an inventory names each instance once and gives each address
/// once (two peers at one address would connect to one process). Returns
/// the index of the offending instance and why.
pub fn check_inventory(instances: &[Instance]) -> Result<(), (usize, String)> {
    use crate::views::address::Address;
    let mut names = rustc_hash::FxHashMap::default();
    let mut addresses = rustc_hash::FxHashMap::default();
    for (i, instance) in instances.iter().enumerate() {
        if let Some(first) = names.insert(instance.name.as_str(), i) {
            return Err((
                i,
                format!("instance '{}' is listed twice (first at #{})", instance.name, first + 1),
            ));
        }
        let key = instance.address.as_deref().and_then(|a| Address::parse(a).normalized());
        if let Some(key) = key {
            if let Some(first) = addresses.insert(key, i) {
                let other = &instances[first].name;
                return Err((
                    i,
                    format!(
                        "instances '{other}' and '{}' have one address, {}",
                        instance.name,
                        instance.address.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Parses `--instance` arguments (each as [`Instance::parse_arg`] does)
/// into an inventory that [`check_inventory`] accepts.
pub fn parse_instance_args(args: &[String]) -> Result<Vec<Instance>, String> {
    let instances = args.iter().map(|a| Instance::parse_arg(a)).collect::<Result<Vec<_>, _>>()?;
    check_inventory(&instances).map_err(|(i, e)| format!("--instance {}: {e}", args[i]))?;
    Ok(instances)
}

/// Checks an environment variable's name as HAProxy reads one in `"${NAME}"`:
/// a letter or `_`, then letters, digits and `_`.
pub fn check_env_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(format!("{name:?} is not an environment variable name (letters, digits, `_`; not a digit first)"))
    }
}

/// Parses `NAME=VALUE` (the value may be empty: a variable set to nothing).
pub fn parse_env_arg(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg.split_once('=').ok_or("expected NAME=VALUE")?;
    check_env_name(name)?;
    Ok((name.to_owned(), value.to_owned()))
}

/// Checks that a value written into the config as one word is one word:
/// no blank, line break, quote, backslash or `#` (they would start new
/// words, lines or sections).
pub fn check_word(value: &str) -> Result<(), String> {
    let bad =
        value.chars().find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '\\' | '#'));
    match bad {
        _ if value.is_empty() => Err("the value is empty".into()),
        Some(c) => Err(format!("{value:?} is not a single word ({c:?} is not allowed)")),
        None => Ok(()),
    }
}

/// The stick-table that the `backend-without-stick-table` fix adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct StickTableTemplate {
    /// Key type when no bind is IPv6 (`ip`).
    pub key_type: String,
    /// `size` argument.
    pub size: String,
    /// `expire` argument, if any.
    pub expire: Option<String>,
}

impl Default for StickTableTemplate {
    fn default() -> Self {
        StickTableTemplate { key_type: "ip".into(), size: "20k".into(), expire: None }
    }
}

/// Everything a lint run knows besides the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The cluster's instances (from `--instance` or `halint.toml`).
    pub instances: Vec<Instance>,
    /// The local peer name of the file checked (`--local`).
    pub local: Option<String>,
    /// The instance whose reading of the file is checked (one per inventory
    /// instance for a file with `.if` blocks): without `--local` or an
    /// effective `localpeer`, its name is the local peer name, as the host
    /// name is HAProxy's.
    pub instance: Option<String>,
    /// The peers section the cluster uses, when the inventory names it.
    pub peers_section: Option<String>,
    /// The peer port to use when an instance has no address.
    pub default_peer_port: Option<u16>,
    /// The HAProxy version targeted (`--haproxy-version`); `None` = any 2.x/3.x.
    pub haproxy_version: Option<Version>,
    /// What `backend-without-stick-table` adds.
    pub stick_table: StickTableTemplate,
    /// Environment variables of every instance (`[cluster] env` in halint.toml).
    pub env: BTreeMap<String, String>,
    /// Environment variables given with `--env NAME=VALUE`: they win over
    /// halint.toml's, the instances' own included.
    pub env_overrides: BTreeMap<String, String>,
}

// `Settings::environment` (the environment of `.if` conditions) is defined
// in `model::conditions`, beside the type it returns.
impl Settings {
    /// The address of an inventory instance, with the default port applied.
    pub fn instance_address(&self, instance: &Instance) -> Option<String> {
        instance.address.clone()
    }

    /// Whether the inventory describes an active-active cluster.
    pub fn inventory_is_cluster(&self) -> bool {
        self.instances.len() >= 2
    }
}
