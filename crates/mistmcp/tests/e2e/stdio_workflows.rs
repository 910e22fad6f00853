//! The workflow tools (`getSiteHealth`, `findMistEntity`) over stdio: their answers checked
//! against what the single-operation tools of the same server answer, an injected upstream
//! failure reported inside a successful answer, the budget they spend, and how modes, search
//! and the command line reach them.

use crate::harness::stdio::*;
use mist_sim::{Fault, FaultPlan, FaultRule};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The answer's data, after checking the call succeeded.
pub(crate) fn ok(result: &rmcp::model::CallToolResult) -> Value {
    assert!(!is_error(result), "{}", text_of(result));
    data(result).clone()
}

/// The org the token reaches, from getSelf.
pub(crate) async fn org_id(client: &Client) -> String {
    let me = ok(&call(client, "getSelf", json!({})).await);
    me["privileges"][0]["org_id"].as_str().expect("an org").to_owned()
}

/// The rows of `calls`: (tool, status).
pub(crate) fn calls(data: &Value) -> Vec<(String, String)> {
    data["calls"]
        .as_array()
        .expect("calls is a list")
        .iter()
        .map(|c| {
            (
                c["tool"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// A site with a disconnected device, found with the single-operation tools.
async fn site_with_a_device_down(client: &Client, org: &str) -> String {
    let down = ok(&call(
        client,
        "listOrgDevicesStats",
        json!({"org_id": org, "type": "all", "status": "disconnected", "fields": "site_id"}),
    )
    .await);
    down[0]["site_id"]
        .as_str()
        .expect("a device is down somewhere")
        .to_owned()
}

#[tokio::test]
async fn site_health_in_demo_mode_counts_the_devices_the_site_device_stats_list() {
    let client = Launch::demo().connect().await;
    let org = org_id(&client).await;
    let site = site_with_a_device_down(&client, &org).await;
    let health = ok(&call(&client, "getSiteHealth", json!({"site_id": site, "top": 3})).await);

    let listed = ok(&call(
        &client,
        "listSiteDevicesStats",
        json!({"site_id": site, "type": "all", "status": "all", "limit": 1000, "fields": "status"}),
    )
    .await);
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for device in listed.as_array().expect("a list of devices") {
        *by_status
            .entry(device["status"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert!(
        by_status.len() > 1,
        "the site has devices up and down: {by_status:?}"
    );
    assert_eq!(health["devices"]["by_status"], json!(by_status));
    assert_eq!(
        health["devices"]["total"],
        json!(listed.as_array().unwrap().len())
    );
    let named = health["devices"]["not_connected"].as_array().unwrap();
    assert!(!named.is_empty() && named.len() <= 3, "{named:?}");
    assert!(named.iter().all(|d| d["status"] != "connected"));

    let enabled = ok(&call(
        &client,
        "listSiteSlesMetrics",
        json!({"site_id": site, "scope": "site", "scope_id": site}),
    )
    .await);
    let enabled = enabled["enabled"].as_array().unwrap();
    let sle = health["sle"].as_array().expect("SLE rows");
    assert!(!sle.is_empty());
    for row in sle {
        assert!(enabled.contains(&row["metric"]), "{row}");
        let score = row["score"].as_f64().expect("a score");
        assert!((0.0..=100.0).contains(&score), "{row}");
    }
    let alarms = ok(&call(
        &client,
        "searchSiteAlarms",
        json!({"site_id": site, "acked": false, "limit": 1000, "fields": "resolved_time"}),
    )
    .await);
    let open = alarms["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a.get("resolved_time").is_none())
        .count();
    assert_eq!(health["alarms"]["open"], json!(open));
    assert_eq!(health["site"]["id"], json!(site));
    let impacted = &health["impacted_clients"];
    assert!(
        impacted["clients"].as_array().is_some_and(|c| c.len() <= 3),
        "{impacted}"
    );

    let made = calls(&health);
    assert!(made.iter().all(|(_, status)| status == "ok"), "{made:?}");
    for tool in [
        "getSiteInfo",
        "listSiteSlesMetrics",
        "searchSiteAlarms",
        "listSiteDevicesStats",
    ] {
        assert!(made.iter().any(|(t, _)| t == tool), "{tool} not in {made:?}");
    }
    assert_eq!(
        made.iter().filter(|(t, _)| t == "getSiteSleSummary").count(),
        sle.len(),
        "one summary per SLE row"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn site_health_scores_every_enabled_metric_as_mist_scores_the_site() {
    let client = Launch::demo().connect().await;
    let org = org_id(&client).await;
    let site = site_with_a_device_down(&client, &org).await;
    let metrics = ok(&call(
        &client,
        "listSiteSlesMetrics",
        json!({"site_id": site, "scope": "site", "scope_id": site}),
    )
    .await);
    let mut enabled: Vec<String> = metrics["enabled"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    assert!(
        enabled.len() > 6,
        "the world enables more metrics than the old cap: {enabled:?}"
    );
    let health = ok(&call(&client, "getSiteHealth", json!({"site_id": site})).await);
    let rows = health["sle"].as_array().unwrap();
    let mut scored: Vec<String> = rows
        .iter()
        .map(|r| r["metric"].as_str().unwrap().to_owned())
        .collect();
    enabled.sort();
    scored.sort();
    assert_eq!(scored, enabled, "every enabled metric has its row: {health}");
    assert!(health.get("sle_not_summarized").is_none());
    let insight = ok(&call(&client, "getOrgSitesSle", json!({"org_id": org, "sle": "wifi"})).await);
    let mine = insight["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["site_id"] == site.as_str())
        .expect("the site is in the org's insight")
        .clone();
    let mut compared = 0;
    for row in rows {
        let metric = row["metric"].as_str().unwrap();
        if let Some(mist) = mine[metric].as_f64() {
            assert_eq!(
                row["score"].as_f64(),
                Some((mist * 1000.0).round() / 10.0),
                "{metric}: {row}"
            );
            assert!(row.get("score_from").is_none(), "{row}");
            compared += 1;
        }
    }
    assert!(compared >= 3, "scores compared with Mist's: {compared}");
    client.cancel().await.ok();
}

#[tokio::test]
async fn one_failed_upstream_read_is_reported_inside_a_successful_answer() {
    let sim = sim().await;
    let client = Launch::against(&sim).args(&["--retries", "0"]).connect().await;
    let org = sim.org_id().to_owned();
    let site = site_with_a_device_down(&client, &org).await;
    sim.set_faults(FaultPlan::single(
        FaultRule::always(Fault::Status { status: 503 }).on_path("/alarms/search"),
    ));
    let result = call(&client, "getSiteHealth", json!({"site_id": site})).await;
    let health = ok(&result);
    let made = calls(&health);
    let failed: Vec<&(String, String)> = made.iter().filter(|(_, s)| s == "failed").collect();
    assert_eq!(
        failed,
        [&("searchSiteAlarms".to_owned(), "failed".to_owned())],
        "{made:?}"
    );
    let row = health["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["tool"] == "searchSiteAlarms")
        .unwrap();
    assert!(row["error"].as_str().unwrap().contains("503"), "{row}");
    assert!(health.get("alarms").is_none(), "the failed part is left out");
    assert!(
        health["missing"][0]
            .as_str()
            .unwrap()
            .starts_with("alarms (searchSiteAlarms failed")
    );
    assert!(
        health["devices"]["total"].as_u64().unwrap() > 0,
        "the other parts are whole"
    );
    assert!(!health["sle"].as_array().unwrap().is_empty());
    assert!(text_of(&result).contains("1 of"), "{}", text_of(&result));

    sim.set_faults(FaultPlan::single(
        FaultRule::always(Fault::Status { status: 500 }).on_path("/wired_clients/search"),
    ));
    let found = ok(&call(
        &client,
        "findMistEntity",
        json!({"org_id": org, "query": "10.1.30.2"}),
    )
    .await);
    let statuses = calls(&found);
    assert!(statuses.contains(&("searchOrgWiredClients".to_owned(), "failed".to_owned())));
    // The sites, the three device searches (one per type) and the wireless clients.
    assert_eq!(
        statuses.iter().filter(|(_, s)| s == "ok").count(),
        5,
        "{statuses:?}"
    );
    assert!(
        !found["clients"].as_array().unwrap().is_empty(),
        "wireless clients still found"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn every_read_of_a_workflow_is_spent_from_the_tokens_budget() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--rate-limit", "10", "--no-cache"])
        .connect()
        .await;
    let org = sim.org_id().to_owned();
    let first = ok(&call(
        &client,
        "findMistEntity",
        json!({"org_id": org, "query": "5c5b35140eac"}),
    )
    .await);
    // The sites, a device search per device type, the inventory and both client searches.
    assert_eq!(calls(&first).len(), 7);
    assert!(calls(&first).iter().all(|(_, s)| s == "ok"));
    let second = call(
        &client,
        "findMistEntity",
        json!({"org_id": org, "query": "10.1.30.2"}),
    )
    .await;
    let second = ok(&second);
    let made = calls(&second);
    let answered = made.iter().filter(|(_, s)| s == "ok").count();
    assert_eq!(answered, 3, "three calls were left of ten: {made:?}");
    let refusals: Vec<&Value> = second["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .collect();
    assert_eq!(refusals.len(), 3);
    assert!(
        refusals
            .iter()
            .all(|c| c["error"].as_str().unwrap().contains("budget")),
        "{refusals:?}"
    );
    let stats = sim.stats();
    let reached: u64 = [
        "listOrgSites",
        "searchOrgDevices",
        "getOrgInventory",
        "searchOrgWirelessClients",
        "searchOrgWiredClients",
    ]
    .iter()
    .map(|t| stats.tool_count(t))
    .sum();
    assert_eq!(reached, 10, "refused reads never reached Mist");
    client.cancel().await.ok();
}

#[tokio::test]
async fn custom_mode_reaches_the_workflows_only_with_their_category() {
    let sim = sim().await;
    let without = Launch::custom(&sim, "sites").connect().await;
    let refused = call(&without, "getSiteHealth", json!({"site_id": sim.org_id()})).await;
    assert!(is_error(&refused));
    assert_eq!(error_of(&refused)["kind"], "not_enabled", "{}", text_of(&refused));
    assert!(!tool_names(&without).await.contains(&"getSiteHealth".to_owned()));
    without.cancel().await.ok();

    let with = Launch::custom(&sim, "workflows").connect().await;
    let tools = with.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "getSelf",
            "searchMistTools",
            "describeMistTool",
            "getSiteHealth",
            "findMistEntity",
            "showSiteMap"
        ]
    );
    let health = tools.iter().find(|t| t.name == "getSiteHealth").unwrap();
    assert_eq!(health.input_schema.get("required"), Some(&json!(["site_id"])));
    assert!(health.input_schema["properties"].get("fields").is_some());
    assert_eq!(
        health.output_schema.as_ref().and_then(|s| s.get("required")),
        Some(&json!(["data"]))
    );
    assert_eq!(
        health.annotations.as_ref().and_then(|a| a.read_only_hint),
        Some(true)
    );
    with.cancel().await.ok();
}

#[tokio::test]
async fn search_finds_the_workflows_and_managed_mode_enables_describes_and_calls_them() {
    let client = Launch::demo().connect().await;
    for (query, tool) in [
        ("site health", "getSiteHealth"),
        ("find device by mac", "findMistEntity"),
    ] {
        let hits = ok(&call(&client, "searchMistTools", json!({"query": query, "limit": 3})).await);
        let names: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["name"].as_str())
            .collect();
        assert!(names.contains(&tool), "{query}: {names:?}");
    }
    let described = ok(&call(&client, "describeMistTool", json!({"name": "findMistEntity"})).await);
    assert_eq!(described["category"], "workflows");
    assert!(described["item_fields"].get("calls").is_some(), "{described}");

    let enabled = call(&client, "manageMcpTools", json!({"enable": "workflows"})).await;
    assert!(!is_error(&enabled), "{}", text_of(&enabled));
    let names = tool_names(&client).await;
    assert!(names.iter().any(|n| n == "getSiteHealth") && names.iter().any(|n| n == "findMistEntity"));

    let org = org_id(&client).await;
    let by_name = call(
        &client,
        "callMistTool",
        json!({"tool": "findMistEntity", "arguments": {"org_id": org, "query": "*", "fields": "sites"}}),
    )
    .await;
    let found = ok(&by_name);
    assert!(
        found["sites"].as_array().is_some_and(|s| !s.is_empty()),
        "{found}"
    );
    assert!(found.get("devices").is_none(), "fields kept only the sites");
    assert!(!calls(&found).is_empty(), "the calls stay whatever fields asks");
    let wrong = call(
        &client,
        "callMistTool",
        json!({"tool": "getSiteHealth", "arguments": {}}),
    )
    .await;
    assert!(is_error(&wrong));
    assert!(text_of(&wrong).contains("site_id"), "{}", text_of(&wrong));
    client.cancel().await.ok();
}

#[tokio::test]
async fn the_call_subcommand_runs_a_workflow_in_demo_mode() {
    let client = Launch::demo().connect().await;
    let org = org_id(&client).await;
    client.cancel().await.ok();
    let (code, out, err) = Launch::demo()
        .args(&[
            "call",
            "findMistEntity",
            &format!("org_id={org}"),
            "query=Paris",
            "--output",
            "json",
        ])
        .run_to_exit()
        .await;
    assert_eq!(code, 0, "{err}");
    let answer: Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(answer["data"]["sites"][0]["name"], "Paris-HQ", "{out}");
    assert_eq!(calls(&answer["data"]).len(), 6);
}
