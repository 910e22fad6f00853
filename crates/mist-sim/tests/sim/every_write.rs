//! Every write operation of the spec answers 200 over HTTP with the smallest body its request
//! schema accepts, except the few listed in `mist_sim::UNWRITABLE` with why; the list can only
//! shrink (an operation listed there that answers 200 fails this test).

use crate::support;
use crate::support::spec::SpecSchemas;
use mist_sim::{RunningSim, WriteOperation};
use serde_json::Value;

/// Deletes last, the deepest paths first and those of an organisation or a site at the very
/// end, so no delete removes what a later call names.
fn order(op: &WriteOperation) -> (bool, bool, usize) {
    let depth = op.path.matches('/').count();
    let whole = op.path.ends_with("{org_id}") || op.path.ends_with("{site_id}");
    (op.method == "DELETE", whole, usize::MAX - depth)
}

/// One write's answer: its status and body text.
async fn send(sim: &RunningSim, op: &WriteOperation, path: &str) -> (reqwest::StatusCode, String) {
    let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
    let mut req = support::client()
        .request(method, format!("{}{path}", sim.base_url()))
        .header("Authorization", format!("Token {}", sim.token()));
    if let Some(body) = sim.sample_write_body(op) {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request is answered");
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

/// What is off in a JSON answer against the operation's documented 200 schema; `None` when
/// the answer is not JSON or the spec documents no schema.
fn off_spec(spec: &SpecSchemas, op: &WriteOperation, text: &str) -> Option<Vec<String>> {
    let body = serde_json::from_str::<Value>(text).ok()?;
    let validator = spec.validator(&op.operation_id)?;
    Some(SpecSchemas::problems(&validator, &body))
}

#[tokio::test]
async fn every_write_operation_answers_200_to_a_minimal_valid_body() {
    let sim = support::start(support::config()).await;
    let mut ops = sim.write_operations();
    assert!(ops.len() >= 500, "{} write operations", ops.len());
    ops.sort_by_key(order);
    // With the spec checked out, every JSON answer must also fit its documented 200 schema.
    let spec =
        support::spec::shared_dir().map(|dir| SpecSchemas::load_for(&dir, true, &["post", "put", "delete"]));
    let (mut failures, mut checked, mut answered) = (Vec::new(), 0, 0);
    for op in &ops {
        if op.method == "DELETE" {
            // Each delete on the world as generated: none removes what another names.
            sim.reset_writes();
        }
        let path = sim.sample_write_path(op);
        let (status, text) = send(&sim, op, &path).await;
        if let Some(problems) = spec.as_ref().and_then(|s| off_spec(s, op, &text)) {
            checked += 1;
            if !problems.is_empty() {
                failures.push(format!(
                    "{} answers off the spec: {}",
                    op.operation_id,
                    problems.join("; ")
                ));
            }
        }
        let what = format!("{} {} {path}: {status} {text}", op.operation_id, op.method);
        assert!(!status.is_server_error(), "{what}");
        match (status.as_u16(), mist_sim::is_unwritable(&op.operation_id)) {
            (200, false) => answered += 1,
            (200, true) => failures.push(format!(
                "{} answers 200 now: take it off UNWRITABLE",
                op.operation_id
            )),
            (_, true) => {}
            (_, false) => failures.push(what),
        }
    }
    eprintln!(
        "{answered} of {} write operations answered 200; {checked} JSON answers checked against the spec",
        ops.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
