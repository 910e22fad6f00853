//! Search cursors, counts, page slicing and filters behave like Mist's and agree with the data.

use crate::support;

use mist_sim::{SimConfig, SimScale};
use serde_json::Value;

fn scaled() -> SimConfig {
    SimConfig {
        scale: SimScale::times(10.0),
        ..support::config()
    }
}

fn results(body: &Value) -> &Vec<Value> {
    body["results"].as_array().expect("results is an array")
}

/// What tells one client event from another in both the data and the answer (the spec's
/// client event carries neither the client's MAC nor its site).
fn identity(event: &Value) -> String {
    ["timestamp", "ap", "bssid", "type", "text"]
        .map(|f| event[f].to_string())
        .join("|")
}

#[tokio::test]
async fn search_cursor_walks_every_result_once() {
    let sim = support::start(scaled()).await;
    let org = sim.org_id().to_string();
    let expected: Vec<String> = sim
        .world()
        .records("clients/events")
        .into_iter()
        .filter(|r| r["org_id"] == org.as_str())
        .map(identity)
        .collect();
    assert!(expected.len() > 5_000, "only {} events", expected.len());

    let first = support::org_path(&sim, "/clients/events/search?limit=1000");
    let mut next = Some(first);
    let mut walked: Vec<String> = Vec::new();
    let mut pages = 0;
    let mut totals = Vec::new();
    while let Some(path) = next.take() {
        let (status, body) = support::get_json(&sim, &path).await;
        assert_eq!(status, 200, "{path}: {body}");
        totals.push(body["total"].as_u64().unwrap());
        assert!(results(&body).len() <= 1000);
        walked.extend(results(&body).iter().map(identity));
        next = body["next"].as_str().map(str::to_string);
        if let Some(n) = &next {
            assert!(
                n.starts_with(&support::org_path(&sim, "/clients/events/search?")),
                "{n}"
            );
            assert!(n.contains("search_after="), "{n}");
        }
        pages += 1;
        assert!(pages < 100, "cursor does not end");
    }
    assert!(pages > 5);
    assert!(totals.iter().all(|t| *t == expected.len() as u64));
    assert_eq!(walked.len(), expected.len());
    assert_eq!(
        walked, expected,
        "walk differs from the data (gap, duplicate or reorder)"
    );
}

#[tokio::test]
async fn shorter_duration_keeps_only_recent_records() {
    let sim = support::start(support::config()).await;
    let (_, day) = support::get_json(&sim, &support::org_path(&sim, "/devices/events/search?limit=1")).await;
    let (_, hour) = support::get_json(
        &sim,
        &support::org_path(&sim, "/devices/events/search?duration=1h&limit=1000"),
    )
    .await;
    assert_eq!(
        hour["end"].as_i64().unwrap() - hour["start"].as_i64().unwrap(),
        3_600
    );
    let n_hour = hour["total"].as_u64().unwrap();
    assert!(n_hour > 0 && n_hour < day["total"].as_u64().unwrap());
    let start = hour["start"].as_i64().unwrap();
    assert!(
        results(&hour)
            .iter()
            // Device events are timed to the microsecond (seconds with a fraction).
            .all(|r| r["timestamp"].as_f64().unwrap() >= start as f64)
    );
    let explicit = format!(
        "/devices/events/search?start={}&end={}&limit=1",
        start, hour["end"]
    );
    let (_, same) = support::get_json(&sim, &support::org_path(&sim, &explicit)).await;
    assert_eq!(same["total"], hour["total"]);
}

