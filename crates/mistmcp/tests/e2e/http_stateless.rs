//! Streamable HTTP for 2026-07-28 clients: no sessions, every request on its own, managed mode
//! kept per token and endpoint, cache hints on tool lists, and both generations on one server.

use crate::harness::http::*;
use rmcp::model::SubscriptionFilter;
use serde_json::json;

#[tokio::test]
async fn a_2026_client_and_a_2025_client_share_one_server() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let (modern, legacy) = tokio::join!(
        stateless_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)),
        session_client(server.url("/mcp"), Some(mist_sim::SECOND_TOKEN)),
    );
    assert_eq!(tool_names(&modern).await, crate::harness::MANAGED_TOOLS);
    let report = call(&modern, "manageMcpTools", json!({"enable": "devices"})).await;
    assert!(!is_error(&report), "{}", text_of(&report));
    assert!(
        tool_names(&modern)
            .await
            .contains(&"searchOrgDevices".to_string()),
        "kept between requests"
    );
    assert_eq!(
        tool_names(&legacy).await.len(),
        crate::harness::MANAGED_TOOLS.len()
    );

    let devices = call(
        &modern,
        "searchOrgDevices",
        json!({"org_id": mist_sim::MAIN_ORG_ID, "limit": 2}),
    )
    .await;
    assert!(!is_error(&devices), "{}", text_of(&devices));
    let me = call(&legacy, "getSelf", json!({})).await;
    assert!(!is_error(&me), "{}", text_of(&me));
    let stats = sim.stats();
    assert_eq!(stats.tool_count("searchOrgDevices"), 1);
    assert!(
        stats.token_count("main") == 1 && stats.token_count("second") == 1,
        "{stats:?}"
    );
    modern.cancel().await.ok();
    legacy.cancel().await.ok();
}

#[tokio::test]
async fn stateless_categories_are_kept_per_token_and_endpoint() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let main = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN);
    let reply = main
        .stateless_call(
            1,
            "tools/call",
            json!({"name": "manageMcpTools", "arguments": {"enable": "orgs"}}),
        )
        .await;
    assert_eq!(reply.result()["isError"], json!(false), "{}", reply.text);
    assert!(
        main.stateless_call(2, "tools/list", json!({}))
            .await
            .tool_names()
            .contains(&"getOrg".to_string())
    );

    let second = Raw::new(&server, "/mcp").token(mist_sim::SECOND_TOKEN);
    assert_eq!(
        second
            .stateless_call(3, "tools/list", json!({}))
            .await
            .tool_names()
            .len(),
        crate::harness::MANAGED_TOOLS.len(),
        "another token"
    );
    let elsewhere = Raw::new(&server, "/mcp?categories=sites").token(mist_sim::MAIN_TOKEN);
    let names = elsewhere
        .stateless_call(4, "tools/list", json!({}))
        .await
        .tool_names();
    assert!(
        names.contains(&"getSiteInfo".to_string()) && !names.contains(&"getOrg".to_string()),
        "another endpoint"
    );
    let anonymous = Raw::new(&server, "/mcp");
    assert_eq!(
        anonymous
            .stateless_call(5, "tools/list", json!({}))
            .await
            .tool_names()
            .len(),
        crate::harness::MANAGED_TOOLS.len(),
        "no token"
    );

    let via_call = main
        .stateless_call(6, "tools/call", json!({"name": "callMistTool", "arguments": {"tool": "getOrg", "arguments": {"org_id": mist_sim::MAIN_ORG_ID}}}))
        .await;
    assert_eq!(via_call.result()["isError"], json!(false), "{}", via_call.text);
    assert_eq!(
        via_call.result()["structuredContent"]["data"]["id"],
        json!(mist_sim::MAIN_ORG_ID)
    );
}

