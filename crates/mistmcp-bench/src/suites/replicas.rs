//! Three replicas sharing state through Redis against one process: tool calls per second and
//! the latency Redis adds, with each request of a session sent to the next replica in turn (as
//! a round-robin balancer would), so every call crosses replicas: the session is read from
//! Redis, the token's budget is counted there.
//!
//! Needs `redis-server` on PATH; the suite starts its own on a free loopback port.

use super::http_load::{Load, Round, calls, open_all, round};
use super::redis_server::RedisServer;
use super::{client_runtime, median};
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, client};
use crate::report::Figure;
use std::time::Duration;

const RATE: &str = "tool calls/s over HTTP, cache off";
const LATENCY: &str = "tool call latency over HTTP";
const ADDED: &str = "latency added per call by 3 replicas + Redis (median)";

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let one = measure(env, args, None);
    let redis = match RedisServer::start() {
        Ok(r) => r,
        Err(e) => return vec![Figure::failed("replicas", ADDED, "ms", e)],
    };
    let three = measure(env, args, Some(&redis));
    let mut figures = Vec::new();
    let mut medians = Vec::new();
    for (setup, outcome) in [("one process", one), ("3 replicas + Redis", three)] {
        match outcome {
            Ok(r) => {
                let rate = r.ok as f64 / r.elapsed.as_secs_f64();
                medians.push(median(&r.latencies_ms));
                let errors = match &r.first_error {
                    Some(e) if r.failed > 0 => format!("; {} calls failed, first: {e}", r.failed),
                    _ => String::new(),
                };
                figures.push(
                    Figure::new("replicas", format!("{RATE}, {setup}"), "calls/s")
                        .value(rate)
                        .note(format!(
                            "{} sessions, distinct device searches for {} s; budget counted (per call); \
                             everything shares the 2 cores{errors}",
                            args.concurrency,
                            args.seconds * args.rounds.max(1) as f64
                        )),
                );
                figures.push(
                    Figure::new("replicas", format!("{LATENCY}, {setup}"), "ms").samples(&r.latencies_ms),
                );
            }
            Err(e) => figures.push(Figure::failed(
                "replicas",
                format!("{RATE}, {setup}"),
                "calls/s",
                e,
            )),
        }
    }
    if let [one, three] = medians[..] {
        figures.push(
            Figure::new("replicas", ADDED, "ms")
                .value(three - one)
                .note("each request to the next replica: session read from Redis, budget counted in Redis"),
        );
    }
    figures
}

/// Calls per second and latencies of one process (`redis` absent) or of three replicas.
fn measure(env: &Env, args: &Args, redis: Option<&RedisServer>) -> Result<Round, String> {
    let runtime = client_runtime(2)?;
    let http = client(args.concurrency)?;
    let url = redis.map(RedisServer::url);
    let mut extra = vec!["--mode", "all", "--no-cache", "--rate-limit", "1000000"];
    if let Some(url) = &url {
        extra.extend(["--redis-url", url.as_str()]);
    }
    let count = if redis.is_some() { 3 } else { 1 };
    let mut servers = Vec::new();
    for _ in 0..count {
        let server = runtime.block_on(HttpServer::start(|port| env.http_command(port, &extra), &http))?;
        servers.push(server);
    }
    let endpoints: Vec<Endpoint> = servers
        .iter()
        .map(|s| Endpoint {
            http: http.clone(),
            url: s.url.clone(),
            token: env.token().to_owned(),
        })
        .collect();
    let calls = calls(env, &Load::Distinct);
    if calls.is_empty() {
        return Err("the simulated organisation has no devices".into());
    }
    runtime.block_on(async {
        let opened = open_all(&endpoints[0], args.concurrency).await?;
        let mut sessions = opened
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, calls[i % calls.len()].clone()))
            .collect();
        round(&endpoints, &mut sessions, Duration::from_millis(300)).await?;
        round(
            &endpoints,
            &mut sessions,
            Duration::from_secs_f64(args.seconds * args.rounds.max(1) as f64),
        )
        .await
    })
}
