//! Alarms, audit logs and events: every type is defined, alarms sit on devices of the right
//! kind and state, logs and acknowledgements name the org's admins, and a device's events
//! follow its life.

use super::references::Admins;
use super::wireless::{OnAp, check_wireless};
use super::{NOW, Report, Seen, list, num, results, text, window};
use crate::support::{self, config, get_json, org_path, start};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub(super) async fn check(seen: &Seen<'_>, admins: &Admins, r: &mut Report) {
    check_alarms(seen, admins, r).await;
    check_logs(seen, admins, r).await;
    check_device_events(seen, r).await;
    check_client_events(seen, r).await;
}

/// The records of an org search over the day.
async fn search(seen: &Seen<'_>, what: &str) -> Vec<Value> {
    let path = org_path(seen.sim, &format!("/{what}/search?limit=1000&{}", window()));
    results(&get_json(seen.sim, &path).await.1)
}

/// The `key`s of a `/const` list of definitions.
async fn keys(seen: &Seen<'_>, what: &str) -> HashSet<String> {
    let defs = list(seen.sim, &format!("/api/v1/const/{what}")).await;
    defs.iter().map(|d| text(d, "key").to_string()).collect()
}

async fn check_alarms(seen: &Seen<'_>, admins: &Admins, r: &mut Report) {
    let defs = list(seen.sim, "/api/v1/const/alarm_defs").await;
    for a in &search(seen, "alarms").await {
        let (kind, id) = (text(a, "type"), text(a, "id"));
        let def = defs.iter().find(|d| text(d, "key") == kind);
        if def.is_none() {
            r.add("alarm type no definition lists", format!("alarm {id}: {kind}"));
        }
        // The device list the definition names; without one, what the type's name says.
        let fields: Vec<&str> = match def {
            Some(def) => def
                .get("fields")
                .and_then(Value::as_array)
                .map(|f| f.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
            None if kind.starts_with("switch_") => vec!["switches"],
            None if kind.starts_with("gateway_") || kind.starts_with("vpn_") => vec!["gateways"],
            None => vec!["aps", "switches", "gateways"],
        };
        check_alarm_devices(seen, a, &fields, r);
        let acker = text(a, "ack_admin_name");
        if !acker.is_empty() && !admins.names.contains(acker) {
            r.add("ack_admin_name names no admin", format!("alarm {id}: {acker}"));
        }
    }
}

/// The devices an alarm lists are of the kind its definition names, and up unless it says
/// they are down.
fn check_alarm_devices(seen: &Seen<'_>, a: &Value, fields: &[&str], r: &mut Report) {
    let (kind, id) = (text(a, "type"), text(a, "id"));
    for (list_field, device_type) in [("aps", "ap"), ("switches", "switch"), ("gateways", "gateway")] {
        for mac in a.get(list_field).and_then(Value::as_array).into_iter().flatten() {
            let mac = mac.as_str().unwrap_or_default();
            let actual = seen.devices.get(mac).map(|d| text(d, "type"));
            if !fields.contains(&list_field) || actual != Some(device_type) {
                r.add(
                    "alarm on a device of the wrong type",
                    format!("alarm {id} {kind} on {list_field} {mac} ({actual:?})"),
                );
            }
            if kind.ends_with("_down") && kind != "vpn_peer_down" && seen.devices.connected(mac) {
                r.add(
                    "device-down alarm on a connected device",
                    format!("alarm {id} {kind} on {mac}"),
                );
            }
        }
    }
}

/// Audit logs name the org's admins, and a logged WLAN update is the WLAN's last change.
async fn check_logs(seen: &Seen<'_>, admins: &Admins, r: &mut Report) {
    let org_wlans = list(seen.sim, &org_path(seen.sim, "/wlans")).await;
    for l in search(seen, "logs").await {
        let message = text(&l, "message");
        if let Some(ssid) = message
            .strip_prefix("Update WLAN \"")
            .and_then(|m| m.strip_suffix('"'))
        {
            let t = num(&l, "timestamp").unwrap_or(0.0);
            let changed = org_wlans
                .iter()
                .find(|w| text(w, "ssid") == ssid)
                .and_then(|w| num(w, "modified_time"));
            if changed.is_none_or(|m| m < t) {
                r.add(
                    "audit log update the object does not show",
                    format!(
                        "log {} at {t}: WLAN {ssid} last modified {changed:?}",
                        text(&l, "id")
                    ),
                );
            }
        }
        let name = text(&l, "admin_name");
        let known_name = admins.names.iter().any(|n| name.starts_with(n.as_str()));
        if !admins.ids.contains(text(&l, "admin_id")) || !known_name {
            r.add(
                "audit log admin not among the org's admins",
                format!("log {}: {} {name}", text(&l, "id"), text(&l, "admin_id")),
            );
        }
    }
}

/// Device events are defined, fall within their device's life, and the latest connect or
/// disconnect agrees with its status.
async fn check_device_events(seen: &Seen<'_>, r: &mut Report) {
    let defined = keys(seen, "device_events").await;
    let mut latest_updown: HashMap<String, (i64, String)> = HashMap::new();
    for e in &search(seen, "devices/events").await {
        let (kind, mac) = (text(e, "type"), text(e, "mac"));
        let t = num(e, "timestamp").unwrap_or(0.0) as i64;
        if !defined.contains(kind) {
            r.add(
                "device event type no definition lists",
                format!("{kind} on {mac}"),
            );
        }
        let Some(d) = seen.devices.get(mac) else { continue };
        check_device_life(d, kind, t, r);
        if kind.ends_with("_CONNECTED") || kind.ends_with("_DISCONNECTED") {
            let entry = latest_updown
                .entry(mac.to_string())
                .or_insert((t, kind.to_string()));
            if t > entry.0 {
                *entry = (t, kind.to_string());
            }
        }
    }
    for (mac, (t, kind)) in &latest_updown {
        if kind.ends_with("_DISCONNECTED") == seen.devices.connected(mac) {
            let status = seen.devices.get(mac).map_or("", |d| text(d, "status"));
            r.add(
                "latest connect/disconnect event contradicts status",
                format!("{mac}: {kind} at {t}, status {status}"),
            );
        }
    }
}

/// An event of device `d` at `t` fits its uptime and its last report.
fn check_device_life(d: &Value, kind: &str, t: i64, r: &mut Report) {
    let mac = text(d, "mac");
    let connected = text(d, "status") == "connected";
    let uptime = num(d, "uptime").unwrap_or(0.0) as i64;
    if connected && kind.ends_with("_RESTARTED") && t > NOW - uptime + 300 {
        r.add(
            "restart event inside the device's uptime",
            format!("{kind} on {mac} at {t}, up since {}", NOW - uptime),
        );
    }
    let last_seen = num(d, "last_seen").unwrap_or(0.0) as i64;
    if !connected && t > last_seen + 600 {
        r.add(
            "device event after a disconnected device's last_seen",
            format!("{kind} on {mac} at {t}, last seen {last_seen}"),
        );
    }
}

/// Client events are defined, fall while their AP was up, and agree with its radios.
async fn check_client_events(seen: &Seen<'_>, r: &mut Report) {
    let defined = keys(seen, "client_events").await;
    for e in &search(seen, "clients/events").await {
        let kind = text(e, "type");
        if !defined.contains(kind) {
            r.add(
                "client event type no definition lists",
                format!("{kind} of {}", text(e, "mac")),
            );
        }
        let what = format!("{kind} event of {}", text(e, "mac"));
        if let Some(ap) = seen.devices.get(text(e, "ap")) {
            let boot = num(ap, "last_seen").unwrap_or(0.0) - num(ap, "uptime").unwrap_or(0.0);
            let t = num(e, "timestamp").unwrap_or(0.0);
            if text(ap, "status") == "connected" && t < boot {
                r.add(
                    "client event before its AP booted",
                    format!("{what} at {t}, AP up since {boot}"),
                );
            }
        }
        let on = OnAp {
            ap_field: "ap",
            proto_field: "proto",
            what: &what,
        };
        check_wireless(r, seen, e, &on);
    }
}

/// Sends `body` with `method` to `path` with the main token: the status and the JSON answer.
async fn send(sim: &mist_sim::RunningSim, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    let resp = support::client()
        .request(method, format!("{}{}", sim.base_url(), path))
        .header("Authorization", format!("Token {}", sim.token()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json::<Value>().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_write_changes_the_world_and_the_audit_log_names_the_admin_behind_the_token() {
    let sim = start(config()).await;
    let body = serde_json::json!({"ssid": "Lab-Test", "vlan_id": 60});
    let (status, created) = send(&sim, reqwest::Method::POST, &org_path(&sim, "/wlans"), body).await;
    assert_eq!(status, 200, "{created}");
    let wlan_path = org_path(&sim, &format!("/wlans/{}", text(&created, "id")));
    let body = serde_json::json!({"ssid": "Lab-Test", "vlan_id": 61});
    let (status, updated) = send(&sim, reqwest::Method::PUT, &wlan_path, body).await;
    assert_eq!(status, 200, "{updated}");
    let (_, wlan) = get_json(&sim, &wlan_path).await;
    assert_eq!(wlan["vlan_id"], 61, "the update changed the WLAN: {wlan}");

    let (_, me) = get_json(&sim, "/api/v1/self").await;
    let admins = list(&sim, &org_path(&sim, "/admins")).await;
    let mine = admins
        .iter()
        .find(|a| a["email"] == me["email"])
        .expect("the token's own account is among the org's admins");
    let logs = list(&sim, &org_path(&sim, "/logs/search?limit=1000&duration=1h")).await;
    for message in ["Add WLAN \"Lab-Test\"", "Update WLAN \"Lab-Test\""] {
        let log = logs
            .iter()
            .find(|l| text(l, "message") == message)
            .unwrap_or_else(|| panic!("no audit log {message} among {logs:?}"));
        assert_eq!(log["admin_id"], mine["admin_id"], "{log}");
        assert!(
            text(log, "admin_name").starts_with(text(mine, "first_name")),
            "{log}"
        );
    }
    sim.shutdown().await;
}
