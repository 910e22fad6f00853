//! Figures for the Mist client, printed with `--nocapture`, each checked by an assertion:
//! upstream requests of a scripted 50-call session with the cache on and off, the waits of a
//! call that meets two 503s, and the size of a 100-device search before and after shaping.
//!
//! `cargo test -p mistmcp --test client_figures -- --nocapture --test-threads=1`

use crate::harness::client::*;
use http::Method;
use mist_catalog::CacheClass;
use mist_client::{BodyKind, MistClient, Request};
use mist_sim::{Fault, FaultPlan, FaultRule, SimConfig, SimScale};
use mistmcp::ClientOptions;
use mistmcp_engine::{CategorySet, ToolMode, ToolRegistry};
use serde_json::{Map, Value, json};
use std::time::Duration;

/// A model's session: who am I, which sites, device searches (some repeated as the model
/// narrows and comes back), SLEs, events, inventory and settings, many asked twice.
fn session(sim: &mist_sim::RunningSim) -> Vec<(&'static str, Value)> {
    let org = sim.org_id();
    let sites: Vec<String> = sim.world().sites_of(org).map(|s| s.id.clone()).take(3).collect();
    let sample = |tool: &str| {
        let def = mist_catalog::catalog().tool(tool).unwrap();
        Value::Object(sim.sample_args(def))
    };
    let mut calls: Vec<(&'static str, Value)> = vec![
        ("getSelf", json!({})),
        ("searchOrgSites", json!({"org_id": org})),
        ("getOrgSettings", json!({"org_id": org})),
        ("searchOrgDevices", json!({"org_id": org, "type": "ap"})),
        ("searchOrgDevices", json!({"org_id": org, "type": "switch"})),
        ("searchOrgDevices", json!({"org_id": org, "type": "ap"})),
        ("getOrgStats", json!({"org_id": org})),
        ("getOrgSitesSle", json!({"org_id": org})),
        ("getSiteSleSummary", sample("getSiteSleSummary")),
        ("listSiteSlesMetrics", sample("listSiteSlesMetrics")),
        ("searchOrgAlarms", json!({"org_id": org})),
        ("searchOrgDeviceEvents", json!({"org_id": org, "limit": 50})),
        (
            "searchOrgWirelessClientEvents",
            json!({"org_id": org, "limit": 50}),
        ),
        ("getSelf", json!({})),
        ("getOrgInventory", json!({"org_id": org})),
        ("listOrgWlans", json!({"org_id": org})),
        ("listApChannels", json!({})),
        ("searchOrgDevices", json!({"org_id": org, "type": "ap"})),
        ("searchOrgDeviceEvents", json!({"org_id": org, "limit": 50})),
        ("getSiteSleSummary", sample("getSiteSleSummary")),
    ];
    for site in &sites {
        calls.push(("getSiteStats", json!({"site_id": site})));
        calls.push(("listSiteDevices", json!({"site_id": site})));
        calls.push(("searchOrgDevices", json!({"org_id": org, "site_id": site})));
        calls.push(("getSiteStats", json!({"site_id": site})));
        calls.push(("listSiteDevices", json!({"site_id": site})));
        calls.push((
            "searchOrgWirelessClients",
            json!({"org_id": org, "site_id": site, "limit": 20}),
        ));
    }
    calls.extend([
        ("getSelf", json!({})),
        ("searchOrgSites", json!({"org_id": org})),
        ("getOrgSettings", json!({"org_id": org})),
        ("getOrgStats", json!({"org_id": org})),
        ("searchOrgAlarms", json!({"org_id": org})),
        ("getOrgLicensesSummary", json!({"org_id": org})),
        ("getSelfApiUsage", json!({})),
        ("searchOrgDevices", json!({"org_id": org, "type": "switch"})),
        ("getOrgSitesSle", json!({"org_id": org})),
        ("listApChannels", json!({})),
        ("getOrgInventory", json!({"org_id": org})),
        ("getSelf", json!({})),
    ]);
    calls
}

async fn run_session(cache: bool) -> (usize, u64, Vec<String>) {
    let sim = sim().await;
    let options = if cache {
        options()
    } else {
        ClientOptions {
            cache: None,
            ..options()
        }
    };
    let direct = Direct::new(options);
    let t = target(&sim, sim.token());
    let calls = session(&sim);
    let mut failures = Vec::new();
    for (tool, args) in &calls {
        let result = direct.call(&t, tool, args.clone()).await;
        if is_error(&result) {
            failures.push(format!("{tool}: {}", text_of(&result)));
        }
    }
    (calls.len(), sim.stats().total, failures)
}