#[tokio::test]
async fn count_groups_sum_to_the_search_total() {
    let sim = support::start(support::config()).await;
    for (count, search) in [
        (
            "/clients/events/count?distinct=type",
            "/clients/events/search?limit=1",
        ),
        (
            "/devices/count?distinct=model&type=switch",
            "/devices/search?type=switch&limit=1",
        ),
        ("/alarms/count?distinct=severity", "/alarms/search?limit=1"),
    ] {
        let (status, c) = support::get_json(&sim, &support::org_path(&sim, count)).await;
        assert_eq!(status, 200, "{count}: {c}");
        let (_, s) = support::get_json(&sim, &support::org_path(&sim, search)).await;
        let groups = results(&c);
        let field = c["distinct"].as_str().unwrap();
        assert!(groups.len() > 1, "{count} has a single group");
        assert!(groups.iter().all(|g| !g[field].is_null()));
        let sum: u64 = groups.iter().map(|g| g["count"].as_u64().unwrap()).sum();
        assert_eq!(sum, s["total"].as_u64().unwrap(), "{count}");
        assert_eq!(c["total"].as_u64().unwrap(), groups.len() as u64, "{count}");
    }
}

#[tokio::test]
async fn count_rejects_a_field_outside_its_list() {
    let sim = support::start(support::config()).await;
    let resp = support::get(
        &sim,
        &support::org_path(&sim, "/clients/events/count?distinct=bogus"),
    )
    .await;
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert!(body["detail"].is_string());
}

#[tokio::test]
async fn pages_slice_the_list_and_report_totals_in_headers() {
    let sim = support::start(support::config()).await;
    let all = support::get(&sim, &support::org_path(&sim, "/inventory?limit=1000")).await;
    let total: usize = all.headers()["X-Page-Total"].to_str().unwrap().parse().unwrap();
    let everything: Vec<Value> = all.json().await.unwrap();
    assert_eq!(everything.len(), total);
    let mut walked = Vec::new();
    for page in 1.. {
        let resp = support::get(
            &sim,
            &support::org_path(&sim, &format!("/inventory?limit=7&page={page}")),
        )
        .await;
        assert_eq!(resp.headers()["X-Page-Limit"], "7");
        assert_eq!(resp.headers()["X-Page-Page"], page.to_string().as_str());
        assert_eq!(resp.headers()["X-Page-Total"], total.to_string().as_str());
        let items: Vec<Value> = resp.json().await.unwrap();
        if items.is_empty() {
            break;
        }
        assert!(items.len() <= 7);
        walked.extend(items);
    }
    assert_eq!(walked, everything);
}

#[tokio::test]
async fn object_pages_wrap_results_with_totals() {
    let sim = support::start(support::config()).await;
    let resp = support::get(&sim, "/api/v1/self/logs?limit=5&page=2").await;
    assert_eq!(resp.headers()["X-Page-Page"], "2");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(results(&body).len(), 5);
    assert_eq!(body["page"], 2);
    assert!(body["total"].as_u64().unwrap() > 10);
}

#[tokio::test]
async fn limit_only_lists_are_truncated() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, body) = support::get_json(&sim, &format!("/api/v1/sites/{site}/stats/clients?limit=3")).await;
    assert_eq!(body.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn filters_select_by_site_type_and_mac() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let path = support::org_path(&sim, &format!("/devices/search?site_id={site}&type=switch"));
    let (_, body) = support::get_json(&sim, &path).await;
    let found = results(&body);
    assert_eq!(found.len(), 2);
    assert!(
        found
            .iter()
            .all(|d| d["site_id"] == site.as_str() && d["type"] == "switch")
    );

    let ap = sim.world().devices_at(&site).next().unwrap().mac.clone();
    let (_, one) = support::get_json(
        &sim,
        &support::org_path(&sim, &format!("/devices/search?mac={ap}")),
    )
    .await;
    assert_eq!(results(&one).len(), 1);
    assert_eq!(results(&one)[0]["mac"], ap.as_str());

    let client = sim
        .world()
        .clients_at(&site)
        .find(|c| !c.wired)
        .unwrap()
        .mac
        .clone();
    let path = support::org_path(&sim, &format!("/clients/events/search?mac={client}&limit=1000"));
    let (_, events) = support::get_json(&sim, &path).await;
    let theirs: Vec<String> = sim
        .world()
        .records("clients/events")
        .into_iter()
        .filter(|r| r["mac"] == client.as_str())
        .map(identity)
        .collect();
    assert!(!theirs.is_empty());
    let found: Vec<String> = results(&events).iter().map(identity).collect();
    assert_eq!(found, theirs, "exactly the client's events, newest first");

    // Default type is ap, like Mist.
    let (_, aps) = support::get_json(&sim, &format!("/api/v1/sites/{site}/devices")).await;
    assert!(aps.as_array().unwrap().iter().all(|d| d["type"] == "ap"));
}

