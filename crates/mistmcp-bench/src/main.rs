//! `mistmcp-bench`: end-to-end benchmarks of the release `mistmcp` binary.
//!
//! It starts the simulated Mist cloud in this process, spawns the server as a child (stdio
//! pipes, or `--transport http` on a free loopback port), drives real MCP traffic, and prints
//! one table of every figure with its target and verdict; the same goes to
//! `bench-results/latest.json`. Build both binaries first, from the workspace root:
//!
//! ```text
//! cargo build --release -p mistmcp -p mistmcp-bench && target/release/mistmcp-bench
//! target/release/mistmcp-bench --only startup,tools-list --iterations 200
//! ```

mod cli;
mod env;
mod mcp_http;
mod procfs;
mod report;
mod stats;
mod stdio;
mod suites;

use clap::Parser;
use serde_json::json;
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn main() -> ExitCode {
    // reqwest is built without a bundled TLS provider in this workspace (the server installs
    // ring on first use); the bench's clients need one too, even for plain http.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args = cli::Args::parse();
    let selected = match args.selected() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mistmcp-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let server = args.server.clone().unwrap_or_else(env::default_server);
    let env = match env::Env::start(server, args.verbose, &args.server_env) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("mistmcp-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let mut figures = Vec::new();
    for suite in &selected {
        eprintln!("mistmcp-bench: running {suite} ...");
        let t = Instant::now();
        figures.extend(suites::run(suite, &env, &args));
        eprintln!(
            "mistmcp-bench: {suite} done in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let elapsed = started.elapsed();
    println!("{}", report::table(&figures));
    println!(
        "{} figures in {:.1} s; server: {}",
        figures.len(),
        elapsed.as_secs_f64(),
        env.server().display()
    );

    let context = json!({
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "server": env.server().display().to_string(),
        "suites": selected,
        "starts": args.starts,
        "iterations": args.iterations,
        "concurrency": args.concurrency,
        "round_seconds": args.seconds,
        "rounds": args.rounds,
        "sessions": args.sessions,
        "server_env": args.server_env,
        "seconds": elapsed.as_secs_f64(),
    });
    if let Err(e) = report::write_json(&args.out, &report::json(&figures, context)) {
        eprintln!("mistmcp-bench: cannot write {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    eprintln!("mistmcp-bench: results written to {}", args.out.display());
    // The soak's targets are correctness (no crossed answer), not speed: a miss fails the run.
    if let Some(missed) = figures
        .iter()
        .find(|f| f.suite == "soak" && f.verdict() != "pass" && f.verdict() != "report")
    {
        eprintln!("mistmcp-bench: soak failed: {} ({})", missed.label, missed.note);
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
