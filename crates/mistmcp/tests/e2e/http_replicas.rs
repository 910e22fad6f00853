//! Replicas behind a round-robin balancer, sharing state through a real Redis: sessions,
//! stateless callers' categories, cursors and budgets hold whichever replica answers, a replica
//! may die, and Redis may restart.

use crate::harness::http::*;
use crate::harness::http_raw::Raw;
use crate::harness::replicas::{Cluster, RedisServer};
use crate::harness::stdio::params;
use serde_json::json;

const REPLICAS: usize = 3;

fn has(tools: &[String], name: &str) -> bool {
    tools.iter().any(|t| t == name)
}

#[tokio::test]
async fn a_legacy_session_keeps_its_categories_whichever_replica_answers() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &[]).await;
    let client = session_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let enabled = call(&client, "manageMcpTools", json!({"enable": "orgs"})).await;
    assert!(!is_error(&enabled), "{}", text_of(&enabled));
    for _ in 0..2 * REPLICAS {
        assert!(has(&tool_names(&client).await, "getOrg"));
        let org = call(&client, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
        assert!(!is_error(&org), "{}", text_of(&org));
    }
    let disabled = call(&client, "manageMcpTools", json!({"disable": "orgs"})).await;
    assert!(!is_error(&disabled), "{}", text_of(&disabled));
    for _ in 0..REPLICAS {
        assert!(
            !has(&tool_names(&client).await, "getOrg"),
            "disabled on every replica"
        );
    }
    assert!(
        cluster.proxy.counts().iter().all(|n| *n >= 3),
        "every replica served the session: {:?}",
        cluster.proxy.counts()
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_session_deleted_on_one_replica_is_gone_on_all_and_its_token_binds_everywhere() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &[]).await;
    let id = Raw::new(cluster.replica(0), "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await;
    let list = json!({});
    for i in 0..REPLICAS {
        let own = Raw::new(cluster.replica(i), "/mcp")
            .token(mist_sim::MAIN_TOKEN)
            .session(&id);
        assert_eq!(
            own.session_call(2, "tools/list", list.clone()).await.status,
            200,
            "replica {i}"
        );
        let other = Raw::new(cluster.replica(i), "/mcp")
            .token(mist_sim::SECOND_TOKEN)
            .session(&id);
        assert_eq!(
            other.session_call(3, "tools/list", list.clone()).await.status,
            403,
            "replica {i} refuses another token"
        );
    }
    let deleted = Raw::new(cluster.replica(1), "/mcp")
        .token(mist_sim::MAIN_TOKEN)
        .session(&id)
        .delete()
        .await;
    assert!(
        deleted.status == 204 || deleted.status == 200,
        "{}",
        deleted.status
    );
    for i in 0..REPLICAS {
        let after = Raw::new(cluster.replica(i), "/mcp")
            .token(mist_sim::MAIN_TOKEN)
            .session(&id)
            .session_call(4, "tools/list", list.clone())
            .await;
        assert_eq!(after.status, 404, "replica {i} knows the session ended");
    }
}

#[tokio::test]
async fn a_stateless_callers_categories_follow_it_to_every_replica() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &[]).await;
    let client = stateless_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let enabled = call(&client, "manageMcpTools", json!({"enable": "sites"})).await;
    assert!(!is_error(&enabled), "{}", text_of(&enabled));
    for _ in 0..2 * REPLICAS {
        assert!(has(&tool_names(&client).await, "getSiteInfo"));
    }
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_cursor_from_one_replica_opens_on_another() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &["--mode", "all"]).await;
    let first = session_client(cluster.replica(0).url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let page = call(
        &first,
        "searchOrgDevices",
        json!({"org_id": mist_sim::MAIN_ORG_ID, "limit": 5}),
    )
    .await;
    assert!(!is_error(&page), "{}", text_of(&page));
    let cursor = data_pagination(&page);
    for i in 1..REPLICAS {
        let other = session_client(cluster.replica(i).url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
        let next = call(&other, "searchOrgDevices", json!({"cursor": cursor})).await;
        assert!(!is_error(&next), "replica {i}: {}", text_of(&next));
        other.cancel().await.ok();
    }
    first.cancel().await.ok();
}

/// The cursor of a search answer.
fn data_pagination(result: &rmcp::model::CallToolResult) -> String {
    let answer = result.structured_content.as_ref().expect("structured content");
    answer["pagination"]["cursor"]
        .as_str()
        .expect("a first page with a cursor")
        .to_owned()
}

#[tokio::test]
async fn one_tokens_budget_holds_across_replicas() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let limit = 6;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &["--rate-limit", "6", "--no-cache"]).await;
    let client = stateless_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    let mut served = 0;
    let mut refused = Vec::new();
    for _ in 0..3 * limit {
        let result = call(&client, "getSelf", json!({})).await;
        if is_error(&result) {
            refused.push(text_of(&result));
        } else {
            served += 1;
        }
    }
    assert_eq!(served, limit, "refusals: {refused:?}");
    assert!(refused.iter().all(|r| r.contains("budget")), "{refused:?}");
    let upstream = sim.stats().by_token["main"].get("/api/v1/self").copied();
    assert_eq!(upstream, Some(limit as u64), "Mist saw only the budget's calls");
    client.cancel().await.ok();
}

