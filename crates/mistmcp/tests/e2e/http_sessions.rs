//! Streamable HTTP with sessions (protocol 2025-03-26 … 2025-11-25): per-session configuration
//! from the URL, per-request credentials, isolation, token binding, expiry and DELETE.

use crate::harness::http::*;
use serde_json::json;

#[tokio::test]
async fn three_concurrent_sessions_keep_their_own_mode_categories_and_token() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let (managed, custom, all) = tokio::join!(
        session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)),
        session_client(
            server.url("/mcp/?mode=custom&categories=sites"),
            Some(mist_sim::SECOND_TOKEN)
        ),
        session_client(server.url("/mcp?mode=all"), Some(THIRD_TOKEN)),
    );
    let (m, c, a) = tokio::join!(tool_names(&managed), tool_names(&custom), tool_names(&all));
    assert_eq!(m, crate::harness::MANAGED_TOOLS);
    let sites: Vec<String> = mist_catalog::catalog()
        .tools_in("sites")
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(c[..3], ["getSelf", "searchMistTools", "describeMistTool"]);
    assert_eq!(c[3..], sites[..]);
    assert_eq!(a.len(), crate::harness::read_tools());

    let enabled = call(&managed, "manageMcpTools", json!({"enable": "orgs"})).await;
    assert!(!is_error(&enabled), "{}", text_of(&enabled));
    assert!(tool_names(&managed).await.contains(&"getOrg".to_string()));
    assert_eq!(
        tool_names(&custom).await,
        c,
        "another session's manageMcpTools changes nothing here"
    );
    assert_eq!(tool_names(&all).await.len(), crate::harness::read_tools());

    let (m, c, a) = tokio::join!(
        call(&managed, "getSelf", json!({})),
        call(&custom, "getSelf", json!({})),
        call(&all, "getSelf", json!({})),
    );
    for r in [&m, &c, &a] {
        assert!(!is_error(r), "{}", text_of(r));
    }
    let stats = sim.stats();
    for label in ["main", "second", "third"] {
        assert_eq!(
            stats.by_token.get(label).and_then(|p| p.get("/api/v1/self")),
            Some(&1),
            "{label}: {stats:?}"
        );
    }
    let second_org = data(&c).to_string();
    assert!(second_org.contains(mist_sim::SECOND_ORG_ID) && !second_org.contains(mist_sim::MAIN_ORG_ID));

    let org = call(&managed, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
    assert!(!is_error(&org), "{}", text_of(&org));
    let refused = call(&custom, "getOrg", json!({"org_id": mist_sim::SECOND_ORG_ID})).await;
    assert!(
        is_error(&refused) && text_of(&refused).contains("not enabled"),
        "{}",
        text_of(&refused)
    );
    for client in [managed, custom, all] {
        client.cancel().await.ok();
    }
}

#[tokio::test]
async fn two_managed_sessions_with_one_token_do_not_share_categories() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let first = session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let second = session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    call(&first, "manageMcpTools", json!({"enable": ["devices"]})).await;
    assert!(tool_names(&first).await.contains(&"searchOrgDevices".to_string()));
    assert_eq!(
        tool_names(&second).await.len(),
        crate::harness::MANAGED_TOOLS.len()
    );
    first.cancel().await.ok();
    second.cancel().await.ok();
}

#[tokio::test]
async fn enabling_categories_is_announced_and_call_mist_tool_reaches_them() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let recorder = Recorder::new(rmcp::model::ProtocolVersion::V_2025_06_18);
    let client = session_client_as(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN), recorder.clone()).await;
    let reached = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": {"org_id": mist_sim::MAIN_ORG_ID}}),
    )
    .await;
    assert!(
        !is_error(&reached),
        "managed mode reaches every read tool: {}",
        text_of(&reached)
    );
    let report = call(&client, "manageMcpTools", json!({"enable": "orgs"})).await;
    assert!(!is_error(&report), "{}", text_of(&report));
    assert_eq!(
        recorder.wait_for_changes(1).await,
        1,
        "notifications/tools/list_changed arrives on the session"
    );
    let result = call(
        &client,
        "callMistTool",
        json!({"tool": "getOrg", "arguments": {"org_id": mist_sim::MAIN_ORG_ID}}),
    )
    .await;
    assert!(!is_error(&result), "{}", text_of(&result));
    assert_eq!(data(&result)["id"], json!(mist_sim::MAIN_ORG_ID));
    client.cancel().await.ok();
}

