//! Timestamped activity: client and device events, alarms, sessions, configuration history and
//! audit logs, spread over the last 23 hours so the default one-day window sees all of it.

use super::entities::{Device, DeviceKind};
use super::spread::{devices_at, sampled_per_site, site_of, wireless_at};
use super::{Collection, Layout, Record, World, names};
use crate::config::SimScale;
use crate::rng::Rng;
use serde_json::{Value, json};

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

pub(super) fn distributed(mut records: Vec<Record>) -> Collection {
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
        // While its AP was up: never before the AP booted.
        // (Drawn within that span, not clamped to its start: identical events would merge.)
        let booted = w
            .device(&c.device_mac)
            .map_or(i64::MIN, |ap| ap.boot_time() + 120);
        let lo = (w.now - SPAN).max(booted).min(w.now - 120);
        let t = rng.range(lo, w.now - 60);
        let (kind, _, group) = *rng.pick(names::CLIENT_EVENTS);
        let failed = group == "failure" || kind == "CLIENT_DEAUTHENTICATION";
        let v = json!({
            "type": kind, "mac": c.mac, "ap": c.device_mac, "bssid": bssid(&c.device_mac, &c.band),
            "ssid": c.ssid, "wlan_id": c.wlan_id, "band": c.band,
            "channel": c.channel, "proto": c.proto,
            "key_mgmt": if c.ssid == "Guest" { "NONE" } else { "WPA2-PSK/CCMP" },
            "reason_code": if failed { 23 } else { 0 }, "random_mac": false,
            "timestamp": to_the_microsecond(w.seed, &c.mac, t), "site_id": site.id, "org_id": site.org_id,
            "text": if failed { "802.1X authentication failed" } else { "" },
        });
        (t, v)
    });
    distributed(records)
}

/// The device event types of a device type: its lifecycle ones (restart, connect,
/// disconnect, as listed) and the others.
fn device_event_types(kind: DeviceKind) -> (Vec<&'static str>, Vec<&'static str>) {
    type Def = (&'static str, &'static str, &'static str, bool);
    let (life, other): (Vec<&Def>, Vec<&Def>) = names::DEVICE_EVENTS
        .iter()
        .filter(|e| e.2 == kind.as_str())
        .partition(|e| e.3);
    (
        life.iter().map(|e| e.0).collect(),
        other.iter().map(|e| e.0).collect(),
    )
}

fn device_event(seed: u64, d: &Device, kind: &str, t: i64, rng: &mut Rng) -> Value {
    let mut v = json!({
        "type": kind, "mac": d.mac, "device_type": d.kind.as_str(), "device_name": d.name,
        "model": d.model, "version": d.version, "timestamp": to_the_microsecond(seed, &d.mac, t),
        "site_id": d.site_id, "org_id": d.org_id,
        "text": format!("{} on {}", kind.to_lowercase().replace('_', " "), d.name),
    });
    if d.kind == DeviceKind::Ap {
        v["ap"] = json!(d.mac);
        v["apfw"] = json!(d.version);
    }
    if kind.contains("PORT") {
        v["port_id"] = json!(format!("ge-0/0/{}", rng.range(0, 47)));
    }
    v
}

/// A device's events follow its life: a restart and a connect when it booted within the day, a
/// disconnect when it dropped (its last event), and the other events only while it was up.
fn device_events(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "device-events");
    let oldest = w.now - SPAN;
    let mut records = Vec::new();
    for d in &w.devices {
        let (org, site) = site_of(w, &d.site_id);
        // Listed as connect, disconnect, restart.
        let (life, _) = device_event_types(d.kind);
        let mut push = |t: i64, kind: &str, rng: &mut Rng| {
            let value = device_event(seed, d, kind, t, rng);
            records.push(Record {
                org,
                site,
                ts: Some(t),
                value,
            });
        };
        let boot = d.boot_time();
        if boot > oldest {
            push(boot, life[2], &mut rng);
            push(boot + 90, life[0], &mut rng);
        }
        if !d.connected {
            push(d.last_seen, life[1], &mut rng);
        }
    }
    let others = sampled_per_site(w, &mut rng, per_site, devices_at(w), |rng, _, d| {
        let (_, other) = device_event_types(d.kind);
        let kind = rng.pick_copy(&other);
        // While it was up: after its boot (or the window's start) and before it was last seen.
        let lo = d.boot_time().max(oldest) + 120;
        let hi = (d.last_seen - 60).max(lo + 1);
        let t = rng.range(lo, hi);
        (t, device_event(seed, d, kind, t, rng))
    });
    records.extend(others);
    distributed(records)
}

