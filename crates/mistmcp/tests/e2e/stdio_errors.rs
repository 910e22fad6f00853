//! Every failure class a Mist call can meet, produced by the simulator over a real socket and
//! checked for a message a model can act on. The server must survive each one.

use crate::harness::stdio::*;
use mist_sim::{Fault, FaultPlan, FaultRule};
use serde_json::json;
use std::time::Duration;

/// `getOrg` for the simulator's own org: the probe every failure test sends.
async fn get_org(client: &Client, sim: &mist_sim::RunningSim) -> rmcp::model::CallToolResult {
    call(client, "getOrg", json!({"org_id": sim.org_id()})).await
}

/// Makes every request fail with `fault`, then probes with `getOrg`.
async fn get_org_under(
    client: &Client,
    sim: &mist_sim::RunningSim,
    fault: Fault,
) -> rmcp::model::CallToolResult {
    sim.set_faults(FaultPlan::single(FaultRule::always(fault)));
    get_org(client, sim).await
}

async fn orgs_client(sim: &mist_sim::RunningSim) -> Client {
    Launch::against(sim).arg("-m").arg("all").connect().await
}

#[tokio::test]
async fn a_rejected_token_says_it_is_invalid_or_for_another_cloud() {
    let sim = sim().await;
    let client = Launch::with_token(&sim, "not-a-real-token")
        .arg("-m")
        .arg("all")
        .connect()
        .await;
    let r = call(&client, "getSelf", json!({})).await;
    assert!(is_error(&r));
    let text = text_of(&r);
    assert!(
        text.contains("401") && text.contains("token") && text.contains("cloud"),
        "{text}"
    );
    assert!(
        !text.contains("not-a-real-token"),
        "the token never appears in errors"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn another_orgs_id_is_forbidden_and_points_at_get_self() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let r = call(&client, "getOrg", json!({"org_id": mist_sim::SECOND_ORG_ID})).await;
    assert!(is_error(&r));
    let text = text_of(&r);
    assert!(text.contains("403") && text.contains("getSelf"), "{text}");
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let r = call(
        &client,
        "getSiteInfo",
        json!({"site_id": "00000000-0000-4000-8000-000000000000"}),
    )
    .await;
    assert!(is_error(&r));
    let text = text_of(&r);
    assert!(
        text.contains("404") && text.contains("00000000-0000-4000-8000-000000000000"),
        "{text}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_spent_budget_is_reported_as_a_rate_limit() {
    let sim = sim().await;
    sim.set_hourly_limit(1);
    let client = orgs_client(&sim).await;
    let first = call(&client, "getSelf", json!({})).await;
    assert!(!is_error(&first), "{}", text_of(&first));
    let r = get_org(&client, &sim).await;
    assert!(is_error(&r));
    let text = text_of(&r);
    assert!(
        text.contains("429") || text.to_lowercase().contains("rate limit"),
        "{text}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_persistent_server_error_is_reported_with_its_status() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let r = get_org_under(&client, &sim, Fault::Status { status: 503 }).await;
    assert!(is_error(&r));
    assert!(text_of(&r).contains("503"), "{}", text_of(&r));
    sim.set_faults(FaultPlan::none());
    let ok = get_org(&client, &sim).await;
    assert!(
        !is_error(&ok),
        "the server survives and serves again: {}",
        text_of(&ok)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_body_that_is_not_json_is_named_as_such() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let r = get_org_under(&client, &sim, Fault::NotJson).await;
    assert!(is_error(&r));
    assert!(text_of(&r).contains("not JSON"), "{}", text_of(&r));
    let r = get_org_under(&client, &sim, Fault::MalformedJson).await;
    assert!(
        is_error(&r) && text_of(&r).contains("not JSON"),
        "{}",
        text_of(&r)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_slow_answer_times_out_with_a_clear_message() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .arg("-m")
        .arg("all")
        .arg("--request-timeout")
        .arg("0.3")
        .connect()
        .await;
    sim.set_latency(Duration::from_secs(3));
    let r = get_org(&client, &sim).await;
    assert!(is_error(&r));
    assert!(text_of(&r).contains("timeout"), "{}", text_of(&r));
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_closed_port_is_reported_as_unreachable() {
    let sim = sim().await;
    // Bind and drop a listener to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Launch::against(&sim)
        .env("MIST_HOST", &format!("http://127.0.0.1:{port}"))
        .arg("-m")
        .arg("all")
        .connect()
        .await;
    let r = call(&client, "getSelf", json!({})).await;
    assert!(is_error(&r));
    assert!(text_of(&r).contains("Could not reach"), "{}", text_of(&r));
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_reset_connection_is_reported_and_survived() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let r = get_org_under(&client, &sim, Fault::Reset).await;
    assert!(is_error(&r), "{}", text_of(&r));
    sim.set_faults(FaultPlan::none());
    assert!(!is_error(&call(&client, "getSelf", json!({})).await));
    client.cancel().await.ok();
}

#[tokio::test]
async fn bad_arguments_are_refused_before_any_request() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let cases = [
        ("getOrg", json!({}), "missing required argument 'org_id'"),
        (
            "getOrg",
            json!({"org_id": 42}),
            "argument 'org_id' must be a string (uuid); got 42",
        ),
        (
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": "lots"}),
            "argument 'limit' must be an integer",
        ),
        (
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "type": "toaster"}),
            "argument 'type' must be one of",
        ),
        (
            "getOrg",
            json!({"org_id": sim.org_id(), "verbose": true}),
            "unknown argument 'verbose'",
        ),
    ];
    for (tool, args, expected) in cases {
        let r = call(&client, tool, args.clone()).await;
        assert!(is_error(&r), "{tool} {args}");
        assert!(text_of(&r).contains(expected), "{tool} {args}: {}", text_of(&r));
    }
    assert_eq!(sim.stats().total, 0, "nothing reached Mist");
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error_and_the_session_goes_on() {
    let sim = sim().await;
    let client = orgs_client(&sim).await;
    let mut params = rmcp::model::CallToolRequestParams::new("deleteEverything");
    params = params.with_arguments(Default::default());
    let error = client.call_tool(params).await.expect_err("a protocol error");
    assert!(error.to_string().contains("searchMistTools"), "{error}");
    assert!(!is_error(&call(&client, "getSelf", json!({})).await));
    client.cancel().await.ok();
}

#[tokio::test]
async fn debug_logs_go_to_stderr_and_never_show_the_token() {
    let sim = sim().await;
    let launch = Launch::against(&sim).arg("-m").arg("all").arg("--debug");
    let mut cmd = launch.command();
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let init = json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}});
    let call =
        json!({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"getSelf","arguments":{}}});
    for msg in [
        init.to_string(),
        json!({"jsonrpc":"2.0","method":"notifications/initialized"}).to_string(),
        call.to_string(),
    ] {
        stdin.write_all(msg.as_bytes()).await.unwrap();
        stdin.write_all(b"\n").await.unwrap();
    }
    let mut seen = 0;
    while seen < 2 {
        let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let msg: serde_json::Value =
            serde_json::from_str(&line).expect("every stdout line is a JSON-RPC message");
        assert_eq!(msg["jsonrpc"], "2.0");
        if msg.get("id").is_some() {
            seen += 1;
        }
    }
    drop(stdin);
    let out = tokio::time::timeout(Duration::from_secs(10), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DEBUG"), "debug logs are on stderr: {stderr}");
    assert!(!stderr.contains(sim.token()), "the token never reaches the logs");
}

#[tokio::test]
async fn every_tool_error_names_its_class_in_structured_content() {
    let sim = sim().await;
    let custom = Launch::custom(&sim, "sites").connect().await;
    let refused = call(&custom, "getOrg", json!({"org_id": sim.org_id()})).await;
    assert_eq!(error_of(&refused)["kind"], "not_enabled", "{}", text_of(&refused));
    custom.cancel().await.ok();
    let client = Launch::against(&sim).connect().await;

    let missing = call(
        &client,
        "callMistTool",
        json!({"tool": "getSelf", "arguments": {"nope": 1}}),
    )
    .await;
    let error = error_of(&missing);
    assert_eq!(
        (error["kind"].as_str(), error["argument"].as_str()),
        (Some("arguments"), Some("nope"))
    );
    assert_eq!(error["tool"], "getSelf");

    let unknown = call(&client, "callMistTool", json!({"tool": "getNothing"})).await;
    assert_eq!(error_of(&unknown)["kind"], "unknown_tool");

    call(&client, "manageMcpTools", json!({"enable": ["orgs"]})).await;
    let forbidden = call(&client, "getOrg", json!({"org_id": mist_sim::SECOND_ORG_ID})).await;
    let error = error_of(&forbidden);
    assert_eq!(
        (
            error["kind"].as_str(),
            error["mist"].as_str(),
            error["status"].as_u64()
        ),
        (Some("mist"), Some("forbidden"), Some(403))
    );
    let cursor = call(
        &client,
        "callMistTool",
        json!({"tool": "manageMcpTools", "arguments": {"enable": 5}}),
    )
    .await;
    assert_eq!(error_of(&cursor)["kind"], "usage", "{}", text_of(&cursor));
    client.cancel().await.ok();
}
