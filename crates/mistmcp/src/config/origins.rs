//! Which `Host` and `Origin` headers the HTTP endpoint accepts (DNS-rebinding protection).
//!
//! A web page can make a browser send requests to `127.0.0.1:8000` under a name the attacker
//! controls; checking `Host` (the name the client used) and `Origin` (the page that sent it)
//! stops that. Loopback names and loopback origins are always accepted, so a local server works
//! with no settings; anything else is named by the operator with `--allowed-hostname` and
//! `--allowed-origin`. The checks themselves are rmcp's; this module builds their lists.

/// Host names accepted without being named: the ways a client on this machine reaches it.
pub(crate) const LOOPBACK_HOSTNAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// Origins accepted without being named: pages served from this machine, on any port.
pub(crate) const LOOPBACK_ORIGINS: [&str; 6] = [
    "http://localhost:*",
    "http://127.0.0.1:*",
    "http://[::1]:*",
    "https://localhost:*",
    "https://127.0.0.1:*",
    "https://[::1]:*",
];

/// The operator's Host and Origin allow-lists, validated and in rmcp's syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginPolicy {
    /// Names (optionally `name:port`) accepted besides the loopback ones.
    pub hostnames: Vec<String>,
    /// Origins (`scheme://host:port`, `:*` for any port) accepted besides the loopback ones.
    pub origins: Vec<String>,
    /// `--allowed-hostname '*'`: no Host check at all.
    pub any_host: bool,
    /// `--allowed-origin '*'`: no Origin check at all.
    pub any_origin: bool,
}

impl OriginPolicy {
    /// Every accepted host, loopback names first.
    pub fn allowed_hosts(&self) -> Vec<String> {
        LOOPBACK_HOSTNAMES
            .iter()
            .map(|h| h.to_string())
            .chain(self.hostnames.iter().cloned())
            .collect()
    }

    /// Every accepted origin, loopback origins first.
    pub fn allowed_origins(&self) -> Vec<String> {
        LOOPBACK_ORIGINS
            .iter()
            .map(|o| o.to_string())
            .chain(self.origins.iter().cloned())
            .collect()
    }
}

/// One entry of an allow-list: a value, or `*` for anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allow {
    Any,
    Only(String),
}

/// One `--allowed-hostname` entry.
pub(crate) fn hostname_entry(input: &str) -> Result<Allow, String> {
    match input.trim() {
        "*" => Ok(Allow::Any),
        other => parse_hostname(other).map(Allow::Only),
    }
}

/// One `--allowed-origin` entry.
pub(crate) fn origin_entry(input: &str) -> Result<Allow, String> {
    match input.trim() {
        "*" => Ok(Allow::Any),
        other => parse_origin(other).map(Allow::Only),
    }
}

impl OriginPolicy {
    /// The policy for the operator's entries.
    pub fn from_entries(hostnames: &[Allow], origins: &[Allow]) -> Self {
        let only = |entries: &[Allow]| -> Vec<String> {
            entries
                .iter()
                .filter_map(|e| match e {
                    Allow::Only(v) => Some(v.clone()),
                    Allow::Any => None,
                })
                .collect()
        };
        Self {
            hostnames: only(hostnames),
            origins: only(origins),
            any_host: hostnames.contains(&Allow::Any),
            any_origin: origins.contains(&Allow::Any),
        }
    }
}

/// Checks one `--allowed-hostname` value: a DNS name or IP address, optionally with a port.
pub(crate) fn parse_hostname(input: &str) -> Result<String, String> {
    let value = input.trim().to_ascii_lowercase();
    let bare = value.strip_suffix('.').unwrap_or(&value);
    let authority = http::uri::Authority::try_from(bare).map_err(|_| {
        format!(
            "'{}' is not a host name (example: mcp.example.com or 10.0.0.5:8000)",
            input.trim()
        )
    })?;
    let host = authority.host();
    let valid_chars = host
        .trim_matches(['[', ']'])
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if host.is_empty() || !valid_chars || authority.as_str().contains('@') {
        return Err(format!(
            "'{}' is not a host name (example: mcp.example.com or 10.0.0.5:8000)",
            input.trim()
        ));
    }
    Ok(authority.as_str().to_owned())
}

