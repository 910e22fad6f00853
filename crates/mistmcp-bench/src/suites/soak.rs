//! Soak: many HTTP sessions, each with its own organisation's token, making many calls while
//! the simulator injects faults (5xx, resets, slow bodies, broken JSON, HTML, 429 bursts).
//!
//! Every answer must belong to the caller's organisation: a `getOrg` answers with the caller's
//! org, a device search lists only the caller's devices, and one call in ten asks for the
//! other organisation and must be refused. A crossed answer is a failure of the run (the
//! `crossed answers` figure misses its target, and the bench exits non-zero). The figures:
//! throughput, latency, errors by class, and resident memory before, at peak and after the
//! sessions expired. Then writes go through two replicas ([`super::soak_writes`]).

use super::client_runtime;
use crate::cli::Args;
use crate::env::Env;
use crate::mcp_http::{Endpoint, HttpServer, client};
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use mist_sim::{Fault, FaultPlan, FaultRule};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const SUITE: &str = "soak";

/// The faults injected in turn; a 429 comes as a burst of [`BURST`].
const FAULTS: [Fault; 8] = [
    Fault::Status { status: 500 },
    Fault::Reset,
    Fault::Status { status: 503 },
    Fault::MalformedJson,
    Fault::RateLimited,
    Fault::NotJson,
    Fault::SlowBody { delay_ms: 300 },
    Fault::Status { status: 502 },
];
const BURST: u32 = 5;

/// What the sessions saw.
#[derive(Default)]
struct Tally {
    ok: u64,
    latencies_ms: Vec<f64>,
    /// Failed calls by class: the tool error's kind, a JSON-RPC error code or the HTTP failure.
    errors: BTreeMap<String, u64>,
    cross_attempts: u64,
    /// Of those, refused (as they must be), by class.
    cross_refused: BTreeMap<String, u64>,
    /// Answers that do not belong to the caller's organisation (must stay 0).
    crossed: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.ok += other.ok;
        self.latencies_ms.extend(other.latencies_ms);
        for (class, n) in other.errors {
            *self.errors.entry(class).or_default() += n;
        }
        self.cross_attempts += other.cross_attempts;
        for (class, n) in other.cross_refused {
            *self.cross_refused.entry(class).or_default() += n;
        }
        self.crossed += other.crossed;
    }

    fn error(&mut self, class: String) {
        *self.errors.entry(class).or_default() += 1;
    }
}

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let mut figures = soak(env, args).unwrap_or_else(|e| vec![Figure::failed(SUITE, "soak", "-", e)]);
    figures.extend(super::soak_writes::run(env, args));
    figures
}

fn soak(env: &Env, args: &Args) -> Result<Vec<Figure>, String> {
    let runtime = client_runtime(2)?;
    let (sessions, calls) = (args.soak_sessions.max(1), args.soak_calls.max(1));
    let expiry = Duration::from_secs(3);
    let timeout_minutes = format!("{}", expiry.as_secs_f64() / 60.0);
    let extra = [
        "--mode",
        "all",
        "--no-cache",
        "--rate-limit",
        "0",
        "--session-timeout",
        &timeout_minutes,
    ];
    let http = client(sessions.min(256))?;
    let server = runtime.block_on(HttpServer::start(|port| env.http_command(port, &extra), &http))?;
    let before = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    let orgs = [
        (mist_sim::MAIN_TOKEN, mist_sim::MAIN_ORG_ID),
        (mist_sim::SECOND_TOKEN, mist_sim::SECOND_ORG_ID),
    ];
    let every = (100.0 / args.soak_fault_percent.clamp(0.1, 100.0)).round() as u64;
    let started = Instant::now();
    let sim = env.sim();
    let (tally, faults) = runtime.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..sessions {
            let (token, own) = orgs[i % 2];
            let other = orgs[(i + 1) % 2].1;
            let endpoint = Endpoint {
                http: http.clone(),
                url: server.url.clone(),
                token: token.to_owned(),
            };
            tasks.push(tokio::spawn(session(endpoint, own, other, calls)));
        }
        // Arm one fault (or a 429 burst) each time `every` more requests reached Mist.
        let (mut armed, mut shots) = (0usize, 0u64);
        let mut next = sim.stats().total + every;
        while !tasks.iter().all(|t| t.is_finished()) {
            if sim.stats().total >= next {
                let fault = FAULTS[armed % FAULTS.len()].clone();
                let times = if fault == Fault::RateLimited { BURST } else { 1 };
                sim.set_faults(FaultPlan::single(FaultRule::times(times, fault)));
                armed += 1;
                shots += u64::from(times);
                next = sim.stats().total + every * u64::from(times);
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let mut tally = Tally::default();
        for task in tasks {
            tally.add(task.await.unwrap_or_default());
        }
        (tally, shots)
    });
    let elapsed = started.elapsed();
    sim.set_faults(FaultPlan::none());
    let peak = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    // Sessions expire after the timeout; with a timeout this short the sweeper runs every
    // second or so (a quarter of the parking time, which the timeout caps).
    std::thread::sleep(expiry + Duration::from_secs(2));
    let after = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    Ok(figures(
        &tally,
        sessions,
        calls,
        faults,
        elapsed,
        [before, peak, after],
    ))
}

