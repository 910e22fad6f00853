//! The views over Streamable HTTP, for 2026-07-28 requests that carry the client's
//! capabilities themselves: view links and resources only when the request declares the
//! extension, and a list with links is never offered to shared caches.

use crate::harness::http::Server;
use crate::harness::http_raw::{Raw, Reply};
use crate::harness::stdio::sim;
use serde_json::{Value, json};

/// A stateless request to `path` whose metadata declares `capabilities`.
async fn stateless(server: &Server, path: &str, method: &str, capabilities: Value) -> Reply {
    let params = json!({"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": capabilities,
        "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"}
    }});
    let raw = Raw::new(server, path)
        .token(mist_sim::MAIN_TOKEN)
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", method);
    raw.post(json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .await
}

fn declared() -> Value {
    json!({"extensions": {"io.modelcontextprotocol/ui": {"mimeTypes": ["text/html;profile=mcp-app"]}}})
}

fn linked(reply: &Reply) -> usize {
    reply.result()["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("_meta").is_some())
        .count()
}

#[tokio::test]
async fn a_stateless_list_with_view_links_is_private_and_one_without_them_stays_public() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let with = stateless(&server, "/mcp?mode=all", "tools/list", declared()).await;
    let without = stateless(&server, "/mcp?mode=all", "tools/list", json!({})).await;

    assert_eq!(linked(&with), 9, "{}", with.text);
    assert_eq!(with.result()["cacheScope"], json!("private"));
    assert_eq!(linked(&without), 0);
    assert_eq!(without.result()["cacheScope"], json!("public"));
}

#[tokio::test]
async fn a_stateless_request_with_the_extension_lists_the_views_and_the_floor_plan_may_show_the_clouds_images()
 {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let none = stateless(&server, "/mcp", "resources/list", json!({})).await;
    assert_eq!(none.result()["resources"], json!([]), "{}", none.text);

    let listed = stateless(&server, "/mcp", "resources/list", declared()).await;
    let resources = listed.result()["resources"].as_array().expect("a list");
    assert_eq!(resources.len(), 4, "{}", listed.text);
    let map = resources
        .iter()
        .find(|r| r["uri"] == "ui://mistmcp/floor-map")
        .expect("the floor plan is listed");
    assert_eq!(
        map["_meta"]["ui"]["csp"]["resourceDomains"],
        json!([sim.base_url()])
    );
}