/// Checks one `--allowed-origin` value and writes it with an explicit port, the form rmcp
/// matches exactly: `https://app.example.com` becomes `https://app.example.com:443`.
pub(crate) fn parse_origin(input: &str) -> Result<String, String> {
    let value = input.trim();
    let example = "give scheme://host[:port], e.g. https://app.example.com or http://localhost:3000";
    let lowered = value.to_ascii_lowercase();
    if lowered == "null" {
        return Ok(lowered);
    }
    let (body, any_port) = match lowered.strip_suffix(":*") {
        Some(body) => (body, true),
        None => (lowered.as_str(), false),
    };
    let body = body.strip_suffix('/').unwrap_or(body);
    let uri: http::Uri = body
        .parse()
        .map_err(|_| format!("'{value}' is not an origin; {example}"))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(format!("'{value}' is not an origin; {example}"));
    };
    let default_port = match scheme {
        "https" => 443,
        "http" => 80,
        _ => return Err(format!("'{value}' is not an http or https origin; {example}")),
    };
    if uri.path_and_query().is_some_and(|p| p.as_str() != "/") || authority.as_str().contains('@') {
        return Err(format!(
            "'{value}' has a path or credentials; an origin is only scheme://host[:port]"
        ));
    }
    let host = authority.host();
    Ok(match (any_port, authority.port_u16()) {
        (true, None) => format!("{scheme}://{host}:*"),
        (true, Some(_)) => return Err(format!("'{value}' names a port and ':*'; keep one")),
        (false, port) => format!("{scheme}://{host}:{}", port.unwrap_or(default_port)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_get_an_explicit_port_so_only_that_port_matches() {
        assert_eq!(
            parse_origin("https://App.Example.com").unwrap(),
            "https://app.example.com:443"
        );
        assert_eq!(
            parse_origin("http://localhost:3000/").unwrap(),
            "http://localhost:3000"
        );
        assert_eq!(parse_origin("http://[::1]:*").unwrap(), "http://[::1]:*");
        assert_eq!(parse_origin("null").unwrap(), "null");
    }

    #[test]
    fn malformed_origins_are_explained() {
        assert!(
            parse_origin("app.example.com")
                .unwrap_err()
                .contains("scheme://host")
        );
        assert!(
            parse_origin("ftp://x.example")
                .unwrap_err()
                .contains("http or https")
        );
        assert!(
            parse_origin("https://x.example/app")
                .unwrap_err()
                .contains("path")
        );
        assert!(parse_origin("https://x.example:8443:*").is_err());
    }

    #[test]
    fn host_names_may_carry_a_port_and_nothing_else() {
        assert_eq!(parse_hostname(" MCP.example.com ").unwrap(), "mcp.example.com");
        assert_eq!(parse_hostname("10.0.0.5:8000").unwrap(), "10.0.0.5:8000");
        assert_eq!(parse_hostname("[fd00::1]").unwrap(), "[fd00::1]");
        assert!(parse_hostname("https://mcp.example.com").is_err());
        assert!(parse_hostname("user@host").is_err());
        assert!(parse_hostname("my host").is_err());
    }

    #[test]
    fn loopback_entries_always_come_first() {
        let policy = OriginPolicy {
            hostnames: vec!["mcp.example.com".into()],
            ..Default::default()
        };
        assert_eq!(
            policy.allowed_hosts(),
            vec!["localhost", "127.0.0.1", "::1", "mcp.example.com"]
        );
        assert_eq!(policy.allowed_origins().len(), LOOPBACK_ORIGINS.len());
    }
}
