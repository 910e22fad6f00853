//! One validated [`Config`] from flags, environment and `.env` file.
//!
//! Precedence is flag > environment > `.env` file. Every mistake is reported as one line that
//! names the setting and how to fix it, before anything starts.

pub mod cli;
pub mod client;
pub mod env_file;
pub mod origins;

use crate::config::origins::{self as origin, OriginPolicy};
use crate::mist::{AllowedHost, ApiToken, HostPolicy, MistBase};
use crate::surface::categories::parse_list;
use crate::surface::{CategorySet, ToolMode};
use cli::Cli;
use std::net::IpAddr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Stdio,
    Http,
}

/// Where Mist calls go and with which credentials.
#[derive(Debug, Clone)]
pub enum Upstream {
    /// The built-in simulator, started in-process.
    Demo,
    /// One cloud and one token for the whole process (stdio).
    Fixed { base: MistBase, token: ApiToken },
    /// Each HTTP request brings its token; the cloud comes from `?cloud=` or this default.
    PerRequest { default_base: Option<MistBase> },
}

#[derive(Debug, Clone)]
pub struct Config {
    pub transport: Transport,
    pub mode: ToolMode,
    /// Categories enabled at start (custom mode; the initial set in managed mode).
    pub categories: CategorySet,
    pub bind_host: IpAddr,
    pub port: u16,
    pub debug: bool,
    pub hosts: HostPolicy,
    pub upstream: Upstream,
    /// How long one Mist API request may take.
    pub request_timeout: Duration,
    pub client: client::ClientOptions,
    /// Warnings to log once logging is set up (e.g. an ignored setting).
    pub warnings: Vec<String>,
    pub http: HttpOptions,
}

/// Settings that only the HTTP transport uses.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Which Host and Origin headers are accepted besides the loopback ones.
    pub origins: OriginPolicy,
    /// Idle time after which a session (or a stateless caller's kept categories) is dropped.
    pub session_timeout: Duration,
    /// Idle time after which a session's in-memory machinery is released (it resumes later).
    pub park_after: Duration,
}

/// A configuration mistake, as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn err<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(message.into()))
}

impl Config {
    /// Validates parsed flags; `env` reads variables clap does not own (`MIST_APITOKEN`,
    /// `MIST_HOST`), so tests can supply their own environment.
    pub fn from_cli(cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let catalog = mist_catalog::catalog();
        let mut warnings = Vec::new();

        let transport = match cli.transport.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
            None => Transport::Stdio,
            Some(t) if t == "stdio" => Transport::Stdio,
            Some(t) if t == "http" || t == "streamable-http" => Transport::Http,
            Some(t) => {
                return err(format!(
                    "unknown transport '{t}' (from --transport or MISTMCP_TRANSPORT_MODE); valid: stdio, http"
                ));
            }
        };
        let mode = match cli.mode.as_deref() {
            None => ToolMode::Managed,
            Some(m) => m
                .parse::<ToolMode>()
                .map_err(|e| ConfigError(format!("{e} (from --mode or MISTMCP_TOOL_LOADING_MODE)")))?,
        };
        let categories = match cli.categories.as_deref() {
            None => CategorySet::EMPTY,
            Some(list) => parse_list(catalog, [list])
                .map_err(|e| ConfigError(format!("{e} (from --categories or MISTMCP_TOOL_CATEGORIES)")))?,
        };
        let categories = match mode {
            ToolMode::Custom if categories.is_empty() => {
                return err(
                    "custom mode needs categories: add --categories orgs,sites (or set MISTMCP_TOOL_CATEGORIES); \
                     run with --help to see them all",
                );
            }
            ToolMode::All => {
                if !categories.is_empty() {
                    warnings.push("--categories is ignored in all mode: every category is enabled".into());
                }
                CategorySet::all(catalog)
            }
            _ => categories,
        };