#[tokio::test]
async fn unknown_ids_in_query_filters_give_empty_results() {
    let sim = support::start(support::config()).await;
    let path = support::org_path(
        &sim,
        "/devices/search?site_id=00000000-0000-0000-0000-000000000000",
    );
    let (status, body) = support::get_json(&sim, &path).await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 0);
    assert!(body.get("next").is_none());
}

#[tokio::test]
async fn site_operations_see_only_their_site() {
    let sim = support::start(support::config()).await;
    let site = support::first_site(&sim);
    let (_, body) = support::get_json(
        &sim,
        &format!("/api/v1/sites/{site}/devices/events/search?limit=1000"),
    )
    .await;
    assert!(results(&body).len() > 10);
    assert!(results(&body).iter().all(|e| e["site_id"] == site.as_str()));
}

#[tokio::test]
async fn search_honours_page_when_asked_for_one() {
    let sim = support::start(support::config()).await;
    let (_, all) = support::get_json(&sim, &support::org_path(&sim, "/logs/search?limit=10")).await;
    let (_, second) = support::get_json(&sim, &support::org_path(&sim, "/logs/search?limit=5&page=2")).await;
    assert_eq!(results(&second)[..], results(&all)[5..10]);
}

#[tokio::test]
async fn status_all_lists_every_device_of_a_site_and_a_status_only_its_own() {
    let sim = support::start(support::config()).await;
    let org = sim.org_id().to_string();
    let (_, sites) = support::get_json(&sim, &format!("/api/v1/orgs/{org}/sites")).await;
    let site = sites[0]["id"].as_str().unwrap().to_string();
    let path = |status: &str| format!("/api/v1/sites/{site}/stats/devices?type=all&status={status}");
    let count = |body: &Value| body.as_array().expect("a list").len();
    let (_, all) = support::get_json(&sim, &path("all")).await;
    let (_, up) = support::get_json(&sim, &path("connected")).await;
    let (_, down) = support::get_json(&sim, &path("disconnected")).await;
    assert!(count(&all) > 0, "status=all filters nothing out");
    assert_eq!(count(&all), count(&up) + count(&down));
    let (_, default) = support::get_json(&sim, &format!("/api/v1/sites/{site}/stats/devices?type=all")).await;
    assert_eq!(count(&default), count(&all), "status defaults to all");
}

#[tokio::test]
async fn the_inventory_lists_unassigned_devices_without_a_site_unless_asked_for_assigned_ones_only() {
    let sim = support::start(support::config()).await;
    let inventory = |query: &'static str| {
        let path = support::org_path(&sim, &format!("/inventory{query}"));
        let sim = &sim;
        async move {
            let (status, body) = support::get_json(sim, &path).await;
            assert_eq!(status, 200, "{path}: {body}");
            body.as_array().expect("the inventory is a list").clone()
        }
    };
    let all = inventory("").await;
    let unassigned: Vec<&Value> = all.iter().filter(|d| d.get("site_id").is_none()).collect();
    assert_eq!(
        unassigned.len(),
        3,
        "the world claims three unassigned APs an org"
    );
    assert!(
        unassigned.iter().all(|d| d["connected"] == false),
        "{unassigned:?}"
    );
    assert_eq!(inventory("?unassigned=true").await.len(), all.len());
    let assigned = inventory("?unassigned=false").await;
    assert_eq!(assigned.len(), all.len() - 3);
    assert!(assigned.iter().all(|d| d["site_id"].is_string()));
}
