//! Every fault kind is visible to an ordinary HTTP client, and the control API drives them.

use crate::support;

use mist_sim::{Fault, FaultPlan, FaultRule};
use serde_json::{Value, json};

#[tokio::test]
async fn status_faults_hit_the_next_matching_requests_only() {
    let sim = support::start(support::config()).await;
    sim.set_faults(FaultPlan::single(
        FaultRule::times(2, Fault::Status { status: 503 }).on_path("/devices"),
    ));
    let devices = support::org_path(&sim, "/devices/search");
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
    for _ in 0..2 {
        let resp = support::get(&sim, &devices).await;
        assert_eq!(resp.status(), 503);
        let body: Value = resp.json().await.unwrap();
        assert!(body["detail"].is_string());
    }
    assert_eq!(support::get(&sim, &devices).await.status(), 200);
}

#[tokio::test]
async fn each_error_status_and_rate_limit_is_served() {
    let sim = support::start(support::config()).await;
    for (fault, want) in [
        (Fault::Status { status: 500 }, 500),
        (Fault::Status { status: 502 }, 502),
        (Fault::RateLimited, 429),
    ] {
        sim.set_faults(FaultPlan::single(FaultRule::times(1, fault)));
        assert_eq!(support::get(&sim, "/api/v1/self").await.status(), want);
    }
}

#[tokio::test]
async fn reset_closes_the_connection_without_an_answer() {
    let sim = support::start(support::config()).await;
    let client = support::client();
    let url = format!("{}/api/v1/self", sim.base_url());
    let auth = format!("Token {}", sim.token());
    // Warm a pooled connection first: the reset must also surface on a reused one.
    let ok = client
        .get(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    ok.bytes().await.unwrap();
    sim.set_faults(FaultPlan::single(FaultRule::times(1, Fault::Reset)));
    let outcome = async {
        let resp = client.get(&url).header("Authorization", &auth).send().await?;
        resp.bytes().await
    }
    .await;
    assert!(outcome.is_err(), "client got an answer: {outcome:?}");
    let after = client
        .get(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200);
}

#[tokio::test]
async fn slow_body_still_delivers_the_correct_answer() {
    let sim = support::start(support::config()).await;
    let path = support::org_path(&sim, "/devices/search?limit=5");
    let (_, normal) = support::get_json(&sim, &path).await;
    sim.set_faults(FaultPlan::single(FaultRule::times(
        1,
        Fault::SlowBody { delay_ms: 200 },
    )));
    let (status, slow) = support::get_json(&sim, &path).await;
    assert_eq!(status, 200);
    assert_eq!(slow, normal);
}

#[tokio::test]
async fn malformed_and_non_json_bodies_fail_to_parse() {
    let sim = support::start(support::config()).await;
    sim.set_faults(FaultPlan::single(FaultRule::times(1, Fault::MalformedJson)));
    let resp = support::get(&sim, "/api/v1/self").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let text = resp.text().await.unwrap();
    assert_eq!(text, "{\"broken\": ");
    assert!(serde_json::from_str::<Value>(&text).is_err());

    sim.set_faults(FaultPlan::single(FaultRule::times(1, Fault::NotJson)));
    let resp = support::get(&sim, "/api/v1/self").await;
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/")
    );
    assert!(resp.json::<Value>().await.is_err());
}

#[tokio::test]
async fn control_api_sets_faults_and_reports_stats() {
    let sim = support::start(support::config()).await;
    let client = support::client();
    let base = sim.base_url();
    let plan = json!({"rules": [{"fault": {"kind": "status", "status": 502}, "times": 1, "path_contains": "/self"}]});
    let resp = client
        .post(format!("{base}/__sim/faults"))
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(sim.faults().rules.len(), 1);
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 502);
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
    support::get_with(&sim, None, "/api/v1/self").await;

    let stats: Value = client
        .get(format!("{base}/__sim/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["by_token"]["main"]["/api/v1/self"], 2);
    assert_eq!(stats["by_token"]["anonymous"]["/api/v1/self"], 1);
    assert_eq!(stats["by_tool"]["getSelf"], 3);
    assert_eq!(sim.stats().path_count("/api/v1/self"), 3);

    client
        .post(format!("{base}/__sim/reset-stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(sim.stats().total, 0);
    let resp = client
        .post(format!("{base}/__sim/latency"))
        .json(&json!({"ms": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(support::get(&sim, "/api/v1/self").await.status(), 200);
}
