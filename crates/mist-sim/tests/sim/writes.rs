//! Writes over real HTTP: creates, updates and deletes change what later reads see, bodies are
//! checked against the spec's request schemas, and tokens' roles decide who may write.

use crate::support;

use mist_sim::{READONLY_TOKEN, RunningSim, WRITE_TOKEN};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn send(
    sim: &RunningSim,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = support::client()
        .request(method, format!("{}{}", sim.base_url(), path))
        .header("Authorization", format!("Token {token}"));
    if let Some(b) = body {
        req = req.json(b);
    }
    let resp = req.send().await.expect("request is answered");
    let status = resp.status();
    let bytes = resp.bytes().await.expect("body arrives");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, body)
}

async fn admin(sim: &RunningSim, method: &str, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
    send(sim, sim.token(), method, path, body).await
}

fn wlans(site: &str) -> String {
    format!("/api/v1/sites/{site}/wlans")
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|w| w["id"].as_str())
        .collect()
}

#[tokio::test]
async fn a_wlan_created_on_a_site_is_listed_and_read_back_by_its_id() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, before) = admin(&sim, "GET", &wlans(&site), None).await;
    let (status, created) = admin(&sim, "POST", &wlans(&site), Some(&json!({"ssid": "Lab-Test"}))).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_str().expect("the new WLAN has an id");
    assert_eq!(created["ssid"], "Lab-Test");
    assert_eq!(created["site_id"], site.as_str());

    let (_, after) = admin(&sim, "GET", &wlans(&site), None).await;
    assert_eq!(ids(&after).len(), ids(&before).len() + 1);
    assert!(ids(&after).contains(&id), "the list shows the new WLAN");
    let (status, read) = admin(&sim, "GET", &format!("{}/{id}", wlans(&site)), None).await;
    assert_eq!(status, 200);
    assert_eq!(read["ssid"], "Lab-Test");

    let (_, org_list) = admin(&sim, "GET", &support::org_path(&sim, "/wlans"), None).await;
    assert!(
        !ids(&org_list).contains(&id),
        "a site's WLAN is not an org-level one"
    );
}

#[tokio::test]
async fn an_update_changes_the_given_fields_and_keeps_the_others() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, created) = admin(
        &sim,
        "POST",
        &wlans(&site),
        Some(&json!({"ssid": "Old", "vlan_id": 30})),
    )
    .await;
    let path = format!("{}/{}", wlans(&site), created["id"].as_str().unwrap());
    let (status, updated) = admin(&sim, "PUT", &path, Some(&json!({"ssid": "New"}))).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["ssid"], "New");
    let (_, read) = admin(&sim, "GET", &path, None).await;
    assert_eq!((&read["ssid"], &read["vlan_id"]), (&json!("New"), &json!(30)));
}

#[tokio::test]
async fn an_update_of_a_generated_wlan_shows_in_the_list_in_its_place() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, before) = admin(&sim, "GET", &wlans(&site), None).await;
    let first = ids(&before)[0].to_string();
    let (status, _) = admin(
        &sim,
        "PUT",
        &format!("{}/{first}", wlans(&site)),
        Some(&json!({"ssid": "Renamed"})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, after) = admin(&sim, "GET", &wlans(&site), None).await;
    assert_eq!(ids(&after), ids(&before), "same WLANs, same order");
    assert_eq!(after[0]["ssid"], "Renamed");
}

