//! Command-line options: which suites to run, how many iterations, where things are.

use clap::Parser;
use std::path::PathBuf;

/// Every suite, in the order they run.
pub const SUITES: [&str; 14] = [
    "startup",
    "memory",
    "tools-list",
    "manage",
    "overhead",
    "cache",
    "shaping",
    "throughput",
    "sessions",
    "http-memory",
    "soak",
    "stalled",
    "replicas",
    "demo",
];

/// End-to-end benchmarks of mistmcp against the simulated Mist cloud.
///
/// Build the release binaries first, then run from the workspace root:
/// cargo build --release -p mistmcp -p mist-sim -p mistmcp-bench && target/release/mistmcp-bench
#[derive(Debug, Parser)]
#[command(name = "mistmcp-bench", version)]
pub struct Args {
    /// Suites to run, comma-separated (default: all): startup, memory, tools-list, manage,
    /// overhead, cache, shaping, throughput, sessions, http-memory, soak, stalled, replicas,
    /// demo (needs `mist-sim` beside `mistmcp`)
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub only: Vec<String>,

    /// The mistmcp binary (default: `mistmcp` beside this binary, i.e. target/release/mistmcp)
    #[arg(long, value_name = "PATH")]
    pub server: Option<PathBuf>,

    /// Process starts measured by `startup`
    #[arg(long, default_value_t = 21, value_name = "N")]
    pub starts: usize,

    /// Requests measured per latency figure (tools-list, manage, overhead, cache)
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub iterations: usize,

    /// Server processes measured by `memory` and `http-memory`
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub memory_runs: usize,

    /// Concurrent HTTP sessions of `throughput`
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub concurrency: usize,

    /// Seconds of each `throughput` round
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub seconds: f64,

    /// Rounds of `throughput`
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub rounds: usize,

    /// Idle session counts of `sessions`, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1000,10000",
        value_name = "LIST"
    )]
    pub sessions: Vec<usize>,

    /// HTTP sessions of `soak`, half with each organisation's token
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub soak_sessions: usize,

    /// Tool calls per session of `soak`
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub soak_calls: usize,

    /// Share of Mist requests `soak` makes fail, in percent
    #[arg(long, default_value_t = 5.0, value_name = "PERCENT")]
    pub soak_fault_percent: f64,

    /// Connections of `stalled` that stop mid-headers
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub stalled: usize,

    /// Where to write the results as JSON
    #[arg(long, default_value = "bench-results/latest.json", value_name = "PATH")]
    pub out: PathBuf,

    /// An environment variable for every server started (e.g. MALLOC_ARENA_MAX=2); repeatable
    #[arg(long = "server-env", value_name = "KEY=VALUE")]
    pub server_env: Vec<String>,

    /// Let the server's stderr through (logs, start-up errors)
    #[arg(long)]
    pub verbose: bool,
}

impl Args {
    /// The suites to run, checked against the known names.
    pub fn selected(&self) -> Result<Vec<&'static str>, String> {
        if self.only.is_empty() {
            return Ok(SUITES.to_vec());
        }
        let mut out = Vec::new();
        for name in &self.only {
            let name = name.trim();
            let Some(suite) = SUITES.iter().find(|s| **s == name) else {
                return Err(format!("unknown suite '{name}'; known: {}", SUITES.join(", ")));
            };
            if !out.contains(suite) {
                out.push(*suite);
            }
        }
        // Run in the documented order whatever order they were named in.
        out.sort_by_key(|s| SUITES.iter().position(|x| x == s));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_suites_are_refused_with_the_known_names() {
        let args = Args::parse_from(["b", "--only", "startup,bogus"]);
        let err = args.selected().unwrap_err();
        assert!(err.contains("bogus") && err.contains("tools-list"));
    }

    #[test]
    fn selected_suites_run_in_the_documented_order() {
        let args = Args::parse_from(["b", "--only", "cache,startup,cache"]);
        assert_eq!(args.selected().unwrap(), ["startup", "cache"]);
    }

    #[test]
    fn no_selection_runs_every_suite() {
        assert_eq!(Args::parse_from(["b"]).selected().unwrap().len(), SUITES.len());
    }
}
