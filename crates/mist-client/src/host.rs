//! Where Mist API requests may go.
//!
//! A host is accepted only if it is one of the 12 Mist API clouds or one the operator named with
//! `--allow-host` / `MISTMCP_ALLOWED_HOSTS`. This keeps a per-request `cloud` parameter from
//! turning the server into a proxy towards internal addresses. Plain `http://` is accepted only
//! for allowed loopback hosts (the simulator, a local proxy).

use std::fmt;
use std::net::IpAddr;

/// The Mist API clouds: (API host, names people use for it).
pub(crate) const MIST_CLOUDS: [(&str, &str); 12] = [
    ("api.mist.com", "Global 01"),
    ("api.gc1.mist.com", "Global 02"),
    ("api.ac2.mist.com", "Global 03"),
    ("api.gc2.mist.com", "Global 04"),
    ("api.gc4.mist.com", "Global 05"),
    ("api.eu.mist.com", "EMEA 01"),
    ("api.gc3.mist.com", "EMEA 02"),
    ("api.ac6.mist.com", "EMEA 03"),
    ("api.gc6.mist.com", "EMEA 04"),
    ("api.ac5.mist.com", "APAC 01"),
    ("api.gc5.mist.com", "APAC 02"),
    ("api.gc7.mist.com", "APAC 03"),
];

/// How a host is spoken to: over TLS, or in plain http (allowed loopback hosts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scheme {
    /// TLS: every Mist cloud, and any host that is not loopback.
    Https,
    /// Plain http: an allowed loopback host such as the simulator.
    Http,
}

/// A validated origin for Mist API calls: scheme, host and port, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MistBase {
    scheme: Scheme,
    host: String,
    port: u16,
}

impl MistBase {
    /// The host name or IP address, lower-cased, without brackets or port.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, the scheme's own (443 or 80) when none was given.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The absolute URL of a path (which must start with `/`).
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{self}{path_and_query}")
    }
}

impl fmt::Display for MistBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, default_port) = match self.scheme {
            Scheme::Https => ("https", 443),
            Scheme::Http => ("http", 80),
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == default_port {
            write!(f, "{scheme}://{host}")
        } else {
            write!(f, "{scheme}://{host}:{}", self.port)
        }
    }
}

/// One operator-allowed host; without a port every port of that host is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    host: String,
    port: Option<u16>,
}

impl AllowedHost {
    /// Reads an operator's `--allow-host` value: `host`, `host:port`, `[v6]` or `[v6]:port`,
    /// with or without `http://` or `https://` and a trailing `/`. The scheme is not kept:
    /// plain http depends on the host being loopback, not on how it was allowed.
    pub fn parse(input: &str) -> Result<Self, HostError> {
        let trimmed = input.trim();
        let without_scheme = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .unwrap_or(trimmed)
            .trim_end_matches('/');
        let (host, port) =
            split_host_port(without_scheme).ok_or_else(|| HostError::Malformed(trimmed.to_owned()))?;
        Ok(Self { host, port })
    }

    fn admits(&self, host: &str, port: u16) -> bool {
        self.host == host && self.port.is_none_or(|p| p == port)
    }
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Why a host was refused; every message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    /// Not a host, `host:port` or `http(s)://` origin.
    #[error("'{0}' is not a host, host:port or https:// URL (example: api.mist.com)")]
    Malformed(String),
    /// An origin followed by a path, query or fragment, or carrying credentials.
    #[error("'{0}' has a path, query or credentials; give only the host, e.g. api.eu.mist.com")]
    NotAnOrigin(String),
    /// The Mist web portal (a `manage.` or `integration.` host), with the API host to use.
    #[error("'{0}' is the Mist web portal, not its API; use the API host {1} (e.g. MIST_HOST={1})")]
    Portal(String, String),
    /// Neither a Mist cloud nor a host the operator allowed.
    #[error(
        "'{0}' is not a Mist API cloud (known: {known}); to use another host such as a proxy or \
         the simulator, start the server with --allow-host {0} (or MISTMCP_ALLOWED_HOSTS)",
        known = known_clouds()
    )]
    NotAllowed(String),
    /// A Mist cloud asked for over plain http or on a port other than 443.
    #[error("Mist clouds are reached over https on port 443 only; '{0}' asks otherwise")]
    CloudTransport(String),
    /// Plain http to an allowed host that is not loopback, where the token would cross the
    /// network in clear.
    #[error("plain http:// is allowed only for allowed loopback hosts; use https:// for '{0}'")]
    InsecureRemote(String),
}

