//! Logs go to stderr, never stdout (which carries the stdio protocol).
//!
//! Logs never carry a secret, whatever `RUST_LOG` asks for. The libraries that carry the
//! protocol write whole messages at their debug and trace levels: the MCP library every
//! request's arguments (write bodies with their PSKs, confirmation tokens) and every result,
//! the HTTP ones headers and frames (the Mist token). They are capped at info (`CAPPED`);
//! this crate's own lines name tools, paths and kinds of failure, never arguments or tokens.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::FilterExt;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Libraries whose debug and trace lines carry message payloads or headers.
const CAPPED: &[&str] = &[
    "rmcp",
    "hyper",
    "hyper_util",
    "h2",
    "reqwest",
    "rustls",
    "tower_http",
    "axum",
    "redis",
];

/// The most any `RUST_LOG` may show of the libraries in [`CAPPED`].
fn cap() -> Targets {
    CAPPED.iter().fold(
        Targets::new().with_default(LevelFilter::TRACE),
        |targets, name| targets.with_target(*name, LevelFilter::INFO),
    )
}

/// Logs to stderr (stdout carries the MCP protocol), at `debug` when asked.
pub fn init(debug: bool) {
    let format = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false);
    // RUST_LOG, when set, replaces the defaults for those who need more. Without it a plain
    // target list is used: EnvFilter compiles regular expressions, which costs start-up time
    // and memory for nothing.
    let result = match std::env::var("RUST_LOG").ok().filter(|v| !v.trim().is_empty()) {
        Some(spec) => {
            let filter = EnvFilter::try_new(&spec).unwrap_or_else(|_| EnvFilter::new("info"));
            tracing_subscriber::registry()
                .with(format.with_filter(filter.and(cap())))
                .try_init()
        }
        None => {
            let filter = if debug {
                Targets::new()
                    .with_target("mistmcp", LevelFilter::DEBUG)
                    .with_target("mist_sim", LevelFilter::INFO)
                    .with_target("rmcp", LevelFilter::INFO)
            } else {
                Targets::new()
                    .with_target("mistmcp", LevelFilter::INFO)
                    .with_target("rmcp", LevelFilter::WARN)
            };
            tracing_subscriber::registry()
                .with(format.with_filter(filter))
                .try_init()
        }
    };
    // Only fails when a subscriber is already installed (tests that call init twice).
    let _ = result;
}