#[tokio::test]
async fn a_deleted_wlan_is_gone_from_reads_and_writes() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, created) = admin(&sim, "POST", &wlans(&site), Some(&json!({"ssid": "Temp"}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("{}/{id}", wlans(&site));
    let (status, _) = admin(&sim, "DELETE", &path, None).await;
    assert_eq!(status, 200);
    let (status, body) = admin(&sim, "GET", &path, None).await;
    assert_eq!((status, body), (StatusCode::NOT_FOUND, json!({"id": id})));
    let (_, list) = admin(&sim, "GET", &wlans(&site), None).await;
    assert!(!ids(&list).contains(&id.as_str()));
    let (status, _) = admin(&sim, "PUT", &path, Some(&json!({"ssid": "Back"}))).await;
    assert_eq!(status, 404, "an update of a deleted object");
}

#[tokio::test]
async fn a_read_only_token_is_refused_every_write_with_mists_403() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (status, body) = send(
        &sim,
        READONLY_TOKEN,
        "POST",
        &wlans(&site),
        Some(&json!({"ssid": "X"})),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"detail": "You do not have permission to perform this action."})
    );
    let (_, list) = admin(&sim, "GET", &wlans(&site), None).await;
    assert!(
        list.as_array().unwrap().iter().all(|w| w["ssid"] != "X"),
        "nothing was created"
    );
    let (status, _) = send(&sim, READONLY_TOKEN, "GET", &wlans(&site), None).await;
    assert_eq!(status, 200, "reads stay open");
}

#[tokio::test]
async fn a_write_token_changes_the_network_but_not_who_administers_it() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (status, _) = send(
        &sim,
        WRITE_TOKEN,
        "POST",
        &wlans(&site),
        Some(&json!({"ssid": "Ops"})),
    )
    .await;
    assert_eq!(status, 200);
    let tokens = support::org_path(&sim, "/apitokens");
    let (status, _) = send(&sim, WRITE_TOKEN, "POST", &tokens, Some(&json!({"name": "ci"}))).await;
    assert_eq!(status, 403);
    let (status, _) = admin(&sim, "POST", &tokens, Some(&json!({"name": "ci"}))).await;
    assert_eq!(status, 200, "an admin may");
}

#[tokio::test]
async fn each_tokens_role_is_reported_by_self() {
    let sim = support::start(support::config()).await;
    for (token, role) in [
        (sim.token(), "admin"),
        (WRITE_TOKEN, "write"),
        (READONLY_TOKEN, "read"),
    ] {
        let (_, me) = send(&sim, token, "GET", "/api/v1/self", None).await;
        assert_eq!(me["privileges"][0]["role"], role, "{me}");
    }
}

#[tokio::test]
async fn a_body_that_breaks_the_schema_gets_400_with_the_field_named() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (status, body) = admin(&sim, "POST", &wlans(&site), Some(&json!({"ssid": 7}))).await;
    assert_eq!(status, 400);
    let detail = body["detail"].as_str().expect("Mist's {detail}");
    assert!(detail.contains("ssid"), "{detail}");
    let (status, body) = admin(&sim, "POST", &wlans(&site), Some(&json!({"enabled": true}))).await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().contains("ssid"), "{body}");

    let resp = support::client()
        .post(format!("{}{}", sim.base_url(), wlans(&site)))
        .header("Authorization", format!("Token {}", sim.token()))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().starts_with("JSON parse error"),
        "{body}"
    );
}

#[tokio::test]
async fn settings_written_with_put_are_merged_into_later_reads() {
    let sim = support::start(support::config()).await;
    let path = support::org_path(&sim, "/setting");
    let (_, before) = admin(&sim, "GET", &path, None).await;
    let (status, answer) = admin(&sim, "PUT", &path, Some(&json!({"ui_idle_timeout": 10}))).await;
    assert_eq!(status, 200, "{answer}");
    let (_, after) = admin(&sim, "GET", &path, None).await;
    assert_eq!(after["ui_idle_timeout"], 10);
    assert_eq!(
        after["password_policy"], before["password_policy"],
        "other fields are kept"
    );
}

#[tokio::test]
async fn an_action_answers_with_its_documented_shape_and_an_unknown_device_with_404() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let ap = sim.world().devices_at(&site).next().unwrap().id.clone();
    let path = format!("/api/v1/sites/{site}/devices/{ap}/restart");
    let (status, _) = admin(&sim, "POST", &path, Some(&json!({}))).await;
    assert_eq!(status, 200);
    let missing = format!("/api/v1/sites/{site}/devices/00000000-0000-0000-0000-000000000000/restart");
    let (status, _) = admin(&sim, "POST", &missing, None).await;
    assert_eq!(status, 404);
    let (status, body) = admin(&sim, "PATCH", &wlans(&site), None).await;
    assert_eq!(status, 405, "{body}");
}