fn known_clouds() -> String {
    MIST_CLOUDS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(", ")
}

/// The operator's decision about which hosts requests may reach.
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    allowed: Vec<AllowedHost>,
}

impl HostPolicy {
    /// A policy admitting the Mist clouds and the `allowed` hosts.
    pub fn new(allowed: Vec<AllowedHost>) -> Self {
        Self { allowed }
    }

    /// Admits one more host besides those the policy was made with.
    pub fn allow(&mut self, host: AllowedHost) {
        self.allowed.push(host);
    }

    /// Parses `api.mist.com`, `api.mist.com:443`, `https://api.eu.mist.com`, a cloud's name
    /// (`EMEA 01`, `global01`) or an allowed host, and checks it against the policy.
    pub fn resolve(&self, input: &str) -> Result<MistBase, HostError> {
        let trimmed = input.trim();
        if let Some(host) = cloud_by_name(trimmed) {
            return Ok(MistBase {
                scheme: Scheme::Https,
                host: host.to_owned(),
                port: 443,
            });
        }
        let (explicit_scheme, rest) = if let Some(rest) = trimmed.strip_prefix("https://") {
            (Some(Scheme::Https), rest)
        } else if let Some(rest) = trimmed.strip_prefix("http://") {
            (Some(Scheme::Http), rest)
        } else if trimmed.contains("://") {
            return Err(HostError::Malformed(trimmed.to_owned()));
        } else {
            (None, trimmed)
        };
        let origin = rest.strip_suffix('/').unwrap_or(rest);
        if origin.contains(['/', '?', '#', '@']) {
            return Err(HostError::NotAnOrigin(trimmed.to_owned()));
        }
        let (host, port) = split_host_port(origin).ok_or_else(|| HostError::Malformed(trimmed.to_owned()))?;

        if MIST_CLOUDS.iter().any(|(h, _)| *h == host) {
            if explicit_scheme == Some(Scheme::Http) || port.is_some_and(|p| p != 443) {
                return Err(HostError::CloudTransport(trimmed.to_owned()));
            }
            return Ok(MistBase {
                scheme: Scheme::Https,
                host,
                port: 443,
            });
        }
        if let Some(api) = portal_to_api(&host) {
            return Err(HostError::Portal(host, api.to_owned()));
        }

        let loopback = is_loopback(&host);
        // Without a scheme, an allowed loopback host is assumed to be a local plain-http service.
        let scheme = explicit_scheme.unwrap_or(if loopback { Scheme::Http } else { Scheme::Https });
        let port = port.unwrap_or(match scheme {
            Scheme::Https => 443,
            Scheme::Http => 80,
        });
        if !self.allowed.iter().any(|a| a.admits(&host, port)) {
            let shown = if port == 443 || port == 80 {
                host
            } else {
                format!("{host}:{port}")
            };
            return Err(HostError::NotAllowed(shown));
        }
        if scheme == Scheme::Http && !loopback {
            return Err(HostError::InsecureRemote(trimmed.to_owned()));
        }
        Ok(MistBase { scheme, host, port })
    }
}

fn cloud_by_name(input: &str) -> Option<&'static str> {
    let squashed: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    MIST_CLOUDS.iter().find_map(|(host, name)| {
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (name == squashed).then_some(*host)
    })
}

