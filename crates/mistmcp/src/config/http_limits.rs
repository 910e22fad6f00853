//! Limits of the HTTP transport against slow, stalled or greedy peers: how long a request's
//! headers and body may take to arrive, how many connections are served at once, how large a
//! request body may be, and how many sessions are held at once, in all and per client address.
//!
//! Every limit is a flag with an environment variable beside it, parsed by [`super::values`];
//! a mistake is reported as one line naming the flag and the variable ([`super::settings`]).

use super::values::{self, Given, blank_or, given};
use std::time::Duration;

/// HTTP limits from flags and environment, each parsed to its type.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct HttpLimitArgs {
    /// HTTP: seconds a client may take to send a request's headers, and an idle connection
    /// may stay open between requests (default: 15)
    #[arg(global = true, long = "header-timeout", env = "MISTMCP_HEADER_TIMEOUT", value_name = "SECONDS",
          value_parser = blank_or(values::seconds(0.1..=3600.0)))]
    pub header_timeout: Option<Given<Duration>>,

    /// HTTP: seconds a client may take to send a request's body once its headers are in
    /// (default: 30)
    #[arg(global = true, long = "body-timeout", env = "MISTMCP_BODY_TIMEOUT", value_name = "SECONDS",
          value_parser = blank_or(values::seconds(0.1..=3600.0)))]
    pub body_timeout: Option<Given<Duration>>,

    /// HTTP: connections served at once; past it a client gets 503 with Retry-After, and
    /// /healthz still answers (default: 512)
    #[arg(global = true, long = "max-connections", env = "MISTMCP_MAX_CONNECTIONS", value_name = "N",
          value_parser = blank_or(values::whole(1..=1_000_000)))]
    pub max_connections: Option<Given<u64>>,

    /// HTTP: largest request body, in KB; a larger declared Content-Length is refused (413)
    /// before the body is read (default: 4096)
    #[arg(global = true, long = "max-request-kb", env = "MISTMCP_MAX_REQUEST_KB", value_name = "KB",
          value_parser = blank_or(values::whole(1..=1_048_576)))]
    pub max_request_kb: Option<Given<u64>>,

    /// HTTP: legacy sessions held at once (live or parked); past it a new session gets 503 with
    /// Retry-After (default: 4096)
    #[arg(global = true, long = "max-sessions", env = "MISTMCP_MAX_SESSIONS", value_name = "N",
          value_parser = blank_or(values::whole(1..=1_000_000)))]
    pub max_sessions: Option<Given<u64>>,

    /// HTTP: legacy sessions held at once for one client address (an IPv6 /64 counts as one);
    /// past it that address gets 503 with Retry-After for a new session (default: 256)
    #[arg(global = true, long = "max-sessions-per-client", env = "MISTMCP_MAX_SESSIONS_PER_CLIENT",
          value_name = "N", value_parser = blank_or(values::whole(1..=1_000_000)))]
    pub max_sessions_per_client: Option<Given<u64>>,
}

/// Validated HTTP limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub max_connections: usize,
    pub max_request_bytes: usize,
    /// Legacy sessions held at once, live or parked (a live one costs ~60 KB).
    pub max_sessions: usize,
    /// Legacy sessions held at once for one client address.
    pub max_sessions_per_client: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_request_bytes: 4 << 20,
            max_sessions: 4096,
            max_sessions_per_client: 256,
        }
    }
}

impl HttpLimits {
    /// Connections over the cap still served briefly, so that `/healthz` answers and the
    /// others hear 503 rather than a reset; past these too, a new one takes the oldest one's slot.
    pub fn overflow_connections(&self) -> usize {
        (self.max_connections / 4).max(16)
    }

    /// How long an overflow connection may take to send its request: short, so that stalled
    /// peers cannot keep the overflow slots from a health probe for long.
    pub fn overflow_header_timeout(&self) -> Duration {
        self.header_timeout.min(Duration::from_secs(1))
    }
}

/// The HTTP limits, with defaults for what was not given.
pub(crate) fn resolve(args: &HttpLimitArgs) -> HttpLimits {
    let defaults = HttpLimits::default();
    HttpLimits {
        header_timeout: given(&args.header_timeout).unwrap_or(defaults.header_timeout),
        body_timeout: given(&args.body_timeout).unwrap_or(defaults.body_timeout),
        max_connections: given(&args.max_connections).map_or(defaults.max_connections, |n| n as usize),
        max_request_bytes: given(&args.max_request_kb)
            .map_or(defaults.max_request_bytes, |kb| kb as usize * 1024),
        max_sessions: given(&args.max_sessions).map_or(defaults.max_sessions, |n| n as usize),
        max_sessions_per_client: given(&args.max_sessions_per_client)
            .map_or(defaults.max_sessions_per_client, |n| n as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::cli::Cli;
    use crate::config::settings;
    use clap::Parser;

    fn limits(args: &[&str]) -> Result<HttpLimits, String> {
        let mut argv = vec!["mistmcp"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .map(|cli| resolve(&cli.http_limits))
            .map_err(|e| settings::describe(&e).unwrap_or_else(|| e.to_string()))
    }

    #[test]
    fn defaults_time_out_stalled_peers_and_cap_connections() {
        let l = limits(&[]).unwrap();
        assert_eq!(l, HttpLimits::default());
        assert_eq!(l.header_timeout, Duration::from_secs(15));
        assert_eq!(l.max_request_bytes, 4 << 20);
        assert_eq!(l.overflow_connections(), 128);
    }

    #[test]
    fn every_limit_is_read() {
        let l = limits(&[
            "--header-timeout=0.5",
            "--body-timeout=2",
            "--max-connections=8",
            "--max-request-kb=64",
            "--max-sessions=9",
            "--max-sessions-per-client=3",
        ])
        .unwrap();
        assert_eq!((l.max_sessions, l.max_sessions_per_client), (9, 3));
        assert_eq!(l.header_timeout, Duration::from_millis(500));
        assert_eq!(l.body_timeout, Duration::from_secs(2));
        assert_eq!((l.max_connections, l.max_request_bytes), (8, 64 * 1024));
        assert_eq!(l.overflow_connections(), 16);
        assert_eq!(l.overflow_header_timeout(), Duration::from_millis(500));
    }

    #[test]
    fn mistakes_name_the_flag_and_the_variable() {
        let e = limits(&["--max-connections", "0"]).unwrap_err();
        assert!(
            e.contains("--max-connections (or MISTMCP_MAX_CONNECTIONS)"),
            "{e}"
        );
        let e = limits(&["--header-timeout", "never"]).unwrap_err();
        assert!(
            e.contains("MISTMCP_HEADER_TIMEOUT") && e.contains("seconds"),
            "{e}"
        );
    }
}
