//! What the linter knows beyond the file: the cluster inventory, the local
//! instance, the HAProxy version targeted, and fix defaults.

use serde::{Deserialize, Serialize};

/// One HAProxy instance of the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// The name HAProxy knows it by: host name, `-L`, or `localpeer`.
    pub name: String,
    /// The `IP:port` its peers listener uses, when known.
    #[serde(default)]
    pub address: Option<String>,
}

impl Instance {
    /// Parses `NAME` or `NAME=ADDR:PORT`.
    pub fn parse_arg(arg: &str) -> Result<Instance, String> {
        let (name, address) = match arg.split_once('=') {
            Some((n, a)) => (n, Some(a.to_owned())),
            None => (arg, None),
        };
        if name.is_empty() {
            return Err(format!("instance '{arg}' has no name"));
        }
        if let Some(a) = &address {
            let addr = crate::views::address::Address::parse(a);
            if addr.port_number().is_none() {
                return Err(format!("instance '{arg}': '{a}' is not an IP:port address"));
            }
        }
        Ok(Instance { name: name.to_owned(), address })
    }
}

/// A HAProxy version, major.minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version {
    /// Major.
    pub major: u8,
    /// Minor.
    pub minor: u8,
}

impl Version {
    /// Version `major.minor`.
    pub const fn new(major: u8, minor: u8) -> Self {
        Version { major, minor }
    }
}

impl std::str::FromStr for Version {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut it = s.split('.');
        let parse = |p: Option<&str>| p.and_then(|x| x.parse::<u8>().ok());
        match (parse(it.next()), parse(it.next())) {
            (Some(major), Some(minor)) => Ok(Version { major, minor }),
            _ => Err(format!("'{s}' is not a version like 2.6")),
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
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
    /// The peers section the cluster uses, when the inventory names it.
    pub peers_section: Option<String>,
    /// The peer port to use when an instance has no address.
    pub default_peer_port: Option<u16>,
    /// The HAProxy version targeted (`--haproxy-version`); `None` = any 2.x/3.x.
    pub haproxy_version: Option<Version>,
    /// What `backend-without-stick-table` adds.
    pub stick_table: StickTableTemplate,
}

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