#[tokio::test]
async fn with_a_shared_cache_an_answer_fetched_by_one_replica_serves_the_others() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &["--mode", "all", "--shared-cache"]).await;
    let org_path = format!("/api/v1/orgs/{}", mist_sim::MAIN_ORG_ID);
    for i in 0..REPLICAS {
        let client = session_client(cluster.replica(i).url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
        let org = call(&client, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
        assert!(!is_error(&org), "replica {i}: {}", text_of(&org));
        client.cancel().await.ok();
    }
    let fetched = sim.stats().by_token["main"].get(&org_path).copied();
    assert_eq!(fetched, Some(1), "one replica asked Mist, the others read Redis");

    let second = session_client(cluster.replica(0).url("/mcp"), Some(mist_sim::SECOND_TOKEN)).await;
    call(&second, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
    assert_eq!(
        sim.stats().by_token["second"].get(&org_path).copied(),
        Some(1),
        "another token never reads the first one's answer: it asks Mist"
    );
    second.cancel().await.ok();
}

#[tokio::test]
async fn a_replica_killed_mid_session_leaves_the_client_to_the_others() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let mut cluster = Cluster::start(&sim, &redis, REPLICAS, &[]).await;
    let client = session_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    call(&client, "manageMcpTools", json!({"enable": "orgs"})).await;
    assert!(has(&tool_names(&client).await, "getOrg"));
    cluster.kill(0).await;
    for _ in 0..2 * REPLICAS {
        let org = call(&client, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
        assert!(!is_error(&org), "{}", text_of(&org));
    }
    client.cancel().await.ok();
}

#[tokio::test]
async fn replicas_carry_on_while_redis_restarts_and_share_again_after() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, REPLICAS, &[]).await;
    let client = session_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await;
    call(&client, "manageMcpTools", json!({"enable": "orgs"})).await;
    for _ in 0..REPLICAS {
        assert!(
            has(&tool_names(&client).await, "getOrg"),
            "every replica knows the session"
        );
    }

    redis.stop().await;
    for _ in 0..REPLICAS {
        let org = call(&client, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
        assert!(!is_error(&org), "served from local state: {}", text_of(&org));
    }

    redis.restart().await;
    // The replicas reconnect on their own; the session, lost by Redis, is put back by them.
    for _ in 0..2 * REPLICAS {
        let org = call(&client, "getOrg", json!({"org_id": mist_sim::MAIN_ORG_ID})).await;
        assert!(!is_error(&org), "{}", text_of(&org));
    }
    // A session opened after the restart reaches every replica only through Redis: retried a
    // few times while the replicas notice Redis is back.
    let mut shared_again = false;
    for _ in 0..50 {
        let Some(fresh) = try_session_client(cluster.proxy.url("/mcp"), Some(mist_sim::MAIN_TOKEN)).await
        else {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        };
        // Until every replica has noticed Redis is back, a request of the new session may land
        // on one that does not know it yet: that is a retry, not a failure.
        let enabled = fresh
            .call_tool(params("manageMcpTools", json!({"enable": "sites"})))
            .await
            .is_ok();
        let mut everywhere = enabled;
        for _ in 0..REPLICAS {
            everywhere &= match fresh.list_all_tools().await {
                Ok(tools) => tools.iter().any(|t| t.name == "getSiteInfo"),
                Err(_) => false,
            };
        }
        fresh.cancel().await.ok();
        if everywhere {
            shared_again = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(shared_again, "sessions are shared again after Redis restarts");
    client.cancel().await.ok();
}

#[tokio::test]
async fn redis_down_at_start_is_one_line_and_an_exit() {
    let url = format!("redis://:pw-secret@127.0.0.1:{}/0", free_port());
    let port = free_port().to_string();
    let out = command(
        &["--transport", "http", "--port", &port, "--redis-url", &url],
        &[],
    )
    .stderr(std::process::Stdio::piped())
    .output()
    .await
    .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("mistmcp: error:"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.contains("cannot reach Redis at 127.0.0.1:"), "{line}");
    assert!(!stderr.contains("pw-secret"), "{stderr}");
}

#[tokio::test]
async fn a_session_opened_read_only_on_one_replica_is_read_only_on_another() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let sim = sim().await;
    let cluster = Cluster::start(&sim, &redis, 2, &["--mode", "all", "--enable-write-tools"]).await;
    let (first, second) = (
        cluster.replicas[0].as_ref().expect("replica 0 runs"),
        cluster.replicas[1].as_ref().expect("replica 1 runs"),
    );
    let id = Raw::new(first, "/mcp?readonly=true")
        .token(mist_sim::MAIN_TOKEN)
        .open_session()
        .await;
    let elsewhere = Raw::new(second, "/mcp").token(mist_sim::MAIN_TOKEN).session(&id);
    assert!(has(
        &elsewhere
            .session_call(1, "tools/list", json!({}))
            .await
            .tool_names(),
        "listSiteWlans"
    ));
    crate::http_writes::assert_read_only(&elsewhere, &sim).await;
}
