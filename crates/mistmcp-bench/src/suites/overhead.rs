//! Time the server adds to a tool call: the same Mist request sent straight to the simulator
//! (reqwest, keep-alive) and as `tools/call` over stdio, alternately, with the cache off; the
//! figure is the per-pair difference.

use super::{client_runtime, median, us};
use crate::cli::Args;
use crate::env::Env;
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;
use serde_json::{Value, json};
use std::time::Instant;

const SUITE: &str = "overhead";
const WARM_UP: usize = 50;

/// A tool call and the Mist request it makes.
pub struct Probe {
    pub tool: &'static str,
    pub arguments: Value,
    pub path: String,
}

pub fn probes(env: &Env) -> [Probe; 2] {
    let org = env.org_id();
    [
        Probe {
            tool: "getOrg",
            arguments: json!({"org_id": org}),
            path: format!("/api/v1/orgs/{org}"),
        },
        Probe {
            tool: "searchOrgDevices",
            arguments: json!({"org_id": org, "limit": 100}),
            path: format!("/api/v1/orgs/{org}/devices/search?limit=100"),
        },
    ]
}

/// A keep-alive GET of one Mist path, as the server's own client would make it.
pub struct Direct {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    auth: String,
}

impl Direct {
    pub fn new(env: &Env) -> Result<Direct, String> {
        // One thread: the request is driven by the calling thread, as lean as a client gets.
        let runtime = client_runtime(1)?;
        let http = crate::mcp_http::client(1)?;
        Ok(Direct {
            runtime,
            http,
            base: env.base_url().to_owned(),
            auth: format!("Token {}", env.token()),
        })
    }

    /// Round trip in µs and the body.
    pub fn get(&self, path: &str) -> Result<(f64, Vec<u8>), String> {
        let url = format!("{}{path}", self.base);
        let started = Instant::now();
        let body = self.runtime.block_on(async {
            let reply = self
                .http
                .get(&url)
                .header("authorization", &self.auth)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !reply.status().is_success() {
                return Err(format!("the simulator answered {} to {path}", reply.status()));
            }
            reply.bytes().await.map_err(|e| e.to_string())
        })?;
        Ok((us(started.elapsed()), body.to_vec()))
    }
}

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let (mut server, direct) =
        match StdioServer::start(env.stdio_command(&["--mode", "all", "--no-cache", "--rate-limit", "0"]))
            .and_then(|(s, _)| Ok((s, Direct::new(env)?)))
        {
            Ok(pair) => pair,
            Err(e) => {
                return probes(env)
                    .iter()
                    .map(|p| Figure::failed(SUITE, label(p), "µs", e.clone()))
                    .collect();
            }
        };
    probes(env)
        .iter()
        .map(
            |probe| match pairs(env, &mut server, &direct, probe, args.iterations) {
                Ok(figure) => figure,
                Err(e) => Figure::failed(SUITE, label(probe), "µs", e),
            },
        )
        .collect()
}

fn label(probe: &Probe) -> String {
    format!("added time per tool call, {}", probe.tool)
}

fn pairs(
    env: &Env,
    server: &mut StdioServer,
    direct: &Direct,
    probe: &Probe,
    iterations: usize,
) -> Result<Figure, String> {
    for _ in 0..WARM_UP {
        direct.get(&probe.path)?;
        server.call_tool(probe.tool, &probe.arguments)?.tool_result()?;
    }
    let sim_before = env.sim_requests();
    let cpu_before = procfs::cpu_seconds(server.pid()).map_err(|e| e.to_string())?;
    let (mut straight, mut through, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..iterations {
        let (a, _) = direct.get(&probe.path)?;
        let exchange = server.call_tool(probe.tool, &probe.arguments)?;
        exchange.tool_result()?;
        let b = us(exchange.rtt);
        straight.push(a);
        through.push(b);
        added.push(b - a);
    }
    let cpu = procfs::cpu_seconds(server.pid()).map_err(|e| e.to_string())? - cpu_before;
    let upstream = env.sim_requests() - sim_before;
    let cache_note = if upstream >= 2 * iterations as u64 {
        "cache off (every call reached the simulator)".to_string()
    } else {
        format!(
            "only {upstream} of {} requests reached the simulator: some calls were served without Mist",
            2 * iterations
        )
    };
    Ok(Figure::new(SUITE, label(probe), "µs")
        .samples(&added)
        .check(Check::AtMost(Stat::Median, 150.0))
        .check(Check::AtMost(Stat::P99, 1000.0))
        .note(format!(
            "pairwise (via server − direct); medians: direct {:.0} µs, via server {:.0} µs; server CPU {:.0} µs per call; {cache_note}",
            median(&straight),
            median(&through),
            cpu * 1e6 / iterations as f64
        )))
}
