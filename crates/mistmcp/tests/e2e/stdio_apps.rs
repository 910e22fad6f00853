//! The views (MCP Apps, `io.modelcontextprotocol/ui`) over stdio: what a client that declares
//! the extension gets, and that a client without it gets exactly what it got before, byte for
//! byte.

use crate::harness::raw_stdio::RawClient;
use crate::harness::stdio::*;
use rmcp::model::{ClientCapabilities, ProtocolVersion};
use serde_json::{Value, json};

const EXTENSION: &str = "io.modelcontextprotocol/ui";
const MIME: &str = "text/html;profile=mcp-app";

/// The tools whose answers a view shows, and the view of each: the contract hosts rely on.
const VIEWED: [(&str, &str); 9] = [
    ("getSiteHealth", "ui://mistmcp/site-card"),
    ("listSiteDevicesStats", "ui://mistmcp/device-table"),
    ("listOrgDevicesStats", "ui://mistmcp/device-table"),
    ("searchSiteDevices", "ui://mistmcp/device-table"),
    ("searchOrgDevices", "ui://mistmcp/device-table"),
    ("getSiteSleSummary", "ui://mistmcp/sle-chart"),
    ("getSiteSleSummaryTrend", "ui://mistmcp/sle-chart"),
    ("getSiteSleClassifierSummaryTrend", "ui://mistmcp/sle-chart"),
    ("showSiteMap", "ui://mistmcp/floor-map"),
];

/// A demo server in all mode (every viewed tool listed) that has seen `initialize` with
/// `capabilities`.
async fn session(capabilities: Value) -> RawClient {
    let mut client = RawClient::spawn(Launch::demo().args(&["--mode", "all"]).command());
    let init = json!({"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": capabilities,
        "clientInfo": {"name": "raw", "version": "1"}}});
    client.send_json(&init).await;
    client.answer_to(&json!("init")).await;
    client
        .send(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        .await;
    client
}

/// The answer to a request, as the bytes of the line the server wrote.
async fn raw_answer(client: &mut RawClient, id: &str, method: &str) -> String {
    client
        .send_json(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {}}))
        .await;
    let lines = client.lines.as_mut().expect("stdout is open");
    loop {
        let line = tokio::time::timeout(crate::harness::raw_stdio::ANSWER_WAIT, lines.next_line())
            .await
            .expect("the server answers in time")
            .expect("stdout reads")
            .expect("the server is still running");
        let message: Value = serde_json::from_str(&line).expect("a JSON line");
        if message["id"] == id {
            return line;
        }
    }
}

fn declared() -> Value {
    json!({"extensions": {EXTENSION: {"mimeTypes": [MIME]}}})
}

#[tokio::test]
async fn a_client_without_the_extension_gets_the_tool_list_of_a_client_that_declares_nothing() {
    let mut plain = session(json!({})).await;
    let mut other = session(json!({"extensions": {"io.example/other": {}}})).await;
    let mut other_kind = session(json!({"extensions": {EXTENSION: {"mimeTypes": ["text/uri-list"]}}})).await;
    let bytes = raw_answer(&mut plain, "list", "tools/list").await;

    assert!(!bytes.contains("\"_meta\""), "no tool carries _meta");
    assert!(!bytes.contains("ui://"), "no view is named");
    assert_eq!(raw_answer(&mut other, "list", "tools/list").await, bytes);
    assert_eq!(raw_answer(&mut other_kind, "list", "tools/list").await, bytes);
}

#[tokio::test]
async fn with_the_extension_the_tool_list_adds_only_a_view_link_to_each_viewed_tool() {
    let mut plain = session(json!({})).await;
    let mut apps = session(declared()).await;
    let without = raw_answer(&mut plain, "list", "tools/list").await;
    let with = raw_answer(&mut apps, "list", "tools/list").await;

    let mut stripped = with.clone();
    for (_, uri) in VIEWED {
        stripped = stripped.replace(
            &format!(",\"_meta\":{{\"ui\":{{\"resourceUri\":\"{uri}\"}}}}"),
            "",
        );
    }
    assert_eq!(
        stripped, without,
        "removing the view links gives the plain list back"
    );
    let tools: Vec<Value> = serde_json::from_str::<Value>(&with).unwrap()["result"]["tools"]
        .as_array()
        .unwrap()
        .clone();
    let linked: Vec<(String, String)> = tools
        .iter()
        .filter(|t| t.get("_meta").is_some())
        .map(|t| {
            let uri = t["_meta"]["ui"]["resourceUri"].as_str().unwrap();
            (t["name"].as_str().unwrap().to_owned(), uri.to_owned())
        })
        .collect();
    let mut expected: Vec<(String, String)> = VIEWED
        .iter()
        .map(|(t, u)| (t.to_string(), u.to_string()))
        .collect();
    let mut found = linked.clone();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    println!(
        "tools/list in all mode: {} bytes without the extension, {} with it",
        without.len(),
        with.len()
    );
}