#[tokio::test]
async fn a_scripted_session_makes_fewer_upstream_requests_with_the_cache() {
    let (calls, cached, failures_on) = run_session(true).await;
    let (_, uncached, failures_off) = run_session(false).await;
    assert!(
        failures_on.is_empty() && failures_off.is_empty(),
        "{failures_on:?} {failures_off:?}"
    );
    println!(
        "FIGURE session: {calls} tool calls -> {cached} upstream requests with the cache, {uncached} without"
    );
    assert_eq!(calls, 50);
    assert_eq!(uncached, 50, "one request per call without the cache");
    assert!(cached < uncached);
}

#[tokio::test]
async fn two_503s_then_success_show_the_backoff() {
    let sim = sim().await;
    sim.set_faults(FaultPlan::single(
        FaultRule::times(2, Fault::Status { status: 503 }).on_path("/api/v1/self"),
    ));
    let client = MistClient::new(options().client_settings(Duration::from_secs(5))).unwrap();
    let t = target(&sim, sim.token());
    let request = Request {
        method: Method::GET,
        path: "/api/v1/self",
        class: CacheClass::Config,
        body: BodyKind::Json,
        fresh: true,
    };
    let started = std::time::Instant::now();
    let fetched = client.fetch(&t.base, &t.token, &request).await.unwrap();
    let waits: Vec<u128> = fetched.retry_waits.iter().map(Duration::as_millis).collect();
    println!(
        "FIGURE retry: 2 x 503 then 200: waits {waits:?} ms, call took {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(waits.len(), 2);
    assert!(
        (100..=200).contains(&waits[0]) && (200..=400).contains(&waits[1]),
        "{waits:?}"
    );
}

#[tokio::test]
async fn a_100_device_search_shrinks_when_shaped() {
    let scale = SimScale {
        sites: 13,
        ..SimScale::default()
    };
    let sim = sim_with(SimConfig { scale, ..config() }).await;
    let t = target(&sim, sim.token());
    let path = format!("/api/v1/orgs/{}/devices/search?limit=100", sim.org_id());
    let client = MistClient::new(options().client_settings(Duration::from_secs(5))).unwrap();
    let request = Request {
        method: Method::GET,
        path: &path,
        class: CacheClass::Volatile,
        body: BodyKind::Json,
        fresh: true,
    };
    let raw = client
        .fetch(&t.base, &t.token, &request)
        .await
        .unwrap()
        .reply
        .body
        .len();
    // Measured without the size cap, then with the default one.
    let uncapped = Direct::new(ClientOptions {
        max_result_bytes: 1 << 20,
        ..options()
    });
    let shaped = uncapped
        .call(
            &t,
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": 100}),
        )
        .await;
    assert_eq!(results(&shaped).len(), 100);
    let envelope = serde_json::to_vec(answer(&shaped)).unwrap().len();
    let capped = Direct::new(options())
        .call(
            &t,
            "searchOrgDevices",
            json!({"org_id": sim.org_id(), "limit": 100}),
        )
        .await;
    let capped_len = serde_json::to_vec(answer(&capped)).unwrap().len();
    println!(
        "FIGURE size: searchOrgDevices, 100 devices: {raw} bytes from Mist, {envelope} bytes shaped ({}%); \
         with the default 100 KB cap: {capped_len} bytes, {} devices kept",
        envelope * 100 / raw,
        results(&capped).len()
    );
    // Mist's device search records (as the spec shapes them) carry no null or empty fields to
    // strip: the answer is the body plus a small envelope, never more.
    assert!(envelope <= raw + 512, "{envelope} > {raw} + 512");
    assert!(capped_len <= 100 * 1024);
}

#[test]
fn tools_list_size_in_all_mode() {
    let catalog = mist_catalog::catalog();
    let tools = mistmcp::ToolList::new(std::sync::Arc::new(ToolRegistry::new(catalog)))
        .list(ToolMode::All, CategorySet::all(catalog));
    let bytes = serde_json::to_vec(&json!({"tools": tools})).unwrap().len();
    let extra: usize = catalog
        .tools
        .iter()
        .flat_map(mistmcp_engine::controls::schema_properties)
        .map(|(name, schema)| {
            serde_json::to_vec(&Map::from_iter([(name.to_owned(), schema)]))
                .unwrap()
                .len()
                - 1
        })
        .sum();
    println!("FIGURE tools/list (all mode): {bytes} bytes, of which {extra} for cursor/max_pages/fields");
    // 772 bytes per tool on average with every parameter, type and enum; a little headroom.
    assert!(
        bytes <= 800 * tools.len(),
        "{bytes} bytes for {} tools",
        tools.len()
    );
}
