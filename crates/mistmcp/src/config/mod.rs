//! One validated [`Config`] from flags, environment and `.env` file.
//!
//! Precedence is flag > environment > `.env` file. Every mistake is reported as one line that
//! names the setting and how to fix it, before anything starts.

pub(crate) mod cli;
pub(crate) mod client;
pub(crate) mod command;
pub(crate) mod env_file;
pub(crate) mod http_limits;
pub(crate) mod origins;
pub(crate) mod settings;
pub(crate) mod shared;
pub(crate) mod values;
pub(crate) mod writes;

use clap::Parser;
use cli::Cli;
use mist_client::{ApiToken, HostPolicy, MistBase};
use mistmcp_engine::{CategorySet, ToolMode};
use origins::OriginPolicy;
use std::net::IpAddr;
use std::time::Duration;
use values::{all_given, given};

/// How clients reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// One client on standard input and output (the default).
    Stdio,
    /// Streamable HTTP at `/mcp`, for many clients.
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

/// The server's whole configuration, from flags, environment and `.env`, validated once.
#[derive(Debug, Clone)]
pub struct Config {
    /// How clients reach the server.
    pub transport: Transport,
    /// How tools are offered: managed, all or custom.
    pub mode: ToolMode,
    /// Categories enabled at start (custom mode; the initial set in managed mode).
    pub categories: CategorySet,
    /// The address the HTTP server listens on (loopback unless the operator says otherwise).
    pub bind_host: IpAddr,
    /// The HTTP port.
    pub port: u16,
    /// Debug logging (`--debug`).
    pub debug: bool,
    /// The Mist hosts calls may reach.
    pub hosts: HostPolicy,
    /// Where Mist calls go and with which credentials.
    pub upstream: Upstream,
    /// How long one Mist API request may take.
    pub request_timeout: Duration,
    /// The Mist client's budget, retries, cache and answer limits.
    pub client: client::ClientOptions,
    /// Warnings to log once logging is set up (e.g. an ignored setting).
    pub warnings: Vec<String>,
    /// The HTTP transport's sessions, limits and origins.
    pub http: HttpOptions,
    /// State shared with other replicas (Redis), and the cursor key.
    pub shared: shared::SharedOptions,
    /// The write switches: off unless the operator turns them on.
    pub writes: writes::WriteOptions,
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
    /// Time-outs, connection cap and body limit against slow or greedy peers.
    pub limits: http_limits::HttpLimits,
}

/// A configuration mistake, as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn err<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(message.into()))
}

/// The seed's defaults, each in one place.
const DEFAULT_PORT: u16 = 8000;
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_SESSION_TIMEOUT: Duration = Duration::from_secs(60 * 60);
const DEFAULT_PARK_AFTER: Duration = Duration::from_secs(60);

impl Config {
    /// Reads the command line and the environment into a configuration. Help, version and
    /// usage mistakes (an unknown flag) are clap's to print, and it exits; every mistake in a
    /// value is one line naming the flag and the variable (`settings::describe`).
    pub fn from_args<I, T>(args: I, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Config::from_cli(Config::parse_cli(args)?, env)
    }

    /// Parses the command line alone (a subcommand reads it before any rule between settings
    /// applies); help, version and usage mistakes are clap's to print, and it exits.
    pub fn parse_cli<I, T>(args: I) -> Result<Cli, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        match Cli::try_parse_from(args) {
            Ok(cli) => Ok(cli),
            Err(e) => match settings::describe(&e) {
                Some(line) => err(line),
                None => e.exit(),
            },
        }
    }

    /// Applies the rules between settings to parsed flags; `env` reads the variables clap does
    /// not own (`MIST_APITOKEN`, `MIST_HOST`), so tests can supply their own environment.
    pub fn from_cli(cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut warnings = Vec::new();
        let transport = given(&cli.transport).unwrap_or(Transport::Stdio);
        let ToolScope {
            mode,
            categories,
            warning,
        } = ToolScope::of(&cli)?;
        warnings.extend(warning);
        let bind_host = given(&cli.host).unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let hosts = HostPolicy::new(all_given(&cli.allow_host));
        let upstream = upstream(&cli, transport, &hosts, env)?;
        let http = http_options(&cli, transport, bind_host)?;
        let shared = shared::resolve(&cli.shared)?;
        if transport == Transport::Stdio && shared.redis_url.is_some() {
            warnings.push("--redis-url is ignored with stdio: one client, nothing to share".into());
        }
        let writes = writes::resolve(&cli.writes, &mut warnings);
        Ok(Config {
            transport,
            mode,
            categories,
            bind_host,
            port: given(&cli.port).unwrap_or(DEFAULT_PORT),
            debug: given(&cli.debug).unwrap_or(false),
            hosts,
            upstream,
            request_timeout: given(&cli.request_timeout).unwrap_or(DEFAULT_REQUEST_TIMEOUT),
            client: client::resolve(&cli.client),
            warnings,
            http,
            shared,
            writes,
        })
    }
}

