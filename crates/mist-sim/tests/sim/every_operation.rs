//! Every catalog operation answers 200 with the simulator's sample arguments, with the body kind
//! and pagination shape the catalog declares.

use crate::support;

use mist_catalog::{Pagination, ResponseKind, ToolDef};
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

fn check_shape(tool: &ToolDef, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Result<(), String> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if tool.response != ResponseKind::Object && tool.response != ResponseKind::Array {
        return if body.is_empty() {
            Err("empty file body".into())
        } else {
            Ok(())
        };
    }
    if !is_json {
        return Err("content type is not JSON".into());
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
    match tool.response {
        ResponseKind::Array if !v.is_array() => return Err(format!("expected an array, got {v}")),
        ResponseKind::Object if !v.is_object() => return Err(format!("expected an object, got {v}")),
        _ => {}
    }
    match tool.pagination {
        Pagination::Search => {
            // The window is echoed where the spec's body declares it (the MSP's org search
            // takes `start`/`end` but its body has none).
            for field in ["start", "end", "limit"] {
                let declared = field == "limit" || mist_sim::response_declares(&tool.operation_id, field);
                if declared && !v[field].is_i64() && !v[field].is_u64() {
                    return Err(format!("search body lacks numeric '{field}'"));
                }
            }
            // Some search answers declare no `total` (rogues, RRM, Mist Edge events).
            if v.get("total").is_some_and(|t| !t.is_u64()) {
                return Err("search body has a 'total' that is not a count".into());
            }
            if !v["results"].is_array() {
                return Err("search body lacks 'results'".into());
            }
        }
        Pagination::Count => {
            if !v["distinct"].is_string() || !v["total"].is_u64() {
                return Err("count body lacks 'distinct' or 'total'".into());
            }
            let results = v["results"].as_array().ok_or("count body lacks 'results'")?;
            if results.iter().any(|r| !r["count"].is_u64()) {
                return Err("a count result lacks 'count'".into());
            }
        }
        Pagination::Page => {
            for h in ["X-Page-Total", "X-Page-Limit", "X-Page-Page"] {
                if headers.get(h).is_none() {
                    return Err(format!("missing header {h}"));
                }
            }
        }
        Pagination::Limit | Pagination::None => {}
    }
    Ok(())
}

#[tokio::test]
async fn every_catalog_operation_answers_200_with_sample_args() {
    let sim = support::start(support::config()).await;
    let tools = &mist_catalog::catalog().tools;
    assert!(tools.len() >= 207, "catalog has {} tools", tools.len());
    let mut failures = Vec::new();
    let mut now_answered = Vec::new();
    for tool in tools {
        let path = sim.sample_path(tool);
        let resp = support::get(&sim, &path).await;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.expect("body arrives");
        let outcome = if status != 200 {
            Err(format!(
                "{} {path}: {status} {}",
                tool.name,
                String::from_utf8_lossy(&body)
            ))
        } else {
            check_shape(tool, &headers, &body).map_err(|e| format!("{} {path}: {e}", tool.name))
        };
        match (mist_sim::is_unanswered(&tool.name), outcome) {
            (false, Err(e)) => failures.push(e),
            (true, Ok(())) => now_answered.push(tool.name.clone()),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        now_answered.is_empty(),
        "these operations answer now; remove them from mist-sim's list of unanswered ones: {now_answered:?}"
    );
    let stats = sim.stats();
    assert_eq!(stats.total, tools.len() as u64);
    // A request for a read the simulator does not answer yet may be counted under another.
    assert!(
        tools
            .iter()
            .filter(|t| !mist_sim::is_unanswered(&t.name))
            .all(|t| stats.tool_count(&t.name) == 1)
    );
}

#[tokio::test]
async fn sample_args_cover_every_required_parameter() {
    let sim = support::start(support::config()).await;
    for tool in &mist_catalog::catalog().tools {
        let args = sim.sample_args(tool);
        for p in tool.params.iter().filter(|p| p.required) {
            let v = args.get(&p.name);
            assert!(
                v.is_some_and(|v| !v.is_null()),
                "{}: no value for required '{}'",
                tool.name,
                p.name
            );
        }
    }
}
