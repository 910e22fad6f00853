//! The session cap over a real socket: past `--max-sessions-per-client` an address gets 503
//! with `Retry-After` for a new session, past `--max-sessions` every address does, sessions
//! already open keep working, and a closed session frees its place. Clients come from
//! different loopback addresses (127.0.0.2, 127.0.0.3, …).

use crate::harness::http::*;
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};

/// An HTTP client whose connections leave from `127.0.0.<last>`.
fn from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap()
}

fn initialize() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "cap-test", "version": "1"}}})
}

async fn post(client: &reqwest::Client, server: &Server, session: Option<&str>, body: Value) -> Reply {
    let mut request = client
        .post(server.url("/mcp"))
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .header("x-authorization", mist_sim::MAIN_TOKEN);
    if let Some(id) = session {
        request = request
            .header("mcp-session-id", id)
            .header("mcp-protocol-version", "2025-06-18");
    }
    reply(request.json(&body).send().await.expect("answered")).await
}

/// Opens a session from `client`: its id, or the refusal.
async fn open(client: &reqwest::Client, server: &Server) -> Result<String, Reply> {
    let init = post(client, server, None, initialize()).await;
    match init.session_id() {
        Some(id) if init.status == 200 => Ok(id),
        _ => Err(init),
    }
}

fn refused_with(reply: &Reply, flag: &str) {
    assert_eq!(reply.status, 503, "{}", reply.text);
    assert!(reply.headers.get("retry-after").is_some(), "{:?}", reply.headers);
    assert!(reply.text.contains(flag), "{}", reply.text);
}

#[tokio::test]
async fn sessions_are_capped_per_client_address_and_in_all_and_a_closed_one_frees_its_place() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--max-sessions=3", "--max-sessions-per-client=2"]).await;
    let (one, two, three) = (from(1), from(2), from(3));
    let first = open(&one, &server).await.unwrap_or_else(|r| panic!("{}", r.text));
    open(&one, &server).await.unwrap_or_else(|r| panic!("{}", r.text));
    let refused = open(&one, &server)
        .await
        .expect_err("a third session from one address");
    refused_with(&refused, "--max-sessions-per-client");

    let other = open(&two, &server)
        .await
        .unwrap_or_else(|r| panic!("another address opens: {}", r.text));
    let full = open(&three, &server).await.expect_err("the server is full");
    refused_with(&full, "--max-sessions");

    // Sessions already open keep working, from any request.
    for (client, id) in [(&one, &first), (&two, &other)] {
        let ping = post(
            client,
            &server,
            Some(id),
            json!({"jsonrpc": "2.0", "id": 2, "method": "ping"}),
        )
        .await;
        assert_eq!(ping.status, 200, "{}", ping.text);
        assert!(ping.message.get("result").is_some(), "{}", ping.text);
    }

    let closed = one
        .delete(server.url("/mcp"))
        .header("mcp-session-id", &first)
        .header("mcp-protocol-version", "2025-06-18")
        .header("x-authorization", mist_sim::MAIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(closed.status().is_success(), "{}", closed.status());
    open(&one, &server)
        .await
        .unwrap_or_else(|r| panic!("a closed session frees its place: {}", r.text));
    server.send_sigterm();
    server.exit_code().await;
}
