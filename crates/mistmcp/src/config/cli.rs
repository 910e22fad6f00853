//! The command line, as the seed defines it, plus our additions.

use super::Transport;
use super::origins::{self, Allow};
use super::values::{self, Given, blank_or};
use clap::Parser;
use mist_client::AllowedHost;
use mistmcp_engine::parse_names;
use mistmcp_engine::{CategorySet, ToolMode};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: &str = "\
EXAMPLES:
    mistmcp --demo                                 # Try it: simulated Mist cloud, no token needed
    mistmcp                                        # Default: stdio + managed mode
    mistmcp --mode all --debug                     # All tools with debug
    mistmcp --transport http --host 0.0.0.0 --allowed-hostname mcp.example.com
                                                   # HTTP on all interfaces, reached as mcp.example.com
    mistmcp --mode custom --categories orgs,sites

ENVIRONMENT:
    MIST_APITOKEN, MIST_HOST          Mist credentials (stdio), also read from the --env-file
    MIST_ENV_FILE                     .env file with MIST_APITOKEN / MIST_HOST
    MISTMCP_TRANSPORT_MODE, MISTMCP_TOOL_LOADING_MODE, MISTMCP_TOOL_CATEGORIES,
    MISTMCP_HOST, MISTMCP_PORT, MISTMCP_DEBUG, MISTMCP_ALLOWED_HOSTS
    MISTMCP_ALLOWED_HOSTNAMES, MISTMCP_ALLOWED_ORIGINS, MISTMCP_SESSION_TIMEOUT (HTTP)
    MISTMCP_REDIS_URL, MISTMCP_CURSOR_KEY, MISTMCP_SHARED_CACHE (replicas sharing state)
    MISTMCP_ENABLE_WRITE_TOOLS, MISTMCP_ENABLE_DELETE_TOOLS, MISTMCP_CONFIRM_WRITES, MISTMCP_AUDIT_LOG
    Flags win over the environment, which wins over the .env file.";

