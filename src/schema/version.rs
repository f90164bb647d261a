//! A HAProxy version, as the schema dates its items and as `--haproxy-version`
//! names the target.

use serde::{Deserialize, Serialize};

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
