//! Timestamped activity: client and device events, alarms, sessions, configuration history and
//! audit logs, spread over the last 23 hours so the default one-day window sees all of it.

use super::entities::DeviceKind;
use super::spread::{devices_at, sampled_per_site, wireless_at};
use super::{Collection, Layout, Record, World, names};
use crate::config::SimScale;
use crate::rng::Rng;
use serde_json::json;

/// Oldest age of generated activity, in seconds.
const SPAN: i64 = 23 * 3_600;

/// The keys [`collection`] builds.
pub(super) const KEYS: &[&str] = &[
    "clients/events",
    "devices/events",
    "alarms",
    "clients/sessions",
    "logs",
    "devices/config_history",
    "events",
];

/// One collection of activity (each has its own random stream).
pub(super) fn collection(w: &World, seed: u64, scale: &SimScale, key: &str) -> Option<Collection> {
    let per_site = scale.events_per_site;
    Some(match key {
        "clients/events" => client_events(w, seed, per_site / 2),
        "devices/events" => device_events(w, seed, per_site * 3 / 10),
        "alarms" => alarms(w, seed, (per_site / 10).max(1)),
        "clients/sessions" => sessions(w, seed, (per_site / 10).max(1)),
        "logs" => audit_logs(w, seed, (per_site / 20).max(1)),
        "devices/config_history" => config_history(w, seed),
        "events" => org_events(w, seed, scale.records_per_collection),
        _ => return None,
    })
}

fn ts(w: &World, rng: &mut Rng) -> i64 {
    w.now - rng.range(60, SPAN)
}

fn distributed(mut records: Vec<Record>) -> Collection {
    // Newest first, like Mist's default sort; ties keep generation order.
    records.sort_by_key(|r| std::cmp::Reverse(r.ts));
    Collection {
        layout: Layout::Distributed,
        records,
    }
}

fn client_events(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "client-events");
    let records = sampled_per_site(w, &mut rng, per_site, wireless_at(w), |rng, site, c| {
        let t = ts(w, rng);
        let kind = *rng.pick(names::CLIENT_EVENT_TYPES);
        let failed = kind.ends_with("FAILURE") || kind.ends_with("DEAUTHENTICATED");
        let v = json!({
            "type": kind, "mac": c.mac, "ap": c.device_mac, "bssid": bssid(&c.device_mac, &c.band),
            "ssid": c.ssid, "wlan_id": c.wlan_id, "band": c.band,
            "channel": if c.band == "24" { 6 } else { 36 }, "proto": if c.band == "6" { "ax" } else { "ac" },
            "key_mgmt": if c.ssid == "Guest" { "NONE" } else { "WPA2-PSK/CCMP" },
            "reason_code": if failed { 23 } else { 0 }, "random_mac": false,
            "timestamp": t, "site_id": site.id, "org_id": site.org_id,
            "text": if failed { "802.1X authentication failed" } else { "" },
        });
        (t, v)
    });
    distributed(records)
}

fn device_event_type(kind: DeviceKind, rng: &mut Rng) -> &'static str {
    match kind {
        DeviceKind::Ap => rng.pick_copy(names::AP_EVENT_TYPES),
        DeviceKind::Switch => rng.pick_copy(names::SWITCH_EVENT_TYPES),
        DeviceKind::Gateway => rng.pick_copy(names::GATEWAY_EVENT_TYPES),
    }
}

fn device_events(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "device-events");
    let records = sampled_per_site(w, &mut rng, per_site, devices_at(w), |rng, site, d| {
        let t = ts(w, rng);
        let kind = device_event_type(d.kind, rng);
        let mut v = json!({
            "type": kind, "mac": d.mac, "device_type": d.kind.as_str(), "device_name": d.name,
            "model": d.model, "version": d.version, "timestamp": t, "site_id": site.id, "org_id": site.org_id,
            "text": format!("{} on {}", kind.to_lowercase().replace('_', " "), d.name),
        });
        if d.kind == DeviceKind::Ap {
            v["ap"] = json!(d.mac);
            v["apfw"] = json!(d.version);
        }
        if kind.contains("PORT") {
            v["port_id"] = json!(format!("ge-0/0/{}", rng.range(0, 47)));
        }
        (t, v)
    });
    distributed(records)
}

