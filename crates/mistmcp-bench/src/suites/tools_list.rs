//! `tools/list`: round trip in `all` mode, and the size of the list in every mode (the list is
//! sent to the model, so its size is a token cost paid on every conversation).

use super::ms;
use crate::cli::Args;
use crate::env::Env;
use crate::report::{Check, Figure, Stat};
use crate::stdio::{StdioServer, json_len};
use serde_json::{Value, json};

const SUITE: &str = "tools-list";
const WARM_UP: usize = 20;

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let mut figures = vec![round_trips(env, args.iterations)];
    for (label, extra, check, original) in [
        (
            "tools/list size, all mode",
            &["--mode", "all"][..],
            Some(150_000.0),
            "246,723 B",
        ),
        ("tools/list size, managed mode (start)", &[][..], None, ""),
        (
            "tools/list size, custom mode (orgs,sites)",
            &["--mode", "custom", "--categories", "orgs,sites"][..],
            None,
            "",
        ),
    ] {
        let figure = match size(env, extra) {
            Ok((bytes, tools)) => {
                let f = Figure::new(SUITE, label, "B")
                    .value(bytes as f64)
                    .original(original)
                    .note(format!(
                        "{tools} tools; compact JSON of the result, ~{} tokens at 4 B/token",
                        bytes / 4
                    ));
                match check {
                    Some(limit) => f.check(Check::AtMost(Stat::Median, limit)),
                    None => f,
                }
            }
            Err(e) => Figure::failed(SUITE, label, "B", e),
        };
        figures.push(figure);
    }
    figures
}

fn round_trips(env: &Env, iterations: usize) -> Figure {
    let label = "tools/list round trip, all mode (stdio)";
    let run = || -> Result<Vec<f64>, String> {
        let (mut server, _) = StdioServer::start(env.stdio_command(&["--mode", "all"]))?;
        let mut samples = Vec::with_capacity(iterations);
        for i in 0..WARM_UP + iterations {
            let exchange = server.request("tools/list", &json!({}))?;
            exchange.result()?;
            if i >= WARM_UP {
                samples.push(ms(exchange.rtt));
            }
        }
        Ok(samples)
    };
    match run() {
        Ok(samples) => Figure::new(SUITE, label, "ms")
            .samples(&samples)
            .check(Check::AtMost(Stat::Median, 1.0))
            .original("41–52 ms")
            .note("round trip over the pipes: an upper bound of server time (includes the bench reading ~100 KB)"),
        Err(e) => Figure::failed(SUITE, label, "ms", e),
    }
}

/// Bytes of the `tools/list` result and the number of tools in it.
fn size(env: &Env, extra: &[&str]) -> Result<(usize, usize), String> {
    let (mut server, _) = StdioServer::start(env.stdio_command(extra))?;
    let exchange = server.request("tools/list", &json!({}))?;
    let result = exchange.result()?;
    let tools = result.get("tools").and_then(Value::as_array).map_or(0, Vec::len);
    Ok((json_len(result), tools))
}