/// The command line and its environment variables, each value parsed to its type; the rules
/// between settings are [`super::Config::from_cli`]'s.
#[derive(Debug, Parser)]
#[command(
    name = "mistmcp",
    version,
    about = "MCP server for the Juniper Mist cloud API (read-only tools for orgs, sites, devices, clients, SLEs...)",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Transport mode: stdio (default) or http
    #[arg(
        global = true,
        short = 't',
        long = "transport",
        env = "MISTMCP_TRANSPORT_MODE",
        value_name = "MODE",
        value_parser = blank_or(transport)
    )]
    pub transport: Option<Given<Transport>>,

    /// Tool loading mode: managed (default), all, custom
    #[arg(
        global = true,
        short = 'm',
        long = "mode",
        env = "MISTMCP_TOOL_LOADING_MODE",
        value_name = "MODE",
        value_parser = blank_or(mode)
    )]
    pub mode: Option<Given<ToolMode>>,

    /// Comma-separated tool categories (for custom mode)
    #[arg(
        global = true,
        short = 'c',
        long = "categories",
        env = "MISTMCP_TOOL_CATEGORIES",
        value_name = "LIST",
        value_parser = blank_or(categories)
    )]
    pub categories: Option<Given<CategorySet>>,

    /// HTTP server host (default: 127.0.0.1)
    #[arg(global = true, long = "host", env = "MISTMCP_HOST", value_name = "HOST", value_parser = blank_or(values::bind_address))]
    pub host: Option<Given<IpAddr>>,

    /// HTTP server port (default: 8000)
    #[arg(global = true, long = "port", env = "MISTMCP_PORT", value_name = "PORT", value_parser = blank_or(values::port))]
    pub port: Option<Given<u16>>,

    /// Path to .env file with MIST_APITOKEN and MIST_HOST
    #[arg(
        global = true,
        short = 'e',
        long = "env-file",
        env = "MIST_ENV_FILE",
        value_name = "PATH"
    )]
    pub env_file: Option<PathBuf>,

    /// Enable debug output (logs go to stderr)
    #[arg(global = true, short = 'd', long = "debug", env = "MISTMCP_DEBUG", value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub debug: Option<Given<bool>>,

    /// Allow Mist API calls to a host outside the Mist clouds (a proxy, the simulator);
    /// repeatable. HOST alone allows any port. (Where Mist calls go; who may call this server
    /// is --allowed-hostname.)
    #[arg(
        global = true,
        long = "allow-host",
        env = "MISTMCP_ALLOWED_HOSTS",
        value_name = "HOST[:PORT]",
        value_delimiter = ',',
        value_parser = blank_or(values::allowed_host)
    )]
    pub allow_host: Vec<Given<AllowedHost>>,

    /// Seconds to wait for one Mist API answer (default: 30)
    #[arg(
        global = true,
        long = "request-timeout",
        env = "MISTMCP_REQUEST_TIMEOUT",
        value_name = "SECONDS",
        value_parser = blank_or(values::seconds(0.1..=3600.0))
    )]
    pub request_timeout: Option<Given<Duration>>,

    /// Run against a built-in simulated Mist cloud (no token or host needed)
    #[arg(global = true, long = "demo")]
    pub demo: bool,

    /// HTTP: a host name clients use to reach this server (checked against the Host header to
    /// block DNS rebinding); repeatable. Loopback names are always accepted; required when
    /// --host is not a loopback address. Not to be confused with --allow-host (Mist upstreams).
    #[arg(
        global = true,
        long = "allowed-hostname",
        env = "MISTMCP_ALLOWED_HOSTNAMES",
        value_name = "NAME[:PORT]",
        value_delimiter = ',',
        value_parser = blank_or(origins::hostname_entry)
    )]
    pub allowed_hostname: Vec<Given<Allow>>,

    /// HTTP: a browser origin allowed to call this server (e.g. `https://app.example.com`);
    /// repeatable. Loopback origins and requests without Origin are always accepted.
    #[arg(
        global = true,
        long = "allowed-origin",
        env = "MISTMCP_ALLOWED_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ',',
        value_parser = blank_or(origins::origin_entry)
    )]
    pub allowed_origin: Vec<Given<Allow>>,

    /// HTTP: minutes of inactivity after which a session ends (default: 60)
    #[arg(
        global = true,
        long = "session-timeout",
        env = "MISTMCP_SESSION_TIMEOUT",
        value_name = "MINUTES",
        value_parser = blank_or(values::minutes(7.0 * 24.0 * 60.0))
    )]
    pub session_timeout: Option<Given<Duration>>,

    /// HTTP: seconds of inactivity after which a session's in-memory machinery is released
    /// (the session itself lives on and resumes on its next request; default: 60)
    #[arg(
        global = true,
        long = "session-park-after",
        env = "MISTMCP_SESSION_PARK_AFTER",
        value_name = "SECONDS",
        hide = true,
        value_parser = blank_or(values::seconds(0.1..=86_400.0))
    )]
    pub session_park_after: Option<Given<Duration>>,

    #[command(flatten)]
    pub client: crate::config::client::ClientArgs,

    #[command(flatten)]
    pub http_limits: crate::config::http_limits::HttpLimitArgs,

    #[command(flatten)]
    pub shared: crate::config::shared::SharedArgs,

    #[command(flatten)]
    pub writes: crate::config::writes::WriteArgs,

    /// A command for people at a terminal; without one, mistmcp serves MCP
    #[command(subcommand)]
    pub command: Option<super::command::Command>,
}

/// `stdio` or `http` (`streamable-http` is accepted for the seed's spelling).
fn transport(text: &str) -> Result<Transport, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "stdio" => Ok(Transport::Stdio),
        "http" | "streamable-http" => Ok(Transport::Http),
        _ => Err("valid transports: stdio, http".into()),
    }
}

fn mode(text: &str) -> Result<ToolMode, String> {
    text.parse::<ToolMode>()
        .map_err(|_| format!("valid modes: {}", ToolMode::NAMES.join(", ")))
}

fn categories(text: &str) -> Result<CategorySet, String> {
    // The head of the catalog alone: the tools are not parsed before the server is asked for them.
    parse_names(mist_catalog::categories(), [text]).map_err(|e| e.to_string())
}
