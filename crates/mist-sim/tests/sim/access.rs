//! Authentication, cross-organisation refusals, Mist's error shapes and the hourly budget.

use crate::support;

use mist_sim::{SECOND_ORG_ID, SECOND_TOKEN, SimConfig};
use serde_json::Value;

async fn status_and_body(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("error bodies are JSON"))
}

#[tokio::test]
async fn missing_or_unknown_token_is_refused_with_401() {
    let sim = support::start(support::config()).await;
    for token in [None, Some("not-a-token")] {
        let (status, body) = status_and_body(support::get_with(&sim, token, "/api/v1/self").await).await;
        assert_eq!(status, 401);
        assert!(body["detail"].is_string());
    }
    let resp = support::client()
        .get(format!("{}/api/v1/self", sim.base_url()))
        .header("Authorization", format!("Bearer {}", sim.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn another_orgs_ids_are_refused_with_403() {
    let sim = support::start(support::config()).await;
    let (status, body) =
        status_and_body(support::get(&sim, &format!("/api/v1/orgs/{SECOND_ORG_ID}/devices/search")).await)
            .await;
    assert_eq!(status, 403);
    assert!(body["detail"].is_string());
    let other_site = sim.world().sites_of(SECOND_ORG_ID).next().unwrap().id.clone();
    let (status, _) =
        status_and_body(support::get(&sim, &format!("/api/v1/sites/{other_site}/stats")).await).await;
    assert_eq!(status, 403);
    // The second org's own token reaches it.
    let resp = support::get_with(
        &sim,
        Some(SECOND_TOKEN),
        &format!("/api/v1/sites/{other_site}/stats"),
    )
    .await;
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn self_names_the_callers_organisation() {
    let sim = support::start(support::config()).await;
    let (_, me) = support::get_json(&sim, "/api/v1/self").await;
    assert!(me["email"].as_str().unwrap().contains('@'));
    assert_eq!(me["privileges"][0]["org_id"], sim.org_id());
    assert_eq!(me["privileges"][0]["role"], "admin");
    let resp = support::get_with(&sim, Some(SECOND_TOKEN), "/api/v1/self").await;
    let other: Value = resp.json().await.unwrap();
    assert_eq!(other["privileges"][0]["org_id"], SECOND_ORG_ID);
}

#[tokio::test]
async fn unknown_path_ids_answer_404_with_the_id() {
    let sim = support::start(support::config()).await;
    let ghost = "11111111-2222-4333-8444-555555555555";
    for path in [
        format!("/api/v1/orgs/{ghost}"),
        format!("/api/v1/sites/{ghost}/devices"),
        format!(
            "/api/v1/sites/{}/rrm/current/devices/{ghost}/band/24",
            support::first_site(&sim)
        ),
        format!("/api/v1/sites/{}/guests/aabbccddeeff", support::first_site(&sim)),
    ] {
        let (status, body) = status_and_body(support::get(&sim, &path).await).await;
        assert_eq!(status, 404, "{path}");
        let id = body["id"].as_str().unwrap();
        assert!(path.contains(id), "{path}: {body}");
    }
}

#[tokio::test]
async fn unknown_paths_answer_404_with_detail() {
    let sim = support::start(support::config()).await;
    let (status, body) = status_and_body(support::get(&sim, "/api/v1/orgs/x/not-an-endpoint").await).await;
    assert_eq!(status, 404);
    assert!(body["detail"].is_string());
}

#[tokio::test]
async fn budget_exhaustion_answers_429_until_reset() {
    let sim = support::start(SimConfig {
        hourly_limit: 3,
        ..support::config()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
    }
    let (status, body) = status_and_body(support::get(&sim, "/api/v1/self").await).await;
    assert_eq!(status, 429);
    assert!(body["detail"].is_string());
    // Another token has its own budget.
    assert_eq!(
        support::get_with(&sim, Some(SECOND_TOKEN), "/api/v1/self")
            .await
            .status(),
        200
    );

    sim.reset_budget();
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);

    // The control API can raise the limit too.
    let client = support::client();
    for _ in 0..3 {
        support::get(&sim, "/api/v1/self").await;
    }
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 429);
    let resp = client
        .post(format!("{}/__sim/budget", sim.base_url()))
        .json(&serde_json::json!({"limit": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
}

#[tokio::test]
async fn usage_reports_requests_limit_and_time_left() {
    let sim = support::start(SimConfig {
        hourly_limit: 50,
        ..support::config()
    })
    .await;
    for _ in 0..4 {
        support::get(&sim, "/api/v1/self").await;
    }
    let (_, usage) = support::get_json(&sim, "/api/v1/self/usage").await;
    assert_eq!(usage["requests"], 5);
    assert_eq!(usage["request_limit"], 50);
    let left = usage["seconds"].as_u64().unwrap();
    assert!(left > 0 && left <= 3_600);
}