#[tokio::test]
async fn resources_are_listed_only_to_a_client_with_the_extension() {
    let mut plain = session(json!({})).await;
    let mut apps = session(declared()).await;
    let none: Value = serde_json::from_str(&raw_answer(&mut plain, "r", "resources/list").await).unwrap();
    assert_eq!(none["result"]["resources"], json!([]));

    let listed: Value = serde_json::from_str(&raw_answer(&mut apps, "r", "resources/list").await).unwrap();
    let resources = listed["result"]["resources"].as_array().unwrap();
    let uris: Vec<&str> = resources.iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        [
            "ui://mistmcp/site-card",
            "ui://mistmcp/device-table",
            "ui://mistmcp/sle-chart",
            "ui://mistmcp/floor-map"
        ]
    );
    for resource in resources {
        assert_eq!(resource["mimeType"], MIME);
        assert!(resource["size"].as_u64().unwrap() <= 150 * 1024, "{resource}");
    }
}

#[tokio::test]
async fn each_view_reads_as_one_page_whose_policy_allows_only_the_demo_clouds_images() {
    let mut apps = session(declared()).await;
    for (_, uri) in VIEWED {
        let read = apps
            .request(json!("read"), "resources/read", json!({"uri": uri}))
            .await;
        let page = &read["result"]["contents"][0];
        assert_eq!(page["uri"], uri);
        assert_eq!(page["mimeType"], MIME);
        let html = page["text"].as_str().expect("the page is text");
        assert!(
            html.starts_with("<!doctype html>") && html.len() <= 150 * 1024,
            "{uri}"
        );
        let csp = &page["_meta"]["ui"]["csp"];
        assert_eq!(csp["connectDomains"], json!([]), "{uri}");
        let images = csp["resourceDomains"].as_array().unwrap();
        if uri.ends_with("floor-map") {
            let origin = images[0].as_str().unwrap();
            assert!(
                origin.starts_with("http://127.0.0.1:") && images.len() == 1,
                "{csp}"
            );
        } else {
            assert!(images.is_empty(), "{uri}: {csp}");
        }
    }
    let unknown = apps
        .request(
            json!("nothing"),
            "resources/read",
            json!({"uri": "ui://mistmcp/nothing"}),
        )
        .await;
    assert!(unknown.get("error").is_some(), "{unknown}");
}

#[tokio::test]
async fn a_stateless_client_declaring_the_extension_per_request_gets_the_view_links() {
    let mut recorder = Recorder::new(ProtocolVersion::V_2026_07_28);
    recorder.config.capabilities = serde_json::from_value::<ClientCapabilities>(declared()).unwrap();
    let with = Launch::demo()
        .args(&["--mode", "all"])
        .connect_stateless(recorder)
        .await;
    let plain = Launch::demo()
        .args(&["--mode", "all"])
        .connect_stateless(Recorder::new(ProtocolVersion::V_2026_07_28))
        .await;

    let linked =
        |tools: Vec<rmcp::model::Tool>| -> usize { tools.iter().filter(|t| t.meta.is_some()).count() };
    assert_eq!(linked(with.list_all_tools().await.unwrap()), VIEWED.len());
    assert_eq!(linked(plain.list_all_tools().await.unwrap()), 0);
    with.cancel().await.ok();
    plain.cancel().await.ok();
}

#[tokio::test]
async fn a_viewed_tool_answers_the_same_text_and_structure_with_or_without_the_extension() {
    let sim = sim_with(mist_sim::SimConfig {
        now: Some(1_790_000_000),
        ..Default::default()
    })
    .await;
    let mut recorder = Recorder::new(ProtocolVersion::V_2025_06_18);
    recorder.config.capabilities = serde_json::from_value::<ClientCapabilities>(declared()).unwrap();
    let with = Launch::against(&sim).connect_as(recorder).await;
    let plain = Launch::against(&sim).connect().await;
    let site = sim.world().sites[0].id.clone();

    let answered_with = call(&with, "getSiteHealth", json!({"site_id": site})).await;
    let answered_plain = call(&plain, "getSiteHealth", json!({"site_id": site})).await;
    assert!(!is_error(&answered_plain), "{}", text_of(&answered_plain));
    assert_eq!(json!(answered_with), json!(answered_plain));
    with.cancel().await.ok();
    plain.cancel().await.ok();
}
