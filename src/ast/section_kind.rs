use serde::{Deserialize, Serialize};

/// Every section keyword of HAProxy 1.8 to 3.x.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// `global`: process-wide settings.
    Global,
    /// `defaults [name] [from other]`: defaults for the proxies that follow.
    Defaults,
    /// `frontend name`: accepts connections.
    Frontend,
    /// `backend name`: forwards them to servers.
    Backend,
    /// `listen name`: frontend and backend in one.
    Listen,
    /// `peers name`: the instances that share stick tables.
    Peers,
    /// `resolvers name`: DNS resolution at run time.
    Resolvers,
    /// `userlist name`: users and groups for authentication.
    Userlist,
    /// `mailers name`: SMTP servers for e-mail alerts.
    Mailers,
    /// `program name`: an external process the master starts (2.0 to 3.0).
    Program,
    /// `http-errors name`: error pages.
    HttpErrors,
    /// `ring name`: a ring buffer for logs and traces (2.2+).
    Ring,
    /// `cache name`: the small object cache.
    Cache,
    /// `log-forward name`: a syslog relay (2.3+).
    LogForward,
    /// `fcgi-app name`: a FastCGI application (2.1+).
    FcgiApp,
    /// `crt-store [name]`: certificate store (3.0+).
    CrtStore,
    /// `traces`: trace settings (3.1+).
    Traces,
    /// `acme name`: ACME certificate issuance (3.2+).
    Acme,
    /// `log-profile name`: log formats per logging step (3.1+).
    LogProfile,
    /// `healthcheck name`: a reusable health check (3.4+).
    Healthcheck,
    /// `namespace_list`: network namespaces to open at start-up.
    NamespaceList,
}

impl SectionKind {
    /// All kinds, in declaration order.
    pub const ALL: [SectionKind; 21] = [
        SectionKind::Global,
        SectionKind::Defaults,
        SectionKind::Frontend,
        SectionKind::Backend,
        SectionKind::Listen,
        SectionKind::Peers,
        SectionKind::Resolvers,
        SectionKind::Userlist,
        SectionKind::Mailers,
        SectionKind::Program,
        SectionKind::HttpErrors,
        SectionKind::Ring,
        SectionKind::Cache,
        SectionKind::LogForward,
        SectionKind::FcgiApp,
        SectionKind::CrtStore,
        SectionKind::Traces,
        SectionKind::Acme,
        SectionKind::LogProfile,
        SectionKind::Healthcheck,
        SectionKind::NamespaceList,
    ];

    /// The keyword that opens this kind of section.
    pub fn keyword(self) -> &'static str {
        match self {
            SectionKind::Global => "global",
            SectionKind::Defaults => "defaults",
            SectionKind::Frontend => "frontend",
            SectionKind::Backend => "backend",
            SectionKind::Listen => "listen",
            SectionKind::Peers => "peers",
            SectionKind::Resolvers => "resolvers",
            SectionKind::Userlist => "userlist",
            SectionKind::Mailers => "mailers",
            SectionKind::Program => "program",
            SectionKind::HttpErrors => "http-errors",
            SectionKind::Ring => "ring",
            SectionKind::Cache => "cache",
            SectionKind::LogForward => "log-forward",
            SectionKind::FcgiApp => "fcgi-app",
            SectionKind::CrtStore => "crt-store",
            SectionKind::Traces => "traces",
            SectionKind::Acme => "acme",
            SectionKind::LogProfile => "log-profile",
            SectionKind::Healthcheck => "healthcheck",
            SectionKind::NamespaceList => "namespace_list",
        }
    }

    /// The kind a section keyword opens, if `word` is one.
    pub fn from_keyword(word: &str) -> Option<SectionKind> {
        // A match, not a search: this runs once per line of every file.
        Some(match word {
            "global" => SectionKind::Global,
            "defaults" => SectionKind::Defaults,
            "frontend" => SectionKind::Frontend,
            "backend" => SectionKind::Backend,
            "listen" => SectionKind::Listen,
            "peers" => SectionKind::Peers,
            "resolvers" => SectionKind::Resolvers,
            "userlist" => SectionKind::Userlist,
            "mailers" => SectionKind::Mailers,
            "program" => SectionKind::Program,
            "http-errors" => SectionKind::HttpErrors,
            "ring" => SectionKind::Ring,
            "cache" => SectionKind::Cache,
            "log-forward" => SectionKind::LogForward,
            "fcgi-app" => SectionKind::FcgiApp,
            "crt-store" => SectionKind::CrtStore,
            "traces" => SectionKind::Traces,
            "acme" => SectionKind::Acme,
            "log-profile" => SectionKind::LogProfile,
            "healthcheck" => SectionKind::Healthcheck,
            "namespace_list" => SectionKind::NamespaceList,
            _ => return None,
        })
    }

    /// Whether this is a proxy section (defaults, frontend, backend, listen).
    pub fn is_proxy(self) -> bool {
        matches!(
            self,
            SectionKind::Defaults | SectionKind::Frontend | SectionKind::Backend | SectionKind::Listen
        )
    }

    /// Whether halint's keyword table covers this section's vocabulary.
    pub fn has_keyword_table(self) -> bool {
        !matches!(self, SectionKind::LogProfile | SectionKind::Healthcheck | SectionKind::NamespaceList)
    }

    /// Whether the section can hold servers and stick rules (backend, listen).
    pub fn has_backend_capability(self) -> bool {
        matches!(self, SectionKind::Backend | SectionKind::Listen)
    }
}

impl std::fmt::Display for SectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}

#[cfg(test)]
mod tests {
    use super::SectionKind;

    #[test]
    fn keywords_and_kinds_agree() {
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::from_keyword(kind.keyword()), Some(kind));
        }
        assert_eq!(SectionKind::from_keyword("server"), None);
    }
}
