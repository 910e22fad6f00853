//! `mist-sim`: run the simulated Mist cloud until Ctrl-C.

use clap::Parser;
use mist_sim::{SimConfig, SimScale};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Simulated Juniper Mist API for tests and demos (serves synthetic data only).
#[derive(Debug, Parser)]
#[command(name = "mist-sim", version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8090)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Seed of the synthetic organisations.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Grows the organisation: N times the sites (at most 250, then busier sites), each with
    /// the same devices and events and more clients; 50 gives 2,000 APs and ~37,000 clients.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Requests each token may make per hour.
    #[arg(long, default_value_t = 5_000)]
    hourly_limit: u32,
    /// Delay added before every API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    if !(args.scale > 0.0 && args.scale.is_finite()) {
        eprintln!("mist-sim: --scale must be a positive number");
        std::process::exit(2);
    }
    let config = SimConfig {
        seed: args.seed,
        scale: SimScale::grown(args.scale),
        hourly_limit: args.hourly_limit,
        latency: Duration::from_millis(args.latency_ms),
        ..SimConfig::default()
    };
    let sim = mist_sim::start(config, SocketAddr::new(args.host, args.port)).await?;
    eprintln!("mist-sim listening on {}", sim.base_url());
    for t in sim.tokens() {
        // Fixed demo tokens of a test fixture, printed so a person can try the API by hand.
        eprintln!("  token {:<8} org {}  {}", t.label, t.org_id, t.token);
    }
    let sites = &sim.world().sites;
    for s in sites.iter().take(10) {
        eprintln!("  site {}  {}  (org {})", s.id, s.name, s.org_id);
    }
    if sites.len() > 10 {
        eprintln!("  ... and {} more sites", sites.len() - 10);
    }
    tokio::signal::ctrl_c().await?;
    eprintln!("mist-sim: shutting down");
    sim.shutdown().await;
    Ok(())
}