#[tokio::test]
async fn stateless_manage_without_a_token_says_a_token_is_needed() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let reply = Raw::new(&server, "/mcp")
        .stateless_call(
            1,
            "tools/call",
            json!({"name": "manageMcpTools", "arguments": {"enable": "orgs"}}),
        )
        .await;
    assert_eq!(reply.result()["isError"], json!(true));
    let text = reply.tool_text();
    assert!(
        text.contains("no Mist API token") && text.contains("X-Authorization"),
        "{text}"
    );
}

#[tokio::test]
async fn tool_lists_carry_deliberate_cache_hints_and_a_stable_order() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let managed = Raw::new(&server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .stateless_call(1, "tools/list", json!({}))
        .await;
    assert_eq!(
        managed.result()["cacheScope"],
        json!("private"),
        "{}",
        managed.text
    );
    assert_eq!(managed.result()["ttlMs"], json!(0));

    let all = Raw::new(&server, "/mcp?mode=all");
    let first = all.stateless_call(2, "tools/list", json!({})).await;
    assert_eq!(first.result()["cacheScope"], json!("public"));
    assert_eq!(first.result()["ttlMs"], json!(3_600_000));
    let again = all
        .token(mist_sim::SECOND_TOKEN)
        .stateless_call(3, "tools/list", json!({}))
        .await;
    assert_eq!(
        first.tool_names(),
        again.tool_names(),
        "the all list depends on the URL only"
    );
    assert_eq!(first.tool_names().len(), crate::harness::read_tools());

    let legacy = Raw::new(&server, "/mcp?mode=all");
    let id = legacy.open_session().await;
    let listed = legacy.session(&id).session_call(4, "tools/list", json!({})).await;
    assert!(
        listed.result().get("ttlMs").is_none(),
        "older revisions get the list as they know it"
    );
}

#[tokio::test]
async fn a_bad_query_is_a_json_rpc_error_naming_the_parameter() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let reply = Raw::new(&server, "/mcp?mode=everything")
        .stateless_call(1, "tools/list", json!({}))
        .await;
    let message = reply.message["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("'mode'") && message.contains("managed, all, custom"),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn server_discover_answers_with_the_supported_versions() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let reply = Raw::new(&server, "/mcp")
        .stateless_call(1, "server/discover", json!({}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let versions = reply.result()["supportedVersions"].to_string();
    assert!(
        versions.contains("2026-07-28") && versions.contains("2025-06-18"),
        "{}",
        reply.text
    );
    let info = &reply.result()["_meta"]["io.modelcontextprotocol/serverInfo"];
    assert_eq!(info["name"], json!("mistmcp"), "{}", reply.text);
    assert_eq!(
        reply.result()["capabilities"]["tools"]["listChanged"],
        json!(true)
    );
}

#[tokio::test]
async fn a_subscription_hears_changes_made_by_another_request_with_the_same_token() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let listener = stateless_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let mut subscription = listener
        .listen(SubscriptionFilter::builder().tools_list_changed().build())
        .await
        .expect("subscriptions/listen is accepted");
    assert_eq!(subscription.acknowledged().tools_list_changed, Some(true));

    let stranger = stateless_client(server.url("/mcp"), Some(mist_sim::SECOND_TOKEN)).await;
    call(&stranger, "manageMcpTools", json!({"enable": "sites"})).await;
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(500), subscription.next()).await;
    assert!(
        quiet.is_err(),
        "another token's change is not announced here: {quiet:?}"
    );

    let other_request = stateless_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let report = call(&other_request, "manageMcpTools", json!({"enable": "orgs"})).await;
    assert!(!is_error(&report), "{}", text_of(&report));
    let note = tokio::time::timeout(std::time::Duration::from_secs(10), subscription.next())
        .await
        .expect("a notification arrives")
        .expect("the subscription stays healthy");
    assert!(format!("{note:?}").contains("ToolListChanged"), "{note:?}");
    assert!(tool_names(&listener).await.contains(&"getOrg".to_string()));
    for client in [listener, stranger, other_request] {
        client.cancel().await.ok();
    }
}
