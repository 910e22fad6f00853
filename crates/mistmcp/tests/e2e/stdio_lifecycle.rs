//! How a stdio server ends: when stdin ends, when stdout is gone, and on SIGTERM or SIGINT,
//! finishing the calls it already received in the first and last cases.

use crate::harness::raw_stdio::{RawClient, tool_text};
use crate::harness::stdio::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn sigterm_answers_the_calls_in_flight_then_exits_zero() {
    let sim = sim().await;
    let mut client = RawClient::spawn(Launch::against(&sim).arg("-m").arg("all").command());
    client.initialize().await;
    // Each Mist answer takes a while, so the calls are still running when the signal comes.
    sim.set_latency(Duration::from_millis(1500));
    let catalog = mist_catalog::catalog();
    let tools = [
        "getSelf",
        "getSiteInfo",
        "getOrg",
        "getSiteStats",
        "searchOrgDevices",
    ];
    for (id, tool) in tools.iter().enumerate() {
        let args = sim.sample_args(catalog.tool(tool).expect("tool exists"));
        client
            .send_json(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                               "params": {"name": tool, "arguments": args}}))
            .await;
    }
    // Let the server read all five before it is told to stop.
    client.ping().await;
    client.signal(libc::SIGTERM);
    let mut answered = Vec::new();
    while let Some(msg) = client.next().await {
        if msg.get("method").is_none() {
            assert!(!tool_text(&msg).0, "call {} succeeded: {msg}", msg["id"]);
            answered.push(msg["id"].clone());
        }
    }
    answered.sort_by_key(|id| id.as_i64());
    assert_eq!(answered, (0..5).map(|i| json!(i)).collect::<Vec<_>>());
    assert_eq!(client.wait().await.code(), Some(0));
}

#[tokio::test]
async fn sigint_on_an_idle_server_exits_zero() {
    let sim = sim().await;
    let mut client = RawClient::spawn(Launch::against(&sim).command());
    client.initialize().await;
    client.signal(libc::SIGINT);
    assert_eq!(client.wait().await.code(), Some(0));
}

#[tokio::test]
async fn a_closed_stdout_ends_the_server_although_stdin_stays_open() {
    let sim = sim().await;
    let mut client = RawClient::spawn(Launch::against(&sim).command());
    client.initialize().await;
    drop(client.lines.take());
    // stdin stays open: only the missing reader can end the process.
    assert!(client.wait().await.success());
    assert!(client.stdin.is_some());
}

#[tokio::test]
async fn the_end_of_stdin_still_answers_what_was_sent() {
    let sim = sim().await;
    let mut client = RawClient::spawn(Launch::against(&sim).command());
    client.initialize().await;
    client
        .send(br#"{"jsonrpc":"2.0","id":"last","method":"tools/call","params":{"name":"getSelf"}}"#)
        .await;
    drop(client.stdin.take());
    let (answer, _) = client.answer_to(&json!("last")).await;
    assert!(!tool_text(&answer).0, "{answer}");
    assert!(client.wait().await.success());
}