/// The tools the flags put within reach: the mode and its starting categories. Subcommands
/// that need no Mist token (`tools`) read this alone.
#[derive(Debug, Clone)]
pub(crate) struct ToolScope {
    pub mode: ToolMode,
    pub categories: CategorySet,
    /// Why a given setting has no effect, to log once logging is set up.
    pub warning: Option<String>,
}

impl ToolScope {
    pub(crate) fn of(cli: &Cli) -> Result<ToolScope, ConfigError> {
        let mode = given(&cli.mode).unwrap_or_default();
        let named = given(&cli.categories);
        let warning = (mode == ToolMode::All && named.is_some_and(|c| !c.is_empty()))
            .then(|| "--categories is ignored in all mode: every category is enabled".to_owned());
        let categories = mode
            .starting_categories(mist_catalog::categories(), named, CategorySet::EMPTY)
            .or_else(|_| {
                err(format!(
                    "custom mode needs categories: add {} with e.g. orgs,sites; run with --help to see them all",
                    settings::named("categories")
                ))
            })?;
        Ok(ToolScope {
            mode,
            categories,
            warning,
        })
    }
}

/// Where Mist calls go: the simulator, the credentials of the environment (stdio), or those of
/// each HTTP request.
fn upstream(
    cli: &Cli,
    transport: Transport,
    hosts: &HostPolicy,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Upstream, ConfigError> {
    if cli.demo {
        return Ok(Upstream::Demo);
    }
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
    if transport == Transport::Http {
        return Ok(Upstream::PerRequest { default_base: base });
    }
    let Some(raw) = lookup("MIST_APITOKEN") else {
        return err(format!(
            "no Mist API token: set MIST_APITOKEN in the environment or in a .env file given with {}; \
             or run with --demo to try the simulated cloud",
            settings::named("env_file")
        ));
    };
    let token = ApiToken::new(&raw).map_err(|e| ConfigError(format!("MIST_APITOKEN: {e}")))?;
    let Some(base) = base else {
        return err(
            "no Mist host: set MIST_HOST (e.g. api.mist.com, api.eu.mist.com) in the environment \
             or in the .env file; or run with --demo",
        );
    };
    Ok(Upstream::Fixed { base, token })
}

fn http_options(cli: &Cli, transport: Transport, bind_host: IpAddr) -> Result<HttpOptions, ConfigError> {
    let origins =
        OriginPolicy::from_entries(&all_given(&cli.allowed_hostname), &all_given(&cli.allowed_origin));
    if transport == Transport::Http
        && !bind_host.is_loopback()
        && origins.hostnames.is_empty()
        && !origins.any_host
    {
        return err(format!(
            "--host {bind_host} makes the server reachable from other machines: name the host names clients \
             use to reach it with {} (e.g. --allowed-hostname mcp.example.com); this check blocks DNS rebinding",
            settings::named("allowed_hostname")
        ));
    }
    Ok(HttpOptions {
        origins,
        session_timeout: given(&cli.session_timeout).unwrap_or(DEFAULT_SESSION_TIMEOUT),
        park_after: given(&cli.session_park_after).unwrap_or(DEFAULT_PARK_AFTER),
        limits: http_limits::resolve(&cli.http_limits),
    })
}

#[cfg(test)]
mod tests;
