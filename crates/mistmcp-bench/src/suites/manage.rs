//! `manageMcpTools` round trip: enable two categories, then disable them, alternately.

use super::ms;
use crate::cli::Args;
use crate::env::Env;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;
use serde_json::json;

const SUITE: &str = "manage";
const WARM_UP: usize = 10;

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let label = "manageMcpTools round trip (2 categories)";
    match measure(env, args.iterations) {
        Ok(samples) => vec![
            Figure::new(SUITE, label, "ms")
                .samples(&samples)
                .check(Check::AtMost(Stat::Median, 2.0))
                .original("~505 ms")
                .note("enable [devices, clients] / disable them, alternately; each change also sends notifications/tools/list_changed"),
        ],
        Err(e) => vec![Figure::failed(SUITE, label, "ms", e)],
    }
}

fn measure(env: &Env, iterations: usize) -> Result<Vec<f64>, String> {
    let (mut server, _) = StdioServer::start(env.stdio_command(&[]))?;
    let enable = json!({"enable": ["devices", "clients"]});
    let disable = json!({"disable": ["devices", "clients"]});
    let mut samples = Vec::with_capacity(iterations);
    for i in 0..WARM_UP + iterations {
        let args = if i % 2 == 0 { &enable } else { &disable };
        let exchange = server.call_tool("manageMcpTools", args)?;
        exchange.tool_result()?;
        if i >= WARM_UP {
            samples.push(ms(exchange.rtt));
        }
    }
    Ok(samples)
}
