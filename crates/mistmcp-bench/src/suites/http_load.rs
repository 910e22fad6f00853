//! Over Streamable HTTP: tool calls per second with many concurrent sessions, and the peak
//! memory of a server with a few sessions.

use super::{client_runtime, median};
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, Session, client};
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use crate::suites::memory::peak_mb;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const THROUGHPUT: &str = "tool calls/s over HTTP, cache off";
const LATENCY: &str = "tool call latency over HTTP under that load";
const PEAK: &str = "peak memory, HTTP server with 3 sessions";

/// What the sessions call during a throughput run.
pub enum Load {
    /// Every session its own device search (by MAC): no two calls can share a Mist request.
    Distinct,
    /// Every session the same `getOrg`: concurrent identical calls may share one Mist request.
    Identical,
}

pub fn throughput(env: &Env, args: &Args) -> Vec<Figure> {
    let mut figures = Vec::new();
    for load in [Load::Distinct, Load::Identical] {
        let label = throughput_label(&load, args.concurrency);
        match run_throughput(env, args, &load) {
            Ok(mut f) => figures.append(&mut f),
            Err(e) => figures.push(Figure::failed("throughput", label, "calls/s", e)),
        }
    }
    figures
}

fn throughput_label(load: &Load, sessions: usize) -> String {
    let what = match load {
        Load::Distinct => "distinct calls",
        Load::Identical => "identical getOrg",
    };
    format!("{THROUGHPUT}, {sessions} sessions, {what}")
}

/// The call each session makes, in session order.
pub fn calls(env: &Env, load: &Load) -> Vec<Value> {
    let org = env.org_id();
    match load {
        Load::Identical => vec![json!({"name": "getOrg", "arguments": {"org_id": org}})],
        Load::Distinct => env
            .sim()
            .world()
            .devices
            .iter()
            .filter(|d| d.org_id == org)
            .map(|d| json!({"name": "searchOrgDevices", "arguments": {"org_id": org, "mac": d.mac}}))
            .collect(),
    }
}

pub struct Round {
    pub ok: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub latencies_ms: Vec<f64>,
    pub elapsed: Duration,
}

fn run_throughput(env: &Env, args: &Args, load: &Load) -> Result<Vec<Figure>, String> {
    let runtime = client_runtime(2)?;
    let extra = ["--mode", "all", "--no-cache", "--rate-limit", "0"];
    let (server, endpoint) = serve(env, &runtime, args.concurrency, &extra)?;
    let sessions = runtime.block_on(open_all(&endpoint, args.concurrency))?;
    let calls = calls(env, load);
    if calls.is_empty() {
        return Err("the simulated organisation has no devices".into());
    }
    let mut sessions: Vec<(Session, Value)> = sessions
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, calls[i % calls.len()].clone()))
        .collect();
    // Warm every session and connection once.
    let endpoints = std::slice::from_ref(&endpoint);
    runtime.block_on(round(endpoints, &mut sessions, Duration::from_millis(300)))?;
    let mut rates = Vec::new();
    let mut latencies = Vec::new();
    let (mut failed, mut first_error) = (0, None);
    let cpu_before = procfs::cpu_seconds(server.pid()).map_err(|e| e.to_string())?;
    let upstream_before = env.sim_requests();
    let mut total_ok = 0;
    for _ in 0..args.rounds.max(1) {
        let r = runtime.block_on(round(
            endpoints,
            &mut sessions,
            Duration::from_secs_f64(args.seconds),
        ))?;
        rates.push(r.ok as f64 / r.elapsed.as_secs_f64());
        latencies.extend(r.latencies_ms);
        total_ok += r.ok;
        failed += r.failed;
        first_error = first_error.or(r.first_error);
    }
    let cpu = procfs::cpu_seconds(server.pid()).map_err(|e| e.to_string())? - cpu_before;
    let upstream = env.sim_requests() - upstream_before;
    let errors = match first_error {
        Some(e) if failed > 0 => format!("; {failed} calls failed, first: {e}"),
        _ => String::new(),
    };
    let calls = total_ok.max(1) as f64;
    let rate = Figure::new("throughput", throughput_label(load, args.concurrency), "calls/s")
        .samples(&rates)
        .note(format!(
            "{} rounds of {} s; {:.2} Mist requests per call; server CPU {:.0} µs per call; simulator without added \
             latency; server, simulator and clients share the 2 cores{errors}",
            rates.len(),
            args.seconds,
            upstream as f64 / calls,
            cpu * 1e6 / calls
        ));
    Ok(match load {
        Load::Distinct => vec![
            rate.check(Check::AtLeast(Stat::Median, 3000.0)),
            Figure::new("throughput", LATENCY, "ms")
                .samples(&latencies)
                .note(format!("distinct calls; median {:.2} ms", median(&latencies))),
        ],
        Load::Identical => vec![rate],
    })
}

