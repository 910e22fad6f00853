//! The measurements, one module per suite; each returns its figures, failed ones included.

pub mod cache;
pub mod demo;
pub mod http_load;
pub mod manage;
pub mod memory;
pub mod overhead;
pub mod redis_server;
pub mod replicas;
pub mod sessions;
pub mod shaping;
pub mod soak;
pub mod soak_writes;
pub mod stalled;
pub mod startup;
pub mod tools_list;

use crate::cli::Args;
use crate::env::Env;
use crate::report::Figure;
use std::time::Duration;

/// Runs one suite by name.
pub fn run(suite: &'static str, env: &Env, args: &Args) -> Vec<Figure> {
    match suite {
        "startup" => startup::run(env, args),
        "memory" => memory::run(env, args),
        "tools-list" => tools_list::run(env, args),
        "manage" => manage::run(env, args),
        "overhead" => overhead::run(env, args),
        "cache" => cache::run(env, args),
        "shaping" => shaping::run(env),
        "throughput" => http_load::throughput(env, args),
        "sessions" => sessions::run(env, args),
        "http-memory" => http_load::memory(env, args),
        "soak" => soak::run(env, args),
        "stalled" => stalled::run(env, args),
        "replicas" => replicas::run(env, args),
        "demo" => demo::run(env, args),
        other => vec![Figure::failed("?", other, "-", "no such suite".into())],
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// A runtime for the bench's own HTTP clients.
pub fn client_runtime(threads: usize) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a client runtime: {e}"))
}

/// Median of samples already known to be non-empty, for notes.
pub fn median(samples: &[f64]) -> f64 {
    crate::stats::Summary::of(samples).map_or(f64::NAN, |s| s.median)
}