/// `manage.mist.com` → `api.mist.com`, `manage.eu.mist.com` → `api.eu.mist.com`, and so on.
fn portal_to_api(host: &str) -> Option<&'static str> {
    let rest = host
        .strip_prefix("manage.")
        .or_else(|| host.strip_prefix("integration."))?;
    MIST_CLOUDS
        .iter()
        .map(|(h, _)| *h)
        .find(|api| api.strip_prefix("api.") == Some(rest))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`; the host comes back lower-cased.
fn split_host_port(input: &str) -> Option<(String, Option<u16>)> {
    if input.is_empty() {
        return None;
    }
    let (host, port) = if let Some(rest) = input.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match input.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host, Some(port)),
            Some(_) => (input, None),
            None => (input, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && url_accepts(host);
    valid.then(|| (host.to_ascii_lowercase(), port))
}

/// Whether the URL parser takes `host`: it is the final judge, since every request URL goes
/// through it, and it reads a name ending in a number (`..4`, `a.4`) as a malformed IPv4
/// address (found by fuzzing).
fn url_accepts(host: &str) -> bool {
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    url::Url::parse(&format!("http://{host}/")).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_the_url_parser_refuses_is_malformed() {
        for text in ["..4", "a.4", "..4:8080"] {
            assert!(
                matches!(AllowedHost::parse(text), Err(HostError::Malformed(_))),
                "{text}"
            );
        }
        assert!(AllowedHost::parse("127.0.0.1:9").is_ok());
        assert!(AllowedHost::parse("[::1]:9").is_ok());
        assert!(AllowedHost::parse("mist-proxy.internal").is_ok());
    }

    fn policy(allowed: &[&str]) -> HostPolicy {
        HostPolicy::new(allowed.iter().map(|a| AllowedHost::parse(a).unwrap()).collect())
    }

    #[test]
    fn every_mist_cloud_is_accepted_in_each_spelling() {
        let p = HostPolicy::default();
        for (host, name) in MIST_CLOUDS {
            let expected = format!("https://{host}");
            assert_eq!(p.resolve(host).unwrap().to_string(), expected);
            assert_eq!(
                p.resolve(&format!("https://{host}/")).unwrap().to_string(),
                expected
            );
            assert_eq!(p.resolve(&format!("{host}:443")).unwrap().to_string(), expected);
            assert_eq!(p.resolve(name).unwrap().to_string(), expected);
        }
        assert_eq!(p.resolve("emea-01").unwrap().host(), "api.eu.mist.com");
        assert_eq!(p.resolve(" API.MIST.COM ").unwrap().host(), "api.mist.com");
    }

    #[test]
    fn hosts_outside_the_clouds_are_refused_with_the_flag_to_allow_them() {
        let err = HostPolicy::default().resolve("169.254.169.254").unwrap_err();
        assert!(matches!(err, HostError::NotAllowed(_)));
        assert!(err.to_string().contains("--allow-host 169.254.169.254"));
        let err = HostPolicy::default()
            .resolve("http://127.0.0.1:8090")
            .unwrap_err();
        assert!(err.to_string().contains("--allow-host 127.0.0.1:8090"));
    }

    #[test]
    fn allowed_loopback_hosts_may_use_plain_http() {
        let p = policy(&["127.0.0.1"]);
        assert_eq!(
            p.resolve("http://127.0.0.1:8090").unwrap().to_string(),
            "http://127.0.0.1:8090"
        );
        assert_eq!(
            p.resolve("127.0.0.1:9").unwrap().to_string(),
            "http://127.0.0.1:9"
        );
    }

    #[test]
    fn an_allowed_port_admits_only_that_port() {
        let p = policy(&["localhost:8090"]);
        assert!(p.resolve("http://localhost:8090").is_ok());
        assert!(matches!(
            p.resolve("http://localhost:8091"),
            Err(HostError::NotAllowed(_))
        ));
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused_even_when_allowed() {
        let p = policy(&["proxy.example.net"]);
        assert!(p.resolve("https://proxy.example.net").is_ok());
        assert!(matches!(
            p.resolve("http://proxy.example.net"),
            Err(HostError::InsecureRemote(_))
        ));
    }

    #[test]
    fn clouds_refuse_http_and_other_ports() {
        let p = HostPolicy::default();
        assert!(matches!(
            p.resolve("http://api.mist.com"),
            Err(HostError::CloudTransport(_))
        ));
        assert!(matches!(
            p.resolve("api.mist.com:8443"),
            Err(HostError::CloudTransport(_))
        ));
    }

    #[test]
    fn paths_credentials_and_portal_hosts_get_specific_errors() {
        let p = HostPolicy::default();
        assert!(matches!(
            p.resolve("https://api.mist.com/api/v1"),
            Err(HostError::NotAnOrigin(_))
        ));
        assert!(matches!(
            p.resolve("https://u:p@api.mist.com"),
            Err(HostError::NotAnOrigin(_))
        ));
        let err = p.resolve("manage.eu.mist.com").unwrap_err();
        assert!(err.to_string().contains("api.eu.mist.com"));
        assert!(matches!(p.resolve(""), Err(HostError::Malformed(_))));
        assert!(matches!(p.resolve("ftp://x"), Err(HostError::Malformed(_))));
        assert!(matches!(
            p.resolve("api.mist.com:0"),
            Err(HostError::Malformed(_))
        ));
    }

    #[test]
    fn ipv6_loopback_is_understood() {
        let p = policy(&["::1"]);
        assert_eq!(
            p.resolve("http://[::1]:8090").unwrap().to_string(),
            "http://[::1]:8090"
        );
    }
}
