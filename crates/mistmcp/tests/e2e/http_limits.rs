//! Slow, stalled and greedy HTTP peers, over raw TCP sockets: header and body time-outs, the
//! connection cap with `/healthz` still answering, and a declared length over the limit.
//! (Requests that arrive during shutdown: `http_security`.)
//!
//! Time-outs are configured short for these tests; the waits below are upper bounds on
//! liveness (how long a test waits before it fails), not timings.

use crate::harness::http::*;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for the server to close or answer a stalled socket before failing.
const PATIENCE: Duration = Duration::from_secs(20);

async fn connect(server: &Server) -> TcpStream {
    TcpStream::connect(("127.0.0.1", server.port)).await.unwrap()
}

/// Everything the server writes until it closes the connection; panics if it never does.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut seen = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(PATIENCE, read)
        .await
        .expect("the server closes the stalled connection");
    String::from_utf8_lossy(&seen).into_owned()
}

fn initialize() -> serde_json::Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
}

fn post_head(length: &str) -> String {
    format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nContent-Length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn a_peer_that_stalls_mid_headers_is_closed_after_the_header_timeout() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--header-timeout", "0.3"]).await;
    let mut stalled = connect(&server).await;
    stalled
        .write_all(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        .await
        .unwrap();
    read_until_closed(&mut stalled).await;
    // A connection that never sends a byte is closed the same way.
    let mut silent = connect(&server).await;
    read_until_closed(&mut silent).await;
}

#[tokio::test]
async fn a_peer_that_stalls_mid_body_gets_408_and_is_closed() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--body-timeout", "0.3"]).await;
    let mut stalled = connect(&server).await;
    let head = post_head("200");
    stalled.write_all(head.as_bytes()).await.unwrap();
    stalled.write_all(br#"{"jsonrpc":"2.0","#).await.unwrap();
    let answer = read_until_closed(&mut stalled).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("--body-timeout"), "{answer}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--max-request-kb", "1"]).await;
    let mut greedy = connect(&server).await;
    greedy.write_all(post_head("5000000").as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut greedy).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("declares 5000000 bytes") && answer.contains("1024"),
        "{answer}"
    );
    // A chunked body is cut off at the same limit.
    let mut chunked = connect(&server).await;
    let head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    chunked.write_all(head.as_bytes()).await.unwrap();
    chunked.write_all(b"800\r\n").await.unwrap();
    chunked.write_all(&[b' '; 0x800]).await.unwrap();
    chunked.write_all(b"\r\n").await.unwrap();
    let answer = read_until_closed(&mut chunked).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // The server still serves.
    let id = Raw::new(&server, "/mcp").open_session().await;
    assert!(!id.is_empty());
}

/// GETs `/healthz` on fresh connections until it answers 200 (or the patience runs out).
async fn healthz_until_ok(server: &Server) -> u32 {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        if let Ok(r) = client.get(server.url("/healthz")).send().await
            && r.status() == 200
        {
            return attempts;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "/healthz answers despite the stalled peers"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Forty peers stalled mid-headers: with `--max-connections 4`, the cap, the overflow (16) and
/// more, so every slot is held.
async fn stall_every_slot(server: &Server) -> Vec<TcpStream> {
    let mut stalled = Vec::new();
    for _ in 0..40 {
        let mut peer = connect(server).await;
        peer.write_all(b"GET /mcp HTTP/1.1\r\nHost: 12").await.unwrap();
        stalled.push(peer);
    }
    stalled
}

#[tokio::test]
async fn healthz_answers_and_others_hear_503_while_stalled_peers_fill_the_connection_cap() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--max-connections", "4", "--header-timeout", "60"]).await;
    let stalled = stall_every_slot(&server).await;
    healthz_until_ok(&server).await;
    // A request over the cap is told to come back, not left hanging.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let busy = loop {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let sent = client
            .post(server.url("/mcp"))
            .header("accept", "application/json, text/event-stream")
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
            .send()
            .await;
        if let Ok(r) = sent {
            break r;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "an over-cap request is answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    assert!(busy.text().await.unwrap().contains("--max-connections"));
    // Once the stalled peers leave, the server serves MCP again.
    drop(stalled);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let init = Raw::new(&server, "/mcp").post(initialize()).await;
        if init.status == 200 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", init.text);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_health_probe_is_answered_at_once_while_stalled_peers_hold_the_cap_and_its_overflow() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--max-connections", "4", "--header-timeout", "60"]).await;
    let stalled = stall_every_slot(&server).await;
    // The probe is accepted after all of them and takes the oldest overflow peer's slot,
    // instead of being closed until a stalled peer times out.
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let probe = client.get(server.url("/healthz")).send().await;
    let probe = probe.expect("the first probe is answered, not closed");
    assert_eq!(probe.status(), 200);
    drop(stalled);
}