/// The alarm types a device of `kind` raises: its `*_down` alarm when `down`, the others when
/// it is up.
fn alarm_types(
    kind: DeviceKind,
    down: bool,
) -> Vec<&'static (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    let list = alarm_list(kind);
    names::ALARMS
        .iter()
        .filter(|a| a.4 == list && is_down_alarm(a.0) == down)
        .collect()
}

/// Whether an alarm type says its device itself is down (a VPN peer down is the peer's).
pub(crate) fn is_down_alarm(kind: &str) -> bool {
    matches!(kind, "device_down" | "switch_down" | "gateway_down")
}

/// The alarm field that lists devices of a kind.
fn alarm_list(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Ap => "aps",
        DeviceKind::Switch => "switches",
        DeviceKind::Gateway => "gateways",
    }
}

/// Every disconnected device has its down alarm, raised a few minutes after it dropped; the
/// other alarms fall on devices that are up, each of a type its kind of device raises.
fn alarms(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "alarms");
    let admins = names::ADMINS;
    let mut records = Vec::new();
    for (si, site) in w.sites.iter().enumerate() {
        let org = w.org_index(&site.org_id).unwrap_or(0);
        let devices: Vec<&Device> = w.devices_at(&site.id).collect();
        let up: Vec<&Device> = devices.iter().copied().filter(|d| d.connected).collect();
        let down: Vec<&Device> = devices.iter().copied().filter(|d| !d.connected).collect();
        let mut raise = |rng: &mut Rng, d: &Device, is_down: bool| {
            let (kind, _, group, severity, list) = **rng.pick(&alarm_types(d.kind, is_down));
            let t = if is_down {
                d.last_seen + 300
            } else {
                let lo = d.boot_time().max(w.now - SPAN);
                rng.range(lo, d.last_seen.max(lo + 1))
            };
            let acked = !is_down && rng.chance(30);
            let (first, last, email) = *rng.pick(admins);
            let mut v = json!({
                "id": rng.uuid(), "type": kind, "group": group, "severity": severity, "site_id": site.id,
                "org_id": site.org_id, "timestamp": t, "last_seen": (t + rng.range(0, 600)).min(w.now),
                "count": rng.range(1, 5), "acked": acked, "hostnames": [d.name], "incident_count": 1,
            });
            if acked {
                v["ack_admin_name"] = json!(format!("{first} {last}"));
                v["ack_admin_id"] = json!(super::objects::admin_id(w.seed, email));
                v["acked_time"] = json!((t + 900).min(w.now));
            }
            v[list] = json!([d.mac]);
            records.push(Record {
                org,
                site: Some(si),
                ts: Some(t),
                value: v,
            });
        };
        for d in &down {
            raise(&mut rng, d, true);
        }
        if up.is_empty() {
            continue;
        }
        for _ in down.len()..per_site {
            let d = *rng.pick(&up);
            raise(&mut rng, d, false);
        }
    }
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
                    "id": rng.uuid(), "admin_id": super::objects::admin_id(seed, email), "admin_name": format!("{first} {last} {email}"),
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

/// An event's time as the cloud gives device and client events: to the microsecond, seconds
/// with six decimals (the quirk `quirks::MICROSECOND_TIMESTAMPS`). `t` stays the whole second
/// windows select on.
fn to_the_microsecond(seed: u64, who: &str, t: i64) -> Value {
    let micros = Rng::microseconds(seed, &format!("{who}:{t}"));
    json!(t as f64 + micros as f64 / 1e6)
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
