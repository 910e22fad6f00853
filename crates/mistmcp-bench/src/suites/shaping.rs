//! Token cost of a typical answer: a search of 100 devices as Mist sends it and as the server
//! returns it (empty fields removed, pagination summarised).

use super::overhead::Direct;
use crate::env::Env;
use crate::report::Figure;
use crate::stdio::{StdioServer, json_len};
use serde_json::{Value, json};

const SUITE: &str = "shaping";
const RAW: &str = "device search (100): raw Mist body";
const TEXT: &str = "device search (100): answer text";
const RESULT: &str = "device search (100): whole tools/call result";

pub fn run(env: &Env) -> Vec<Figure> {
    match measure(env) {
        Ok(figures) => figures,
        Err(e) => [RAW, TEXT, RESULT]
            .iter()
            .map(|l| Figure::failed(SUITE, *l, "B", e.clone()))
            .collect(),
    }
}

fn measure(env: &Env) -> Result<Vec<Figure>, String> {
    let org = env.org_id();
    let direct = Direct::new(env)?;
    let (_, raw) = direct.get(&format!("/api/v1/orgs/{org}/devices/search?limit=100"))?;
    let raw_value: Value =
        serde_json::from_slice(&raw).map_err(|e| format!("the simulator's body is not JSON: {e}"))?;
    let raw_items = raw_value
        .get("results")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);

    let (mut server, _) = StdioServer::start(env.stdio_command(&["--mode", "all"]))?;
    let exchange = server.call_tool("searchOrgDevices", &json!({"org_id": org, "limit": 100}))?;
    let result = exchange.tool_result()?;
    let text: usize = result.get("content").and_then(Value::as_array).map_or(0, |c| {
        c.iter()
            .filter_map(|b| b.get("text").and_then(Value::as_str))
            .map(str::len)
            .sum()
    });
    let structured = result.get("structuredContent").map_or(0, json_len);
    let whole = json_len(result);
    let kept = result
        .pointer("/structuredContent/data/results")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let pct = |n: usize| 100.0 * n as f64 / raw.len().max(1) as f64;
    Ok(vec![
        Figure::new(SUITE, RAW, "B").value(raw.len() as f64).note(format!(
            "{raw_items} devices, as the simulator sends them (compact JSON)"
        )),
        Figure::new(SUITE, TEXT, "B").value(text as f64).note(format!(
            "{kept} devices; {:.0}% of the raw body: what a model reads from the text content",
            pct(text)
        )),
        Figure::new(SUITE, RESULT, "B").value(whole as f64).note(format!(
            "{:.0}% of the raw body: text + structuredContent ({structured} B) carry the same data twice",
            pct(whole)
        )),
    ])
}
