//! The real cloud's quirks (`mist_sim::QUIRKS`) are made where the list says, each on some
//! records and never on all, so a client of the simulator meets every one of them.

use crate::support::{config, first_site, get_json, get_with, org_path, start};
use mist_sim::RunningSim;
use serde_json::Value;

/// The records `path` answers (a list, or a search's `results`).
async fn records(sim: &RunningSim, path: &str) -> Vec<Value> {
    let (status, body) = get_json(sim, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    match body {
        Value::Array(items) => items,
        other => other["results"].as_array().cloned().unwrap_or_default(),
    }
}

fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v.get(field).and_then(Value::as_str).unwrap_or_default()
}

#[test]
fn every_quirk_names_catalog_operations_fields_and_where_it_is_made() {
    let catalog = mist_catalog::catalog();
    for q in mist_sim::QUIRKS {
        assert!(!q.fields.is_empty() && !q.made.is_empty(), "{q:?}");
        for op in q.operations {
            assert!(
                catalog.tools.iter().any(|t| t.operation_id == *op),
                "{}: {op} is no catalog operation",
                q.name
            );
        }
    }
}

#[tokio::test]
async fn a_standalone_gateway_and_a_dropped_ap_give_an_empty_string_where_the_object_was() {
    let sim = start(config()).await;
    let stats = records(&sim, &org_path(&sim, "/stats/devices?type=all&limit=1000")).await;
    let of = |kind: &'static str| stats.iter().filter(move |d| text(d, "type") == kind);
    let (standalone, clustered): (Vec<&Value>, Vec<&Value>) =
        of("gateway").partition(|g| g["cluster_config"] == "");
    assert!(
        !standalone.is_empty() && !clustered.is_empty(),
        "{standalone:?} {clustered:?}"
    );
    for g in &clustered {
        assert_eq!(g["is_ha"], true, "{g}");
        assert!(g["cluster_config"]["status"].is_string(), "{g}");
        assert!(g["module2_stat"][0]["mac"].is_string(), "{g}");
    }
    for g in &standalone {
        assert_eq!(g["is_ha"], false, "{g}");
    }
    let (dropped, up): (Vec<&Value>, Vec<&Value>) = of("ap").partition(|a| a["status"] != "connected");
    assert!(!dropped.is_empty() && !up.is_empty());
    assert!(dropped.iter().all(|a| a["lldp_stat"] == ""), "{dropped:?}");
    assert!(up.iter().all(|a| a["lldp_stat"].is_object()), "{up:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_sites_own_wlan_has_a_null_template_id_and_the_orgs_wlans_name_theirs() {
    let sim = start(config()).await;
    let site = first_site(&sim);
    let wlans = records(&sim, &format!("/api/v1/sites/{site}/wlans/derived")).await;
    let null = wlans
        .iter()
        .filter(|w| w.get("template_id") == Some(&Value::Null))
        .count();
    let named = wlans.iter().filter(|w| w["template_id"].is_string()).count();
    assert!(null > 0 && named > 0, "{wlans:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn switch_and_gateway_interfaces_are_keyed_port_dot_unit() {
    let sim = start(config()).await;
    let stats = records(&sim, &org_path(&sim, "/stats/devices?type=all&limit=1000")).await;
    for d in stats.iter().filter(|d| text(d, "type") != "ap") {
        let keys: Vec<&String> = d["if_stat"]
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert!(!keys.is_empty(), "{} has interfaces", text(d, "name"));
        for key in keys {
            let (port, unit) = key.rsplit_once('.').unwrap_or_else(|| panic!("{key} has no dot"));
            assert!(port.contains('/') && unit.parse::<u16>().is_ok(), "{key}");
            assert_eq!(d["if_stat"][key]["port_id"], port, "{key}");
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn device_and_client_events_are_timed_to_the_microsecond_and_alarms_to_the_second() {
    let sim = start(config()).await;
    for what in ["devices/events", "clients/events"] {
        let events = records(&sim, &org_path(&sim, &format!("/{what}/search?limit=1000"))).await;
        let fractional = events
            .iter()
            .filter(|e| e["timestamp"].as_f64().is_some_and(|t| t.fract() != 0.0))
            .count();
        // A fraction of exactly zero happens once in a million draws.
        assert!(
            fractional * 10 > events.len() * 9,
            "{what}: {fractional} of {}",
            events.len()
        );
    }
    let alarms = records(&sim, &org_path(&sim, "/alarms/search?limit=1000")).await;
    assert!(!alarms.is_empty() && alarms.iter().all(|a| a["timestamp"].is_i64()));
    let site = first_site(&sim);
    let roams = records(&sim, &format!("/api/v1/sites/{site}/events/fast_roam?limit=1000")).await;
    assert!(!roams.is_empty(), "fast-roaming events in the default window");
    for r in &roams {
        let t = r["timestamp"].as_i64().unwrap_or_default();
        assert!(
            t > 1_000_000_000_000_000,
            "microseconds since the epoch, whole: {r}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn ap_items_of_the_device_search_carry_their_type() {
    let sim = start(config()).await;
    let mut found = 0;
    for kind in ["ap", "switch", "gateway"] {
        let path = org_path(&sim, &format!("/devices/search?type={kind}&limit=1000"));
        for d in records(&sim, &path).await {
            found += 1;
            let device = sim.world().device(text(&d, "mac")).map(|x| x.kind.as_str());
            assert_eq!((d["type"].as_str(), device), (Some(kind), Some(kind)), "{d}");
        }
    }
    let org = sim.world().devices.iter().filter(|d| d.org_id == sim.org_id());
    assert_eq!(found, org.count(), "the search finds every device of the org");
    sim.shutdown().await;
}

#[tokio::test]
async fn an_org_token_self_gives_privileges_and_names_no_user() {
    let sim = start(config()).await;
    let resp = get_with(&sim, Some(mist_sim::ORG_TOKEN), "/api/v1/self").await;
    assert_eq!(resp.status(), 200);
    let me: Value = resp.json().await.unwrap();
    assert!(me.get("email").is_none(), "an org token is nobody: {me}");
    assert_eq!(me["privileges"][0]["org_id"], sim.org_id(), "{me}");
    assert_eq!(me["privileges"][0]["scope"], "org", "{me}");
    sim.shutdown().await;
}