        let bind_host = match cli.host.as_deref().map(str::trim) {
            None | Some("") => IpAddr::from([127, 0, 0, 1]),
            Some("localhost") => IpAddr::from([127, 0, 0, 1]),
            Some(h) => h.trim_matches(['[', ']']).parse::<IpAddr>().map_err(|_| {
                ConfigError(format!(
                    "invalid bind address '{h}' (from --host or MISTMCP_HOST); give an IP address such as 127.0.0.1 or 0.0.0.0"
                ))
            })?,
        };
        let port = match cli.port.as_deref().map(str::trim) {
            None | Some("") => 8000,
            Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
                ConfigError(format!(
                    "invalid port '{p}' (from --port or MISTMCP_PORT); expected a number from 1 to 65535"
                ))
            })?,
        };
        let debug = match cli.debug.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
            None => false,
            Some(v) => match v.as_str() {
                "" | "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" => false,
                _ => {
                    return err(format!(
                        "invalid debug value '{v}' (from --debug or MISTMCP_DEBUG); use true or false"
                    ));
                }
            },
        };

        let request_timeout = match cli.request_timeout.as_deref().map(str::trim) {
            None | Some("") => Duration::from_secs(30),
            Some(t) => t
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    ConfigError(format!(
                        "invalid request timeout '{t}' (from --request-timeout or MISTMCP_REQUEST_TIMEOUT); expected seconds, from 0.1 to 3600"
                    ))
                })?,
        };

        let mut hosts = HostPolicy::default();
        for entry in cli.allow_host.iter().filter(|e| !e.trim().is_empty()) {
            let allowed = AllowedHost::parse(entry)
                .map_err(|e| ConfigError(format!("{e} (from --allow-host or MISTMCP_ALLOWED_HOSTS)")))?;
            hosts.allow(allowed);
        }

        let upstream = if cli.demo {
            Upstream::Demo
        } else {
            let file = match &cli.env_file {
                Some(path) => env_file::read(path).map_err(ConfigError)?,
                None => Default::default(),
            };
            let lookup = |key: &str| {
                env(key)
                    .filter(|v| !v.trim().is_empty())
                    .or_else(|| file.get(key).cloned())
            };
            let base = lookup("MIST_HOST")
                .map(|h| {
                    hosts
                        .resolve(&h)
                        .map_err(|e| ConfigError(format!("MIST_HOST: {e}")))
                })
                .transpose()?;
            match transport {
                Transport::Http => Upstream::PerRequest { default_base: base },
                Transport::Stdio => {
                    let Some(raw) = lookup("MIST_APITOKEN") else {
                        return err(
                            "no Mist API token: set MIST_APITOKEN in the environment or in a .env file given with \
                             --env-file (or MIST_ENV_FILE); or run with --demo to try the simulated cloud",
                        );
                    };
                    let token =
                        ApiToken::new(&raw).map_err(|e| ConfigError(format!("MIST_APITOKEN: {e}")))?;
                    let Some(base) = base else {
                        return err(
                            "no Mist host: set MIST_HOST (e.g. api.mist.com, api.eu.mist.com) in the environment \
                             or in the .env file; or run with --demo",
                        );
                    };
                    Upstream::Fixed { base, token }
                }
            }
        };

        let http = http_options(&cli, transport, bind_host)?;

        let client = client::resolve(&cli.client)?;
        Ok(Config {
            transport,
            mode,
            categories,
            bind_host,
            port,
            debug,
            hosts,
            upstream,
            request_timeout,
            client,
            warnings,
            http,
        })
    }
}

fn http_options(cli: &Cli, transport: Transport, bind_host: IpAddr) -> Result<HttpOptions, ConfigError> {
    let mut origins = OriginPolicy::default();
    for entry in cli
        .allowed_hostname
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
    {
        if entry == "*" {
            origins.any_host = true;
            continue;
        }
        let name = origin::parse_hostname(entry).map_err(|e| {
            ConfigError(format!(
                "{e} (from --allowed-hostname or MISTMCP_ALLOWED_HOSTNAMES)"
            ))
        })?;
        origins.hostnames.push(name);
    }
    for entry in cli
        .allowed_origin
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
    {
        if entry == "*" {
            origins.any_origin = true;
            continue;
        }
        let allowed = origin::parse_origin(entry)
            .map_err(|e| ConfigError(format!("{e} (from --allowed-origin or MISTMCP_ALLOWED_ORIGINS)")))?;
        origins.origins.push(allowed);
    }
    if transport == Transport::Http
        && !bind_host.is_loopback()
        && origins.hostnames.is_empty()
        && !origins.any_host
    {
        return err(format!(
            "--host {bind_host} makes the server reachable from other machines: name the host names clients \
             use to reach it with --allowed-hostname (e.g. --allowed-hostname mcp.example.com, or \
             MISTMCP_ALLOWED_HOSTNAMES); this check blocks DNS rebinding"
        ));
    }
    let session_timeout = match cli.session_timeout.as_deref().map(str::trim) {
        None | Some("") => Duration::from_secs(60 * 60),
        Some(t) => t
            .parse::<f64>()
            .ok()
            .filter(|m| m.is_finite() && *m > 0.0 && *m <= 7.0 * 24.0 * 60.0)
            .map(|m| Duration::from_secs_f64(m * 60.0))
            .ok_or_else(|| {
                ConfigError(format!(
                    "invalid session timeout '{t}' (from --session-timeout or MISTMCP_SESSION_TIMEOUT); \
                     expected minutes, more than 0 and at most 10080 (a week)"
                ))
            })?,
    };
    let park_after = match cli.session_park_after.as_deref().map(str::trim) {
        None | Some("") => Duration::from_secs(60),
        Some(t) => t
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.1 && *s <= 86_400.0)
            .map(Duration::from_secs_f64)
            .ok_or_else(|| {
                ConfigError(format!(
                    "invalid park time '{t}' (from --session-park-after or MISTMCP_SESSION_PARK_AFTER); \
                     expected seconds, from 0.1 to 86400"
                ))
            })?,
    };
    Ok(HttpOptions {
        origins,
        session_timeout,
        park_after,
    })
}

#[cfg(test)]
mod tests;
