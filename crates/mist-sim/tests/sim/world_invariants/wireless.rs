//! Radios and clients: a client sits on a connected AP, on a band and channel that AP's radios
//! use, with a protocol the band allows; a disconnected device serves nobody.

use super::{Devices, Report, Seen, list, num, text, window};
use crate::support::org_path;
use serde_json::Value;
use std::collections::HashMap;

pub(super) async fn check(seen: &Seen<'_>, r: &mut Report) {
    check_device_stats(seen, r);
    let stats_proto = check_client_stats(seen, r).await;
    check_client_search(seen, &stats_proto, r).await;
    check_wired_clients(seen, r).await;
}

/// A disconnected device reports no clients; an AP has no radio its model lacks.
fn check_device_stats(seen: &Seen<'_>, r: &mut Report) {
    for d in &seen.stats {
        let mac = text(d, "mac");
        if text(d, "status") != "connected" {
            let radio_clients: i64 = ["band_24", "band_5", "band_6"]
                .iter()
                .filter_map(|b| d.get("radio_stat")?.get(b)?.get("num_clients")?.as_i64())
                .sum();
            let n = d.get("num_clients").and_then(Value::as_i64).unwrap_or(0);
            if n > 0 || radio_clients > 0 {
                r.add(
                    "disconnected device reports clients",
                    format!("{mac}: num_clients {n}, radio clients {radio_clients}"),
                );
            }
        }
        let no_6 = seen.model_has_6(text(d, "model")) == Some(false);
        if text(d, "type") == "ap" && radio(d, "6").is_some() && no_6 {
            r.add(
                "client on a band its AP's radios lack",
                format!("{mac}: a 6 GHz radio on a {} that has none", text(d, "model")),
            );
        }
    }
}

/// Every site's wireless clients as the client stats give them; their protocols by MAC.
async fn check_client_stats(seen: &Seen<'_>, r: &mut Report) -> HashMap<String, String> {
    let mut stats_proto = HashMap::new();
    for site in &seen.site_ids {
        let path = format!("/api/v1/sites/{site}/stats/clients?limit=1000");
        for c in list(seen.sim, &path).await {
            let mac = text(&c, "mac").to_string();
            stats_proto.insert(mac.clone(), text(&c, "proto").to_string());
            let on = OnAp {
                ap_field: "ap_mac",
                proto_field: "proto",
                what: &format!("stats client {mac}"),
            };
            check_wireless(r, seen, &c, &on);
        }
    }
    stats_proto
}

/// The client search agrees with the radios, and with the client stats on the protocol.
async fn check_client_search(seen: &Seen<'_>, stats_proto: &HashMap<String, String>, r: &mut Report) {
    let path = org_path(seen.sim, &format!("/clients/search?limit=1000&{}", window()));
    for c in &list(seen.sim, &path).await {
        let mac = text(c, "mac");
        let on = OnAp {
            ap_field: "ap",
            proto_field: "protocol",
            what: &format!("searched client {mac}"),
        };
        check_wireless(r, seen, c, &on);
        if let Some(p) = stats_proto.get(mac)
            && !p.is_empty()
            && p != text(c, "protocol")
        {
            r.add(
                "client search and client stats disagree on protocol",
                format!("{mac}: search {}, stats {p}", text(c, "protocol")),
            );
        }
    }
}

/// A wired client's switch is up.
async fn check_wired_clients(seen: &Seen<'_>, r: &mut Report) {
    let path = org_path(
        seen.sim,
        &format!("/wired_clients/search?limit=1000&{}", window()),
    );
    let devices: &Devices = &seen.devices;
    for c in list(seen.sim, &path).await {
        let switches = c
            .get("device_mac")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for sw in switches.filter_map(Value::as_str) {
            if devices.get(sw).is_some() && !devices.connected(sw) {
                r.add(
                    "wired client on a disconnected switch",
                    format!("{} on {sw}", text(&c, "mac")),
                );
            }
        }
    }
}

/// Where a record names its AP and protocol, and how to name the record in a report.
pub(super) struct OnAp<'a> {
    pub(super) ap_field: &'a str,
    pub(super) proto_field: &'a str,
    pub(super) what: &'a str,
}

/// A wireless client (stats, search or event record) agrees with its AP's radios and status.
pub(super) fn check_wireless(r: &mut Report, seen: &Seen<'_>, c: &Value, on: &OnAp<'_>) {
    let what = on.what;
    let ap_mac = text(c, on.ap_field);
    let Some(ap) = seen.devices.get(ap_mac) else {
        return;
    };
    let band = text(c, "band");
    if text(ap, "status") != "connected" {
        r.add("client on a disconnected AP", format!("{what} on {ap_mac}"));
    } else if let (Some(seen_at), Some(ap_seen)) =
        (num(c, "last_seen").or(num(c, "timestamp")), num(ap, "last_seen"))
        && seen_at > ap_seen + 60.0
    {
        r.add(
            "client seen after its AP's last_seen",
            format!("{what}: seen {seen_at}, AP {ap_mac} last seen {ap_seen}"),
        );
    }
    if band == "6" && seen.model_has_6(text(ap, "model")) == Some(false) {
        r.add(
            "client on a band its AP's radios lack",
            format!("{what}: 6 GHz on {} {ap_mac}", text(ap, "model")),
        );
    }
    check_radio(r, c, ap, on);
}

/// The client's channel is its AP's radio's, and its protocol one the band allows.
fn check_radio(r: &mut Report, c: &Value, ap: &Value, on: &OnAp<'_>) {
    let (what, band) = (on.what, text(c, "band"));
    let ap_mac = text(c, on.ap_field);
    match radio(ap, band) {
        None if !band.is_empty() && text(ap, "status") == "connected" => r.add(
            "client on a band its AP's radios lack",
            format!("{what}: band {band} on {ap_mac}"),
        ),
        Some(radio) => {
            if let (Some(want), Some(got)) = (channel_of(radio), channel_of(c))
                && want != got
            {
                r.add(
                    "client on a channel its AP's radio does not use",
                    format!("{what}: channel {got}, AP {ap_mac} band {band} on {want}"),
                );
            }
        }
        None => {}
    }
    let proto = text(c, on.proto_field);
    if !proto.is_empty() && !proto_fits(proto, band) {
        r.add(
            "protocol impossible on the band",
            format!("{what}: {proto} on band {band}"),
        );
    }
}

/// A band's radio as the AP's stats give it.
fn radio<'a>(ap: &'a Value, band: &str) -> Option<&'a Value> {
    let key = match band {
        "24" => "band_24",
        "5" => "band_5",
        "6" => "band_6",
        _ => return None,
    };
    ap.get("radio_stat")?.get(key).filter(|r| r.is_object())
}

/// Protocols a client can use on a band.
fn proto_fits(proto: &str, band: &str) -> bool {
    match band {
        "24" => matches!(proto, "b" | "g" | "n" | "ax" | "be"),
        "5" => matches!(proto, "a" | "n" | "ac" | "ax" | "be"),
        "6" => matches!(proto, "ax" | "be"),
        _ => true,
    }
}

fn channel_of(v: &Value) -> Option<i64> {
    v.get("channel").and_then(Value::as_i64)
}