/// `mistmcp --transport http` with `extra` arguments, and an endpoint reaching it with the
/// simulator's main token over `connections` pooled connections.
pub fn serve(
    env: &Env,
    runtime: &tokio::runtime::Runtime,
    connections: usize,
    extra: &[&str],
) -> Result<(HttpServer, Endpoint), String> {
    let http = client(connections)?;
    let server = runtime.block_on(HttpServer::start(|port| env.http_command(port, extra), &http))?;
    let endpoint = Endpoint {
        http,
        url: server.url.clone(),
        token: env.token().to_owned(),
    };
    Ok((server, endpoint))
}

/// Opens `n` sessions, a few at a time.
pub async fn open_all(endpoint: &Endpoint, n: usize) -> Result<Vec<Session>, String> {
    let mut sessions = Vec::with_capacity(n);
    let mut tasks = tokio::task::JoinSet::new();
    let workers = n.clamp(1, 16);
    for w in 0..workers {
        let endpoint = endpoint.clone();
        let count = n / workers + usize::from(w < n % workers);
        tasks.spawn(async move {
            let mut mine = Vec::with_capacity(count);
            for _ in 0..count {
                mine.push(endpoint.open().await?);
            }
            Ok::<_, String>(mine)
        });
    }
    while let Some(done) = tasks.join_next().await {
        sessions.extend(done.map_err(|e| e.to_string())??);
    }
    Ok(sessions)
}

/// Every session makes its call in a loop for `length`, each request to the next of
/// `endpoints` in turn (one endpoint, or the replicas a balancer would spread requests over).
pub async fn round(
    endpoints: &[Endpoint],
    sessions: &mut Vec<(Session, Value)>,
    length: Duration,
) -> Result<Round, String> {
    let started = Instant::now();
    let deadline = started + length;
    let mut tasks = tokio::task::JoinSet::new();
    for (s, (mut session, call)) in sessions.drain(..).enumerate() {
        let endpoints = endpoints.to_vec();
        tasks.spawn(async move {
            let (mut ok, mut failed, mut first_error, mut latencies) = (0u64, 0u64, None, Vec::new());
            let mut turn = s;
            while Instant::now() < deadline {
                let t = Instant::now();
                let endpoint = &endpoints[turn % endpoints.len()];
                turn += 1;
                let outcome = endpoint.request(&mut session, "tools/call", &call).await;
                let error = match &outcome {
                    Ok(m)
                        if m.pointer("/result/isError").and_then(Value::as_bool) != Some(true)
                            && m.get("result").is_some() =>
                    {
                        None
                    }
                    Ok(m) => Some(crate::stdio::short(m)),
                    Err(e) => Some(e.clone()),
                };
                match error {
                    None => {
                        ok += 1;
                        latencies.push(t.elapsed().as_secs_f64() * 1e3);
                    }
                    Some(e) => {
                        failed += 1;
                        first_error.get_or_insert(e);
                        // A server that refuses everything must not be hammered at full speed.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            ((session, call), ok, failed, first_error, latencies)
        });
    }
    let mut r = Round {
        ok: 0,
        failed: 0,
        first_error: None,
        latencies_ms: Vec::new(),
        elapsed: Duration::ZERO,
    };
    while let Some(done) = tasks.join_next().await {
        let (session, ok, failed, first_error, latencies) = done.map_err(|e| e.to_string())?;
        sessions.push(session);
        r.ok += ok;
        r.failed += failed;
        r.first_error = r.first_error.or(first_error);
        r.latencies_ms.extend(latencies);
    }
    r.elapsed = started.elapsed();
    Ok(r)
}

pub fn memory(env: &Env, args: &Args) -> Vec<Figure> {
    let mut peaks = Vec::new();
    for _ in 0..args.memory_runs.max(1) {
        match three_sessions(env) {
            Ok(peak) => peaks.push(peak),
            Err(e) => return vec![Figure::failed("http-memory", PEAK, "MB", e)],
        }
    }
    vec![
        Figure::new("http-memory", PEAK, "MB")
            .samples(&peaks)
            .original("92 MB")
            .note("VmHWM after 3 sessions each did tools/list (all mode), getOrg and searchOrgDevices (limit 100)"),
    ]
}

fn three_sessions(env: &Env) -> Result<f64, String> {
    let runtime = client_runtime(2)?;
    let (server, endpoint) = serve(env, &runtime, 4, &["--mode", "all"])?;
    runtime.block_on(async {
        let mut sessions = open_all(&endpoint, 3).await?;
        let org = env.org_id();
        for session in &mut sessions {
            for (method, params) in [
                ("tools/list", json!({})),
                (
                    "tools/call",
                    json!({"name": "getOrg", "arguments": {"org_id": org}}),
                ),
                (
                    "tools/call",
                    json!({"name": "searchOrgDevices", "arguments": {"org_id": org, "limit": 100}}),
                ),
            ] {
                let answer = endpoint.request(session, method, &params).await?;
                if answer.get("result").is_none() {
                    return Err(format!("{method} failed: {}", crate::stdio::short(&answer)));
                }
            }
        }
        Ok(())
    })?;
    peak_mb(server.pid())
}
