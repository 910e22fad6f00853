//! The HTTP endpoint's edges: Host and Origin checks, `/healthz`, start-up refusals and a
//! graceful exit on SIGTERM (503 for requests that arrive meanwhile).

use crate::harness::http::*;
use serde_json::json;
use std::time::Duration;

fn initialize_request() -> serde_json::Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
}

#[tokio::test]
async fn a_foreign_origin_or_host_is_refused_and_loopback_ones_pass() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let evil = Raw::new(&server, "/mcp")
        .header("origin", "http://evil.example")
        .post(initialize_request())
        .await;
    assert_eq!(evil.status, 403, "{}", evil.text);
    let rebinding = Raw::new(&server, "/mcp")
        .header("host", "evil.example")
        .post(initialize_request())
        .await;
    assert_eq!(rebinding.status, 403, "{}", rebinding.text);
    let local = Raw::new(&server, "/mcp")
        .header("origin", "http://localhost:6274")
        .post(initialize_request())
        .await;
    assert_eq!(local.status, 200, "{}", local.text);
    let named = Raw::new(&server, "/mcp")
        .header("host", &format!("localhost:{}", server.port))
        .post(initialize_request())
        .await;
    assert_eq!(named.status, 200, "{}", named.text);
}

#[tokio::test]
async fn operators_name_extra_hostnames_and_origins() {
    let sim = sim().await;
    let server = Server::against(
        &sim,
        &[
            "--allowed-origin",
            "https://app.example.com",
            "--allowed-hostname",
            "mcp.example.com",
        ],
    )
    .await;
    let app = Raw::new(&server, "/mcp")
        .header("origin", "https://app.example.com")
        .post(initialize_request())
        .await;
    assert_eq!(app.status, 200, "{}", app.text);
    let other_port = Raw::new(&server, "/mcp")
        .header("origin", "https://app.example.com:8443")
        .post(initialize_request())
        .await;
    assert_eq!(other_port.status, 403);
    let named = Raw::new(&server, "/mcp")
        .header("host", "mcp.example.com")
        .post(initialize_request())
        .await;
    assert_eq!(named.status, 200, "{}", named.text);
}

#[tokio::test]
async fn healthz_answers_ok_whatever_the_host() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    for host in [
        format!("127.0.0.1:{}", server.port),
        "lb-probe.internal".to_owned(),
    ] {
        let response = server
            .http()
            .get(server.url("/healthz"))
            .header("host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.json::<serde_json::Value>().await.unwrap(),
            json!({"status": "ok"})
        );
    }
    let unknown = server.http().get(server.url("/elsewhere")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn binding_beyond_loopback_without_hostnames_stops_at_start() {
    let out = command(&["--transport", "http", "--host", "0.0.0.0", "--port", "1"], &[])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--allowed-hostname"), "{err}");
}

#[tokio::test]
async fn help_explains_both_kinds_of_allowed_hosts() {
    let out = command(&["--help"], &[]).output().await.unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--allowed-hostname",
        "--allowed-origin",
        "--session-timeout",
        "--allow-host",
        "DNS rebinding",
    ] {
        assert!(help.contains(needle), "help lacks {needle}:\n{help}");
    }
}

#[tokio::test]
async fn sigterm_lets_a_running_call_finish_answers_new_requests_503_then_exits_zero() {
    let config = mist_sim::SimConfig {
        latency: Duration::from_millis(1500),
        ..Default::default()
    };
    let sim = sim_with(config).await;
    let server = Server::against(&sim, &[]).await;
    let client = session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let running = tokio::spawn(async move {
        let result = call(&client, "getSelf", json!({})).await;
        (client, result)
    });
    // Terminate once the call is at the simulator, i.e. truly in flight.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while sim.stats().total == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the call reaches the simulator"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let port = server.port;
    server.send_sigterm();
    // While the call drains, the health check says so and new requests get 503 at once
    // (before, they waited for the drain and then met a closed socket).
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    loop {
        let health = http.get(server.url("/healthz")).send().await.unwrap();
        if health.status() == 503 {
            assert_eq!(
                health.json::<serde_json::Value>().await.unwrap()["status"],
                "stopping"
            );
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the signal is handled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let late = Raw::new(&server, "/mcp").post(initialize_request()).await;
    assert_eq!(late.status, 503, "{}", late.text);
    assert_eq!(late.headers["retry-after"], "1");
    assert!(late.text.contains("shutting down"), "{}", late.text);
    assert_eq!(server.exit_code().await, 0);
    let (client, result) = running.await.unwrap();
    assert!(
        !is_error(&result),
        "the call in flight finished: {}",
        text_of(&result)
    );
    client.cancel().await.ok();
    let refused = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await;
    assert!(refused.is_err(), "nothing listens any more");
}