#[tokio::test]
async fn the_bearer_header_works_like_x_authorization() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let raw =
        Raw::new(&server, "/mcp").header("authorization", &format!("Bearer {}", mist_sim::SECOND_TOKEN));
    let id = raw.open_session().await;
    let reply = raw
        .session(&id)
        .session_call(2, "tools/call", json!({"name": "getSelf", "arguments": {}}))
        .await;
    assert_eq!(reply.result()["isError"], json!(false), "{}", reply.text);
    assert_eq!(sim.stats().token_count("second"), 1);
}

#[tokio::test]
async fn a_session_refuses_a_request_with_another_token_or_none() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let id = Raw::new(&server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await;

    let other = Raw::new(&server, "/mcp")
        .token(mist_sim::SECOND_TOKEN)
        .session(&id);
    let reply = other.session_call(2, "tools/list", json!({})).await;
    assert_eq!(reply.status, 403);
    assert!(reply.text.contains("another Mist API token"), "{}", reply.text);
    let reply = Raw::new(&server, "/mcp")
        .session(&id)
        .session_call(3, "tools/list", json!({}))
        .await;
    assert_eq!(reply.status, 403, "dropping the token is refused too");
    assert_eq!(
        other.delete().await.status,
        403,
        "nor can another token end the session"
    );

    let owner = Raw::new(&server, "/mcp")
        .token(&format!("Token {}", mist_sim::MAIN_TOKEN))
        .session(&id);
    let reply = owner.session_call(4, "tools/list", json!({})).await;
    assert_eq!(
        reply.status, 200,
        "the same token in another spelling is the same token"
    );
    assert_eq!(reply.tool_names().len(), crate::harness::MANAGED_TOOLS.len());
}

#[tokio::test]
async fn a_session_opened_without_a_token_belongs_to_the_first_token_it_sees() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let id = Raw::new(&server, "/mcp").open_session().await;
    let anonymous = Raw::new(&server, "/mcp").session(&id);
    assert_eq!(
        anonymous
            .session_call(2, "tools/list", json!({}))
            .await
            .tool_names()
            .len(),
        crate::harness::MANAGED_TOOLS.len()
    );
    let reply = anonymous
        .session_call(3, "tools/call", json!({"name": "getSelf", "arguments": {}}))
        .await;
    assert_eq!(reply.result()["isError"], json!(true));
    let text = reply.tool_text();
    assert!(
        text.contains("X-Authorization") && text.contains("Authorization: Bearer"),
        "{text}"
    );

    let first = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN).session(&id);
    assert_eq!(first.session_call(4, "tools/list", json!({})).await.status, 200);
    let second = Raw::new(&server, "/mcp")
        .token(mist_sim::SECOND_TOKEN)
        .session(&id);
    assert_eq!(second.session_call(5, "tools/list", json!({})).await.status, 403);
    assert_eq!(
        anonymous.session_call(6, "tools/list", json!({})).await.status,
        403
    );
}

#[tokio::test]
async fn delete_ends_a_session() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    let raw = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN);
    let id = raw.open_session().await;
    let session = raw.session(&id);
    assert_eq!(session.session_call(2, "tools/list", json!({})).await.status, 200);
    assert_eq!(session.delete().await.status, 204);
    assert_eq!(session.session_call(3, "tools/list", json!({})).await.status, 404);
}

#[tokio::test]
async fn idle_sessions_expire_after_the_session_timeout() {
    let sim = sim().await;
    // 0.1 minute: six seconds of inactivity end a session.
    let server = Server::against(&sim, &["--session-timeout", "0.1"]).await;
    let id = Raw::new(&server, "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await;
    let session = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN).session(&id);
    assert_eq!(session.session_call(2, "tools/list", json!({})).await.status, 200);
    let mut status = 200;
    for attempt in 0..60 {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        // Probing would keep the session alive, so only look once it must have expired.
        if attempt >= 8 {
            status = session
                .session_call(10 + attempt, "tools/list", json!({}))
                .await
                .status;
            if status == 404 {
                break;
            }
        }
    }
    assert_eq!(status, 404, "the idle session was ended");
    let stranger = Raw::new(&server, "/mcp")
        .token(mist_sim::SECOND_TOKEN)
        .session(&id);
    assert_eq!(
        stranger.session_call(99, "tools/list", json!({})).await.status,
        404,
        "its binding went with it"
    );
}

