//! Write tools over Streamable HTTP: the endpoint URL may narrow what the operator allows
//! (`readonly=true`), never widen it, and a stateless (2026-07-28) client confirms with a token
//! too.

use crate::harness::http::*;
use crate::harness::is_write;
use crate::harness::stdio::error_of;
use serde_json::json;

#[tokio::test]
async fn readonly_true_hides_and_refuses_the_write_tools_the_operator_allows() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--mode", "all", "--enable-write-tools"]).await;
    let (open, narrowed) = tokio::join!(
        session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)),
        session_client(server.url("/mcp?readonly=true"), Some(mist_sim::MAIN_TOKEN)),
    );
    let (listed, listed_narrow) = tokio::join!(tool_names(&open), tool_names(&narrowed));
    assert!(
        listed.iter().any(|n| n == "createSiteWlan"),
        "the operator allows writes"
    );
    assert!(
        !listed_narrow.iter().any(|n| is_write(n)),
        "readonly=true lists no write tool"
    );
    let args = json!({"site_id": "00000000-0000-0000-0000-000000000000", "body": {"ssid": "x"}});
    let refused = call(&narrowed, "createSiteWlan", args).await;
    assert_eq!(error_of(&refused)["kind"], "not_enabled");
    assert!(
        text_of(&refused).contains("readonly=true"),
        "{}",
        text_of(&refused)
    );
    open.cancel().await.ok();
    narrowed.cancel().await.ok();
    server.send_sigterm();
    server.exit_code().await;
}

#[tokio::test]
async fn readonly_false_cannot_widen_a_server_without_writes() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--mode", "all"]).await;
    let client = session_client(server.url("/mcp?readonly=false"), Some(mist_sim::MAIN_TOKEN)).await;
    assert!(!tool_names(&client).await.iter().any(|n| is_write(n)));
    let args = json!({"site_id": "00000000-0000-0000-0000-000000000000", "body": {"ssid": "x"}});
    let refused = call(&client, "createSiteWlan", args).await;
    assert_eq!(error_of(&refused)["kind"], "not_enabled");
    assert!(text_of(&refused).contains("--enable-write-tools"));
    client.cancel().await.ok();
    server.send_sigterm();
    server.exit_code().await;
}

#[tokio::test]
async fn a_stateless_client_gets_a_plan_and_its_token_is_bound_to_the_endpoint() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--enable-write-tools"]).await;
    let client = stateless_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let other = stateless_client(server.url("/mcp?mode=all"), Some(mist_sim::MAIN_TOKEN)).await;
    let site = sim.sample_args(crate::harness::catalog().tool("getSiteInfo").unwrap())["site_id"].clone();
    let args = json!({"site_id": site, "body": {"ssid": "from-http"}});
    let planned = call(&client, "createSiteWlan", args.clone()).await;
    assert!(!is_error(&planned), "{}", text_of(&planned));
    let token = data(&planned)["confirmation_token"].clone();
    assert!(token.is_string());
    let mut confirmed = args.as_object().cloned().unwrap();
    confirmed.insert("confirmation_token".into(), token);
    let elsewhere = call(&other, "createSiteWlan", serde_json::Value::Object(confirmed)).await;
    assert_eq!(
        error_of(&elsewhere)["reason"],
        "other_call",
        "{}",
        text_of(&elsewhere)
    );
    client.cancel().await.ok();
    other.cancel().await.ok();
    server.send_sigterm();
    server.exit_code().await;
}

#[tokio::test]
async fn a_session_opened_read_only_stays_read_only_without_the_flag() {
    let sim = sim().await;
    let server = Server::against(&sim, &["--mode", "all", "--enable-write-tools"]).await;
    let id = Raw::new(&server, "/mcp?readonly=true")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await;
    // The same session, posting to the endpoint without the flag (and without the header).
    let plain = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN).session(&id);
    assert_read_only(&plain, &sim).await;
    server.send_sigterm();
    server.exit_code().await;
}

/// The session `raw` posts to lists no write tool, and refuses one as read-only with nothing
/// sent to Mist.
pub(crate) async fn assert_read_only(raw: &Raw<'_>, sim: &mist_sim::RunningSim) {
    let listed = raw.session_call(2, "tools/list", json!({})).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let names = listed.tool_names();
    assert!(!names.is_empty(), "{}", listed.text);
    assert!(
        !names.iter().any(|n| is_write(n)),
        "a read-only session lists no write tool"
    );
    let site = sim.sample_args(crate::harness::catalog().tool("getSiteInfo").unwrap())["site_id"].clone();
    let before = sim.stats().total;
    let refused = raw
        .session_call(
            3,
            "tools/call",
            json!({"name": "createSiteWlan", "arguments": {"site_id": site, "body": {"ssid": "x"}}}),
        )
        .await;
    assert_eq!(refused.result()["isError"], true, "{}", refused.text);
    assert!(refused.tool_text().contains("readonly=true"), "{}", refused.text);
    assert_eq!(sim.stats().total, before, "nothing reached Mist");
}
