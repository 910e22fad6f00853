//! A cached call: the same `getOrg` again and again with the cache on, every call after the
//! first served from memory; with `ping` as the floor of a stdio round trip.

use super::{median, us};
use crate::cli::Args;
use crate::env::Env;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;
use serde_json::json;

const SUITE: &str = "cache";
const WARM_UP: usize = 20;

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let labels = [
        "cached call round trip (getOrg, stdio)",
        "ping round trip (stdio floor)",
    ];
    match measure(env, args.iterations) {
        Ok(figures) => figures,
        Err(e) => labels
            .iter()
            .map(|l| Figure::failed(SUITE, *l, "µs", e.clone()))
            .collect(),
    }
}

fn measure(env: &Env, iterations: usize) -> Result<Vec<Figure>, String> {
    let (mut server, _) = StdioServer::start(env.stdio_command(&["--mode", "all", "--rate-limit", "0"]))?;
    let mut pings = Vec::with_capacity(iterations);
    for i in 0..WARM_UP + iterations {
        let exchange = server.request("ping", &json!({}))?;
        exchange.result()?;
        if i >= WARM_UP {
            pings.push(us(exchange.rtt));
        }
    }
    let args = json!({"org_id": env.org_id()});
    let first = server.call_tool("getOrg", &args)?;
    first.tool_result()?;
    let before = env.sim_requests();
    let mut hits = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let exchange = server.call_tool("getOrg", &args)?;
        exchange.tool_result()?;
        hits.push(us(exchange.rtt));
    }
    let misses = env.sim_requests() - before;
    Ok(vec![
        Figure::new(SUITE, "cached call round trip (getOrg, stdio)", "µs")
            .samples(&hits)
            .check(Check::AtMost(Stat::Median, 50.0))
            .note(format!(
                "round trip, an upper bound of server time; first (uncached) call {:.0} µs; {misses} of {iterations} repeats reached the simulator; minus the ping floor ≈ {:.0} µs",
                us(first.rtt),
                median(&hits) - median(&pings)
            )),
        Figure::new(SUITE, "ping round trip (stdio floor)", "µs")
            .samples(&pings)
            .note("what any request costs over the pipes: bench write/read + the server's JSON-RPC framing"),
    ])
}