#[tokio::test]
async fn an_invalid_query_parameter_fails_initialize_and_names_the_parameter() {
    let sim = sim().await;
    let server = Server::against(&sim, &[]).await;
    for (query, param, hint) in [
        ("?mode=turbo", "'mode'", "managed, all, custom"),
        ("?mode=custom&categories=orgs,nope", "'categories'", "'nope'"),
        ("?mode=custom", "'categories'", "categories=orgs,sites"),
        ("?clodu=api.mist.com", "'clodu'", "cloud, mode, categories, debug"),
    ] {
        let reply = Raw::new(&server, &format!("/mcp{query}"))
            .post(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}))
            .await;
        let message = reply.message["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains(param) && message.contains(hint),
            "{query}: {}",
            reply.text
        );
    }
}

#[tokio::test]
async fn the_cloud_parameter_picks_the_cloud_and_a_disallowed_one_is_a_tool_error() {
    let sim = sim().await;
    // No MIST_HOST: the cloud must come from the URL.
    let server = Server::start(&[], &[]).await;
    let bare = session_client(server.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let result = call(&bare, "getSelf", json!({})).await;
    assert!(
        is_error(&result) && text_of(&result).contains("?cloud="),
        "{}",
        text_of(&result)
    );

    let evil = session_client(
        server.url("/mcp?cloud=169.254.169.254"),
        Some(mist_sim::MAIN_TOKEN),
    )
    .await;
    let result = call(&evil, "getSelf", json!({})).await;
    let text = text_of(&result);
    assert!(
        is_error(&result) && text.contains("'cloud'") && text.contains("not a Mist API cloud"),
        "{text}"
    );

    let url = server.url(&format!("/mcp?cloud={}", sim.base_url()));
    let good = session_client(url, Some(mist_sim::MAIN_TOKEN)).await;
    let result = call(&good, "getSelf", json!({})).await;
    assert!(!is_error(&result), "{}", text_of(&result));
    assert_eq!(
        sim.stats().token_count("main"),
        1,
        "only the allowed cloud was called"
    );
    for client in [bare, evil, good] {
        client.cancel().await.ok();
    }
}

#[tokio::test]
async fn an_idle_session_is_parked_and_resumes_with_its_categories_and_token() {
    let sim = sim().await;
    let base = sim.base_url();
    let server = Server::start_logged(
        &["--session-park-after", "0.5", "--debug"],
        &[("MIST_HOST", &base)],
    )
    .await;
    let owner = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN);
    let id = owner.open_session().await;
    let session = Raw::new(&server, "/mcp").token(mist_sim::MAIN_TOKEN).session(&id);
    let enabled = session
        .session_call(
            2,
            "tools/call",
            json!({"name": "manageMcpTools", "arguments": {"enable": "orgs"}}),
        )
        .await;
    assert_eq!(enabled.result()["isError"], json!(false), "{}", enabled.text);

    let seen = server
        .wait_for_log("parked=1", 0)
        .await
        .expect("the idle session is parked");
    let listed = session.session_call(3, "tools/list", json!({})).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert!(
        listed.tool_names().contains(&"getOrg".to_string()),
        "categories survive parking"
    );
    assert!(
        server
            .wait_for_log("a parked session resumes", seen)
            .await
            .is_some()
    );

    let stranger = Raw::new(&server, "/mcp")
        .token(mist_sim::SECOND_TOKEN)
        .session(&id);
    assert_eq!(
        stranger.session_call(4, "tools/list", json!({})).await.status,
        403,
        "so does the binding"
    );
    let org = session
        .session_call(
            5,
            "tools/call",
            json!({"name": "getOrg", "arguments": {"org_id": mist_sim::MAIN_ORG_ID}}),
        )
        .await;
    assert_eq!(org.result()["isError"], json!(false), "{}", org.text);
    assert_eq!(session.delete().await.status, 204);
    assert_eq!(
        session.session_call(6, "tools/list", json!({})).await.status,
        404,
        "a deleted session does not resume"
    );
}