fn alarms(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "alarms");
    let records = sampled_per_site(w, &mut rng, per_site, devices_at(w), |rng, site, d| {
        let (kind, group, severity) = *rng.pick(names::ALARM_TYPES);
        let t = ts(w, rng);
        let acked = rng.chance(30);
        let admin = rng.pick(names::ADMINS);
        let list = match d.kind {
            DeviceKind::Ap => "aps",
            DeviceKind::Switch => "switches",
            DeviceKind::Gateway => "gateways",
        };
        let mut v = json!({
            "id": rng.uuid(), "type": kind, "group": group, "severity": severity, "site_id": site.id,
            "org_id": site.org_id, "timestamp": t, "last_seen": t + rng.range(0, 600),
            "count": rng.range(1, 5), "acked": acked, "hostnames": [d.name],
            "ack_admin_name": if acked { format!("{} {}", admin.0, admin.1) } else { String::new() },
            "reasons": [], "incident_count": 1,
        });
        v[list] = json!([d.mac]);
        (t, v)
    });
    distributed(records)
}

fn sessions(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "sessions");
    let records = sampled_per_site(w, &mut rng, per_site, wireless_at(w), |rng, site, c| {
        let t = ts(w, rng);
        let duration = rng.range(120, 4 * 3_600);
        let v = json!({
            "mac": c.mac, "ap": c.device_mac, "band": c.band, "ssid": c.ssid, "wlan_id": c.wlan_id,
            "client_family": c.family, "client_manufacture": c.manufacture, "client_model": c.model,
            "client_os": c.os, "client_username": c.username, "hostname": c.hostname, "ip": c.ip,
            "connect": t, "disconnect": t + duration, "duration": duration, "timestamp": t,
            "tags": [], "site_id": site.id, "org_id": site.org_id,
        });
        (t, v)
    });
    distributed(records)
}

fn audit_logs(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "audit");
    let mut records = Vec::new();
    for (si, site) in w.sites.iter().enumerate() {
        let org = w.org_index(&site.org_id).unwrap_or(0);
        for i in 0..per_site {
            let (first, last, email) = *rng.pick(names::ADMINS);
            let t = ts(w, &mut rng);
            // Some actions are organisation-wide and carry no site.
            let site_id = if i % 3 == 0 { None } else { Some(site.id.as_str()) };
            records.push(Record {
                org,
                site: site_id.map(|_| si),
                ts: Some(t),
                value: json!({
                    "id": rng.uuid(), "admin_id": Rng::derive(seed, email).uuid(), "admin_name": format!("{first} {last} {email}"),
                    "message": rng.pick(names::AUDIT_MESSAGES), "timestamp": t, "site_id": site_id,
                    "org_id": site.org_id, "src_ip": format!("198.51.100.{}", rng.range(2, 250)),
                    "user_agent": "Mozilla/5.0", "before": {}, "after": {},
                }),
            });
        }
    }
    distributed(records)
}

fn config_history(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "config-history");
    let mut records = Vec::new();
    for d in &w.devices {
        let Some(si) = w.site_index(&d.site_id) else {
            continue;
        };
        let org = w.org_index(&d.org_id).unwrap_or(0);
        for _ in 0..2 {
            let t = ts(w, &mut rng);
            records.push(Record {
                org,
                site: Some(si),
                ts: Some(t),
                value: json!({
                    "mac": d.mac, "type": d.kind.as_str(), "version": d.version, "timestamp": t,
                    "site_id": d.site_id, "config": format!("set system host-name {}", d.name),
                }),
            });
        }
    }
    distributed(records)
}

fn org_events(w: &World, seed: u64, per_org: usize) -> Collection {
    let mut rng = Rng::derive(seed, "org-events");
    let kinds = [
        "ORG_SETTINGS_UPDATED",
        "ORG_DEVICE_CLAIMED",
        "ORG_ADMIN_INVITED",
        "ORG_LICENSE_RENEWED",
    ];
    let mut records = Vec::new();
    for (org, o) in w.orgs.iter().enumerate() {
        for _ in 0..per_org {
            let t = ts(w, &mut rng);
            records.push(Record {
                org,
                site: None,
                ts: Some(t),
                value: json!({"type": rng.pick(&kinds), "org_id": o.id, "timestamp": t, "text": ""}),
            });
        }
    }
    let mut c = distributed(records);
    c.layout = Layout::OrgLevel;
    c
}

/// The BSSID an AP uses on a band: its MAC with the last nibble standing for the radio.
fn bssid(ap_mac: &str, band: &str) -> String {
    let radio = match band {
        "24" => '1',
        "5" => '2',
        _ => '3',
    };
    let mut s: String = ap_mac.chars().take(11).collect();
    s.push(radio);
    s
}
