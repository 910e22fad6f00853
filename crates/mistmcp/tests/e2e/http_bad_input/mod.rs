//! The bad-input catalogue over HTTP: bodies that are not one JSON-RPC message, the HTTP
//! envelope (media types, methods, paths, bogus session ids, another token on a session,
//! unknown protocol versions), hostile query parameters and tool arguments. Each case names
//! the status and the answer it must get; a ping in the catalogue's own session after every
//! case proves the server still serves, and refused tool calls prove nothing reached Mist.

use crate::harness::http::*;
use serde_json::json;

mod cases;

use cases::*;

/// Answers past this length would mean a value was echoed whole.
const MAX_ANSWER_CHARS: usize = 4096;

async fn send(server: &Server, own: &str, case: &Case) -> Reply {
    let mut headers: Vec<(String, String)> = vec![
        ("accept".into(), "application/json, text/event-stream".into()),
        ("content-type".into(), "application/json".into()),
    ];
    let session = match &case.session {
        Session::None => None,
        Session::Own => Some(own.to_owned()),
        Session::Id(id) => Some(id.clone()),
    };
    if let Some(id) = session {
        headers.push(("mcp-session-id".into(), id));
        headers.push(("mcp-protocol-version".into(), "2025-06-18".into()));
    }
    if let Some(token) = &case.token {
        headers.push(("x-authorization".into(), token.clone()));
    }
    for (name, value) in &case.headers {
        headers.retain(|(k, _)| k != name);
        if !value.is_empty() {
            headers.push(((*name).into(), value.clone()));
        }
    }
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).unwrap();
    let mut request = server.http().request(method, server.url(&case.path));
    for (k, v) in headers {
        request = request.header(k, v);
    }
    let response = request.body(case.body.clone()).send().await.expect("answered");
    reply(response).await
}

async fn run(server: &Server, sim: &mist_sim::RunningSim, own: &str, cases: Vec<Case>) -> usize {
    let n = cases.len();
    for case in cases {
        eprintln!("HTTP bad-input case: {}", case.name);
        let before = sim.stats().total;
        let got = send(server, own, &case).await;
        assert!(
            got.text.len() < MAX_ANSWER_CHARS,
            "{}: {} chars",
            case.name,
            got.text.len()
        );
        let error = &got.message["error"];
        match case.expect {
            Expect::Rpc(status, id, code, says) => {
                assert_eq!(got.status, status, "{}: {}", case.name, got.text);
                assert_eq!(
                    (&got.message["id"], error["code"].as_i64()),
                    (&id, Some(code)),
                    "{}: {}",
                    case.name,
                    got.text
                );
                let message = error["message"].as_str().unwrap_or_default();
                assert!(message.contains(says), "{}: {message}", case.name);
            }
            Expect::Http(status, says) => {
                assert_eq!(got.status, status, "{}: {}", case.name, got.text);
                assert!(got.text.contains(says), "{}: {}", case.name, got.text);
            }
            Expect::Refused(says) => {
                assert_eq!(got.status, 200, "{}: {}", case.name, got.text);
                assert_eq!(got.result()["isError"], true, "{}: {}", case.name, got.text);
                assert!(got.tool_text().contains(says), "{}: {}", case.name, got.text);
                assert_eq!(sim.stats().total, before, "{}: nothing may reach Mist", case.name);
            }
            Expect::Served => {
                assert_eq!(got.status, 200, "{}: {}", case.name, got.text);
                assert!(got.message.get("result").is_some(), "{}: {}", case.name, got.text);
                assert_ne!(got.result()["isError"], true, "{}: {}", case.name, got.text);
            }
        }
        let ping = Raw::new(server, "/mcp")
            .token(mist_sim::MAIN_TOKEN)
            .session(own)
            .session_call(999, "ping", json!({}))
            .await;
        assert_eq!(
            ping.status, 200,
            "{}: the server still serves: {}",
            case.name, ping.text
        );
        assert!(
            ping.message.get("result").is_some(),
            "{}: {}",
            case.name,
            ping.text
        );
    }
    n
}

#[tokio::test]
async fn every_bad_http_request_gets_its_answer_and_the_server_keeps_serving() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--mode", "all"]).await;
    let raw = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN);
    let own = raw.open_session().await;
    let other = raw.open_session().await;
    let mut total = run(&server, &sim, &own, bodies()).await;
    total += run(&server, &sim, &own, envelope(&other)).await;
    total += run(&server, &sim, &own, queries()).await;
    total += run(&server, &sim, &own, calls(&sim)).await;
    // The other session survived the attempt to end it with another token.
    let still = Raw::new(&server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .session(&other)
        .session_call(1, "ping", json!({}))
        .await;
    assert_eq!(still.status, 200, "{}", still.text);
    assert!(total >= 50, "the HTTP catalogue holds {total} cases");
    eprintln!("HTTP bad-input catalogue: {total} cases");
}

#[tokio::test]
async fn new_sessions_past_the_cap_get_503_and_the_open_ones_keep_serving() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--mode", "all", "--max-sessions-per-client=2"]).await;
    let raw = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN);
    let own = raw.open_session().await;
    let other = raw.open_session().await;
    let total = run(&server, &sim, &own, over_the_session_cap()).await;
    let still = Raw::new(&server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .session(&other)
        .session_call(1, "ping", json!({}))
        .await;
    assert_eq!(still.status, 200, "{}", still.text);
    eprintln!("HTTP bad-input catalogue, session cap: {total} cases");
}