fn figures(
    tally: &Tally,
    sessions: usize,
    calls: usize,
    faults: u64,
    elapsed: Duration,
    [before, peak, after]: [procfs::Memory; 3],
) -> Vec<Figure> {
    let total = (sessions * calls) as f64;
    let failed: u64 = tally.errors.values().sum();
    let mb = |kib: u64| kib as f64 / 1024.0;
    let shape = format!("{sessions} sessions × {calls} calls, {faults} faults injected");
    vec![
        Figure::new(SUITE, "soak throughput", "calls/s")
            .value(total / elapsed.as_secs_f64())
            .note(format!(
                "{shape}; {} answered with the caller's data, {} refused for the other org, {failed} failed, in {:.1} s",
                tally.ok,
                tally.cross_refused.values().sum::<u64>(),
                elapsed.as_secs_f64()
            )),
        Figure::new(SUITE, "soak call latency", "ms")
            .samples(&tally.latencies_ms)
            .note(shape.clone()),
        Figure::new(SUITE, "soak errors", "calls")
            .value(failed as f64)
            .note(format!("by class: {}", classes(&tally.errors))),
        Figure::new(SUITE, "soak crossed answers", "answers")
            .value(tally.crossed as f64)
            .check(Check::AtMost(Stat::Median, 0.0))
            .note(format!(
                "{} calls asked for the other organisation; refused: {}",
                tally.cross_attempts,
                classes(&tally.cross_refused)
            )),
        Figure::new(SUITE, "soak resident memory", "MB")
            .value(mb(after.rss_kib))
            .note(format!(
                "before {:.1} MB, peak {:.1} MB, after the sessions expired {:.1} MB",
                mb(before.rss_kib),
                mb(peak.peak_kib),
                mb(after.rss_kib)
            )),
    ]
}

/// Counts by class, as one line for a note.
pub(super) fn classes(counts: &BTreeMap<String, u64>) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    let each: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
    each.join(", ")
}

/// One session: `calls` calls, its own organisation's, one in ten the other's.
async fn session(endpoint: Endpoint, own: &'static str, other: &'static str, calls: usize) -> Tally {
    let mut tally = Tally::default();
    let mut session = match endpoint.open().await {
        Ok(s) => s,
        Err(e) => {
            tally.error(format!("initialize: {}", http_class(&e)));
            return tally;
        }
    };
    for i in 0..calls {
        let cross = i % 10 == 9;
        let (tool, org) = match (cross, i % 2) {
            (true, _) => ("getOrg", other),
            (false, 0) => ("getOrg", own),
            _ => ("searchOrgDevices", own),
        };
        let arguments = match tool {
            "getOrg" => json!({"org_id": org}),
            _ => json!({"org_id": org, "limit": 5}),
        };
        let params = json!({"name": tool, "arguments": arguments});
        let t = Instant::now();
        let answer = endpoint.request(&mut session, "tools/call", &params).await;
        tally.latencies_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let message = match answer {
            Ok(m) => m,
            Err(e) => {
                tally.error(http_class(&e));
                continue;
            }
        };
        if let Some(code) = message["error"]["code"].as_i64() {
            tally.error(format!("json-rpc {code}"));
            continue;
        }
        let result = &message["result"];
        let content = &result["structuredContent"];
        if cross {
            tally.cross_attempts += 1;
        }
        if result["isError"] == true {
            let error = &content["error"];
            let kind = error["kind"].as_str().unwrap_or("?");
            let class = match error["mist"].as_str() {
                Some(mist) => format!("{kind}/{mist}"),
                None => kind.to_owned(),
            };
            if cross {
                *tally.cross_refused.entry(class).or_default() += 1;
            } else {
                tally.error(class);
            }
        } else if cross || !belongs(&content["data"], own) {
            tally.crossed += 1;
        } else {
            tally.ok += 1;
        }
    }
    tally
}

/// Whether an answer's data is the caller's organisation or lists only its objects.
fn belongs(data: &Value, org: &str) -> bool {
    match data {
        // A search: its results, each of the caller's org.
        Value::Object(o) if o.get("results").is_some_and(Value::is_array) => belongs(&o["results"], org),
        Value::Object(o) if o.contains_key("org_id") => o["org_id"] == org,
        Value::Object(o) => o.get("id").is_some_and(|id| id == org),
        Value::Array(items) => items
            .iter()
            .all(|item| item.get("org_id").is_none_or(|id| id == org)),
        _ => false,
    }
}

/// The class of a failure below MCP: the HTTP status, or that the request failed.
fn http_class(error: &str) -> String {
    match error.strip_prefix("HTTP ") {
        Some(rest) => format!("http {}", rest.split(':').next().unwrap_or(rest)),
        None => "connection".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_belongs_to_an_org_by_its_id_or_its_items_org_ids() {
        assert!(belongs(&json!({"id": "o1", "name": "x"}), "o1"));
        assert!(!belongs(&json!({"id": "o2"}), "o1"));
        assert!(belongs(&json!([{"org_id": "o1"}, {"mac": "m"}]), "o1"));
        assert!(!belongs(&json!([{"org_id": "o1"}, {"org_id": "o2"}]), "o1"));
        assert!(belongs(&json!({"results": [{"org_id": "o1"}], "total": 1}), "o1"));
        assert!(!belongs(
            &json!({"results": [{"org_id": "o2"}], "total": 1}),
            "o1"
        ));
        assert!(!belongs(&Value::Null, "o1"));
    }

    #[test]
    fn failures_below_mcp_are_classed_by_status() {
        assert_eq!(
            http_class("HTTP 503 Service Unavailable: busy"),
            "http 503 Service Unavailable"
        );
        assert_eq!(http_class("POST http://x: connection reset"), "connection");
    }
}
