//! The command line, as the seed defines it, plus our additions.

use clap::Parser;
use std::path::PathBuf;

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
    Flags win over the environment, which wins over the .env file.";

/// Raw command-line and environment input, before validation.
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
        short = 't',
        long = "transport",
        env = "MISTMCP_TRANSPORT_MODE",
        value_name = "MODE"
    )]
    pub transport: Option<String>,

    /// Tool loading mode: managed (default), all, custom
    #[arg(
        short = 'm',
        long = "mode",
        env = "MISTMCP_TOOL_LOADING_MODE",
        value_name = "MODE"
    )]
    pub mode: Option<String>,

    /// Comma-separated tool categories (for custom mode)
    #[arg(
        short = 'c',
        long = "categories",
        env = "MISTMCP_TOOL_CATEGORIES",
        value_name = "LIST"
    )]
    pub categories: Option<String>,

    /// HTTP server host (default: 127.0.0.1)
    #[arg(long = "host", env = "MISTMCP_HOST", value_name = "HOST")]
    pub host: Option<String>,

    /// HTTP server port (default: 8000)
    #[arg(long = "port", env = "MISTMCP_PORT", value_name = "PORT")]
    pub port: Option<String>,

    /// Path to .env file with MIST_APITOKEN and MIST_HOST
    #[arg(short = 'e', long = "env-file", env = "MIST_ENV_FILE", value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Enable debug output (logs go to stderr)
    #[arg(short = 'd', long = "debug", env = "MISTMCP_DEBUG", value_name = "BOOL",
          num_args = 0..=1, default_missing_value = "true")]
    pub debug: Option<String>,

    /// Allow Mist API calls to a host outside the Mist clouds (a proxy, the simulator);
    /// repeatable. HOST alone allows any port. (Where Mist calls go; who may call this server
    /// is --allowed-hostname.)
    #[arg(
        long = "allow-host",
        env = "MISTMCP_ALLOWED_HOSTS",
        value_name = "HOST[:PORT]",
        value_delimiter = ','
    )]
    pub allow_host: Vec<String>,

    /// Seconds to wait for one Mist API answer (default: 30)
    #[arg(
        long = "request-timeout",
        env = "MISTMCP_REQUEST_TIMEOUT",
        value_name = "SECONDS"
    )]
    pub request_timeout: Option<String>,

    /// Run against a built-in simulated Mist cloud (no token or host needed)
    #[arg(long = "demo")]
    pub demo: bool,

    /// HTTP: a host name clients use to reach this server (checked against the Host header to
    /// block DNS rebinding); repeatable. Loopback names are always accepted; required when
    /// --host is not a loopback address. Not to be confused with --allow-host (Mist upstreams).
    #[arg(
        long = "allowed-hostname",
        env = "MISTMCP_ALLOWED_HOSTNAMES",
        value_name = "NAME[:PORT]",
        value_delimiter = ','
    )]
    pub allowed_hostname: Vec<String>,

    /// HTTP: a browser origin allowed to call this server (e.g. https://app.example.com);
    /// repeatable. Loopback origins and requests without Origin are always accepted.
    #[arg(
        long = "allowed-origin",
        env = "MISTMCP_ALLOWED_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allowed_origin: Vec<String>,

    /// HTTP: minutes of inactivity after which a session ends (default: 60)
    #[arg(
        long = "session-timeout",
        env = "MISTMCP_SESSION_TIMEOUT",
        value_name = "MINUTES"
    )]
    pub session_timeout: Option<String>,

    /// HTTP: seconds of inactivity after which a session's in-memory machinery is released
    /// (the session itself lives on and resumes on its next request; default: 60)
    #[arg(
        long = "session-park-after",
        env = "MISTMCP_SESSION_PARK_AFTER",
        value_name = "SECONDS",
        hide = true
    )]
    pub session_park_after: Option<String>,

    #[command(flatten)]
    pub client: crate::config::client::ClientArgs,
}
