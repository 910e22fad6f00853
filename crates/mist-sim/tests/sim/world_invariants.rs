//! The simulated organisation reads as one network: every invariant a real Mist org satisfies
//! is checked here over real HTTP, on the demo world (seed 42), and each broken one names the
//! offending records.
//!
//! `cargo test -p mist-sim --test sim world_invariants -- --nocapture` prints the count of
//! violations per invariant (zero for all when the world is coherent) and the record and answer
//! sizes of the main reads.

use crate::support;

use crate::support::{NOW, config, get, get_json, org_path, start};
use mist_sim::{RunningSim, SimConfig, SimScale};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Every invariant this test checks, in the order the report prints them.
const INVARIANTS: &[&str] = &[
    "client on a disconnected AP",
    "disconnected device reports clients",
    "client seen after its AP's last_seen",
    "client event before its AP booted",
    "client on a band its AP's radios lack",
    "client on a channel its AP's radio does not use",
    "protocol impossible on the band",
    "client search and client stats disagree on protocol",
    "wired client on a disconnected switch",
    "alarm type no definition lists",
    "alarm on a device of the wrong type",
    "device-down alarm on a connected device",
    "ack_admin_name names no admin",
    "audit log admin not among the org's admins",
    "audit log update the object does not show",
    "admin privilege names a missing object",
    "device event type no definition lists",
    "client event type no definition lists",
    "restart event inside the device's uptime",
    "latest connect/disconnect event contradicts status",
    "device event after a disconnected device's last_seen",
    "SLE metric name the cloud does not use",
    "site SLE score outside [0, 1]",
    "sites-SLE score disagrees with the metric's summary",
    "sites-SLE row carries another family's metric",
    "SLE impact exceeds the site",
    "SLE classifiers exceed their metric",
    "impacted APs exceed the site's APs",
    "device names a WLAN, map or Mist Edge that does not exist",
    "WLAN template_id answers 404",
    "stats record smaller than a real one (median)",
    "get by a listed id answers 404 or another object",
    "rogue AP listed twice or unknown by its BSSID",
];

/// Median sizes of real stats records, less a margin: an AP's is about 4.5 KB.
const MIN_MEDIAN_BYTES: &[(&str, usize)] = &[("AP stats", 2_000), ("switch stats", 2_500)];

/// The SLE metrics the cloud names (the spec's example of the site's enabled metrics).
const CLOUD_SLE_METRICS: &[&str] = &[
    "coverage",
    "capacity",
    "time-to-connect",
    "failed-to-connect",
    "roaming",
    "roaming-v2",
    "throughput",
    "switch_health",
    "switch_throughput",
    "switch_stc",
    "gateway-health",
    "application_health",
    "wan-link-health",
    "ap-availability",
];

/// Columns of the sites-SLE rows per family.
const FAMILY_COLUMNS: &[(&str, &[&str])] = &[
    (
        "wifi",
        &[
            "ap-availability",
            "ap-health",
            "capacity",
            "coverage",
            "roaming",
            "successful-connect",
            "throughput",
            "time-to-connect",
        ],
    ),
    (
        "wired",
        &["switch-bandwidth", "switch-health", "switch-throughput"],
    ),
    (
        "wan",
        &["application_health", "gateway-health", "wan-link-health"],
    ),
];

#[derive(Default)]
struct Report {
    found: BTreeMap<&'static str, Vec<String>>,
}

impl Report {
    fn add(&mut self, invariant: &'static str, offender: String) {
        assert!(INVARIANTS.contains(&invariant), "unlisted invariant {invariant}");
        self.found.entry(invariant).or_default().push(offender);
    }

    fn print_and_check(&self) {
        eprintln!("  world invariants (violations per invariant):");
        let mut total = 0;
        for inv in INVARIANTS {
            let n = self.found.get(inv).map_or(0, Vec::len);
            total += n;
            eprintln!("  {n:>5}  {inv}");
        }
        eprintln!("  {total:>5}  in all");
        let failing: Vec<String> = self
            .found
            .iter()
            .map(|(inv, offenders)| {
                let shown: Vec<&str> = offenders.iter().take(5).map(String::as_str).collect();
                format!("{inv} ({}): {}", offenders.len(), shown.join("; "))
            })
            .collect();
        assert!(failing.is_empty(), "broken invariants:\n{}", failing.join("\n"));
    }
}

fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v.get(field).and_then(Value::as_str).unwrap_or_default()
}

fn num(v: &Value, field: &str) -> Option<f64> {
    v.get(field).and_then(Value::as_f64)
}

fn results(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(a) => a.clone(),
        other => other
            .get("results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    }
}

async fn list(sim: &RunningSim, path: &str) -> Vec<Value> {
    let (status, body) = get_json(sim, path).await;
    assert_eq!(status, 200, "{path} answers");
    results(&body)
}

fn window() -> String {
    format!("start={}&end={}", NOW - 86_400, NOW)
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

/// Devices (stats records) by MAC.
struct Devices {
    by_mac: HashMap<String, Value>,
}

impl Devices {
    fn get(&self, mac: &str) -> Option<&Value> {
        self.by_mac.get(mac)
    }
    fn connected(&self, mac: &str) -> bool {
        self.get(mac).is_some_and(|d| text(d, "status") == "connected")
    }
}

/// The sizes printed beside the counts.
fn median(mut v: Vec<usize>) -> usize {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_world_breaks_no_invariant_of_a_real_org() {
    walk(config(), "the demo world (seed 42)").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_grown_with_scale_breaks_none_either() {
    let grown = SimConfig {
        scale: SimScale::grown(3.0),
        ..config()
    };
    walk(grown, "an org grown three times (--scale 3)").await;
}

/// Reads the world of `config` through its endpoints and checks every invariant.
async fn walk(config: SimConfig, what: &str) {
    let sim = start(config).await;
    eprintln!("{what}:");
    let mut r = Report::default();
    let org = sim.org_id().to_string();
    let sites: Vec<Value> = list(&sim, &org_path(&sim, "/sites")).await;
    let site_ids: Vec<String> = sites.iter().map(|s| text(s, "id").to_string()).collect();

    // Device stats: the ground truth of status, radios and clients.
    let stats = list(&sim, &org_path(&sim, "/stats/devices?type=all&limit=1000")).await;
    let devices = Devices {
        by_mac: stats
            .iter()
            .map(|d| (text(d, "mac").to_string(), d.clone()))
            .collect(),
    };
    let models = list(&sim, "/api/v1/const/device_models").await;
    let model_has_6 = |model: &str| {
        models
            .iter()
            .find(|m| text(m, "model") == model)
            .and_then(|m| m.get("has_wifi_band6"))
            .and_then(Value::as_bool)
    };
    let mut sizes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for d in &stats {
        let mac = text(d, "mac");
        let kind = text(d, "type");
        sizes
            .entry(match kind {
                "ap" => "AP stats",
                "switch" => "switch stats",
                _ => "gateway stats",
            })
            .or_default()
            .push(serde_json::to_vec(d).unwrap().len());
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
        if kind == "ap" && radio(d, "6").is_some() && model_has_6(text(d, "model")) == Some(false) {
            r.add(
                "client on a band its AP's radios lack",
                format!("{mac}: a 6 GHz radio on a {} that has none", text(d, "model")),
            );
        }
    }

    // Wireless clients, as the client stats of each site give them.
    let mut stats_proto: HashMap<String, String> = HashMap::new();
    for site in &site_ids {
        for c in list(&sim, &format!("/api/v1/sites/{site}/stats/clients?limit=1000")).await {
            let mac = text(&c, "mac").to_string();
            stats_proto.insert(mac.clone(), text(&c, "proto").to_string());
            check_wireless(
                &mut r,
                &devices,
                &c,
                "ap_mac",
                "proto",
                &format!("stats client {mac}"),
                |m| model_has_6(m),
            );
        }
    }
    let search = list(
        &sim,
        &org_path(&sim, &format!("/clients/search?limit=1000&{}", window())),
    )
    .await;
    for c in &search {
        let mac = text(c, "mac");
        check_wireless(
            &mut r,
            &devices,
            c,
            "ap",
            "protocol",
            &format!("searched client {mac}"),
            |m| model_has_6(m),
        );
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
    for c in list(
        &sim,
        &org_path(&sim, &format!("/wired_clients/search?limit=1000&{}", window())),
    )
    .await
    {
        for sw in c
            .get("device_mac")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let sw = sw.as_str().unwrap_or_default();
            if devices.get(sw).is_some() && !devices.connected(sw) {
                r.add(
                    "wired client on a disconnected switch",
                    format!("{} on {sw}", text(&c, "mac")),
                );
            }
        }
    }

    // Definitions.
    let keys =
        |defs: &[Value]| -> HashSet<String> { defs.iter().map(|d| text(d, "key").to_string()).collect() };
    let alarm_defs = list(&sim, "/api/v1/const/alarm_defs").await;
    let device_event_keys = keys(&list(&sim, "/api/v1/const/device_events").await);
    let client_event_keys = keys(&list(&sim, "/api/v1/const/client_events").await);

    // Admins.
    let admins = list(&sim, &org_path(&sim, "/admins")).await;
    let admin_ids: HashSet<&str> = admins.iter().map(|a| text(a, "admin_id")).collect();
    let admin_names: HashSet<String> = admins
        .iter()
        .map(|a| format!("{} {}", text(a, "first_name"), text(a, "last_name")))
        .collect();
    let sitegroups: HashSet<String> = list(&sim, &org_path(&sim, "/sitegroups"))
        .await
        .iter()
        .map(|g| text(g, "id").to_string())
        .collect();
    for a in &admins {
        for p in a
            .get("privileges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let who = text(a, "email");
            if p.get("msp_id").is_some() {
                r.add(
                    "admin privilege names a missing object",
                    format!("{who}: msp {}", text(p, "msp_id")),
                );
            }
            if !p.get("org_id").is_none_or(|o| o == org.as_str()) {
                r.add(
                    "admin privilege names a missing object",
                    format!("{who}: org {}", text(p, "org_id")),
                );
            }
            if p.get("site_id")
                .is_some_and(|s| !site_ids.iter().any(|x| s == x.as_str()))
            {
                r.add(
                    "admin privilege names a missing object",
                    format!("{who}: site {}", text(p, "site_id")),
                );
            }
            for g in p
                .get("sitegroup_ids")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !sitegroups.contains(g.as_str().unwrap_or_default()) {
                    r.add(
                        "admin privilege names a missing object",
                        format!("{who}: sitegroup {g}"),
                    );
                }
            }
            if p.get("orggroup_ids")
                .and_then(Value::as_array)
                .is_some_and(|g| !g.is_empty())
            {
                r.add(
                    "admin privilege names a missing object",
                    format!("{who}: org groups"),
                );
            }
        }
    }

    // Alarms.
    let alarms_body = get_json(
        &sim,
        &org_path(&sim, &format!("/alarms/search?limit=1000&{}", window())),
    )
    .await
    .1;
    let alarms = results(&alarms_body);
    for a in &alarms {
        let kind = text(a, "type");
        let id = text(a, "id");
        let def = alarm_defs.iter().find(|d| text(d, "key") == kind);
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
        for (list_field, device_type) in [("aps", "ap"), ("switches", "switch"), ("gateways", "gateway")] {
            for mac in a.get(list_field).and_then(Value::as_array).into_iter().flatten() {
                let mac = mac.as_str().unwrap_or_default();
                let actual = devices.get(mac).map(|d| text(d, "type"));
                if !fields.contains(&list_field) || actual != Some(device_type) {
                    r.add(
                        "alarm on a device of the wrong type",
                        format!("alarm {id} {kind} on {list_field} {mac} ({actual:?})"),
                    );
                }
                if kind.ends_with("_down") && kind != "vpn_peer_down" && devices.connected(mac) {
                    r.add(
                        "device-down alarm on a connected device",
                        format!("alarm {id} {kind} on {mac}"),
                    );
                }
            }
        }
        let acker = text(a, "ack_admin_name");
        if !acker.is_empty() && !admin_names.contains(acker) {
            r.add("ack_admin_name names no admin", format!("alarm {id}: {acker}"));
        }
    }

    // Audit logs.
    let logs_body = get_json(
        &sim,
        &org_path(&sim, &format!("/logs/search?limit=1000&{}", window())),
    )
    .await
    .1;
    let org_wlans = list(&sim, &org_path(&sim, "/wlans")).await;
    for l in results(&logs_body) {
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
        let known_name = admin_names.iter().any(|n| name.starts_with(n.as_str()));
        if !admin_ids.contains(text(&l, "admin_id")) || !known_name {
            r.add(
                "audit log admin not among the org's admins",
                format!("log {}: {} {name}", text(&l, "id"), text(&l, "admin_id")),
            );
        }
    }

    // Device events.
    let dev_events_body = get_json(
        &sim,
        &org_path(&sim, &format!("/devices/events/search?limit=1000&{}", window())),
    )
    .await
    .1;
    let dev_events = results(&dev_events_body);
    let mut latest_updown: HashMap<String, (i64, String)> = HashMap::new();
    for e in &dev_events {
        let kind = text(e, "type");
        let mac = text(e, "mac");
        let t = num(e, "timestamp").unwrap_or(0.0) as i64;
        if !device_event_keys.contains(kind) {
            r.add(
                "device event type no definition lists",
                format!("{kind} on {mac}"),
            );
        }
        let Some(d) = devices.get(mac) else { continue };
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
        let down = kind.ends_with("_DISCONNECTED");
        if down == devices.connected(mac) {
            r.add(
                "latest connect/disconnect event contradicts status",
                format!(
                    "{mac}: {kind} at {t}, status {}",
                    text(devices.get(mac).unwrap(), "status")
                ),
            );
        }
    }

    // Client events.
    let client_events_body = get_json(
        &sim,
        &org_path(&sim, &format!("/clients/events/search?limit=1000&{}", window())),
    )
    .await
    .1;
    let client_events = results(&client_events_body);
    for e in &client_events {
        let kind = text(e, "type");
        if !client_event_keys.contains(kind) {
            r.add(
                "client event type no definition lists",
                format!("{kind} of {}", text(e, "mac")),
            );
        }
        let what = format!("{kind} event of {}", text(e, "mac"));
        if let Some(ap) = devices.get(text(e, "ap")) {
            let boot = num(ap, "last_seen").unwrap_or(0.0) - num(ap, "uptime").unwrap_or(0.0);
            let t = num(e, "timestamp").unwrap_or(0.0);
            if text(ap, "status") == "connected" && t < boot {
                r.add(
                    "client event before its AP booted",
                    format!("{what} at {t}, AP up since {boot}"),
                );
            }
        }
        check_wireless(&mut r, &devices, e, "ap", "proto", &what, |m| model_has_6(m));
    }

    // Devices' references.
    let mxedges: HashSet<String> = list(&sim, &org_path(&sim, "/mxedges"))
        .await
        .iter()
        .map(|m| text(m, "id").to_string())
        .collect();
    for site in &site_ids {
        let maps: HashSet<String> = list(&sim, &format!("/api/v1/sites/{site}/maps"))
            .await
            .iter()
            .map(|m| text(m, "id").to_string())
            .collect();
        let wlans: HashSet<String> = list(&sim, &format!("/api/v1/sites/{site}/wlans/derived"))
            .await
            .iter()
            .map(|m| text(m, "id").to_string())
            .collect();
        let mut records = list(&sim, &format!("/api/v1/sites/{site}/devices?type=all&limit=1000")).await;
        records.extend(list(&sim, &format!("/api/v1/sites/{site}/devices/search?limit=1000")).await);
        for d in &records {
            let mac = text(d, "mac");
            if let Some(m) = d.get("map_id").and_then(Value::as_str)
                && !maps.contains(m)
            {
                r.add(
                    "device names a WLAN, map or Mist Edge that does not exist",
                    format!("{mac}: map {m}"),
                );
            }
            if let Some(m) = d.get("mxedge_id").and_then(Value::as_str)
                && !mxedges.contains(m)
            {
                r.add(
                    "device names a WLAN, map or Mist Edge that does not exist",
                    format!("{mac}: mxedge {m}"),
                );
            }
            for wl in d.get("wlans").and_then(Value::as_array).into_iter().flatten() {
                let id = wl
                    .as_str()
                    .or_else(|| wl.get("id").and_then(Value::as_str))
                    .unwrap_or_default();
                if !wlans.contains(id) {
                    r.add(
                        "device names a WLAN, map or Mist Edge that does not exist",
                        format!("{mac}: wlan {id}"),
                    );
                }
            }
        }
    }
    let mut templates_checked = HashSet::new();
    for wl in &org_wlans {
        if let Some(t) = wl.get("template_id").and_then(Value::as_str)
            && templates_checked.insert(t.to_string())
        {
            let status = get(&sim, &org_path(&sim, &format!("/templates/{t}")))
                .await
                .status();
            if status != 200 {
                r.add(
                    "WLAN template_id answers 404",
                    format!("wlan {}: template {t}", text(wl, "ssid")),
                );
            }
        }
    }

    // SLEs.
    check_sles(&sim, &mut r, &sites, &stats).await;

    // Lists and their objects.
    check_list_then_get(&sim, &mut r).await;
    for site in &site_ids {
        let rogues = list(
            &sim,
            &format!("/api/v1/sites/{site}/insights/rogues?limit=1000&{}", window()),
        )
        .await;
        let mut seen = HashSet::new();
        for rogue in &rogues {
            let bssid = text(rogue, "bssid");
            if !seen.insert(bssid.to_string()) {
                r.add(
                    "rogue AP listed twice or unknown by its BSSID",
                    format!("{bssid} at {site} listed twice"),
                );
                continue;
            }
            let status = get(&sim, &format!("/api/v1/sites/{site}/rogues/{bssid}"))
                .await
                .status();
            if status != 200 {
                r.add(
                    "rogue AP listed twice or unknown by its BSSID",
                    format!("{bssid} at {site}: {status}"),
                );
            }
        }
    }

    // Sizes.
    eprintln!("record sizes (median bytes):");
    for (what, v) in sizes {
        let n = v.len();
        let m = median(v);
        eprintln!("  {what:<14} {m:>6} B ({n} records)");
        if let Some((_, min)) = MIN_MEDIAN_BYTES.iter().find(|(w, _)| *w == what)
            && m < *min
        {
            r.add(
                "stats record smaller than a real one (median)",
                format!("{what}: {m} B, a real one has at least {min} B"),
            );
        }
    }
    for (what, path) in [
        ("device search", "/devices/search?limit=100"),
        ("client search", "/clients/search?limit=100"),
        ("alarm search", "/alarms/search?limit=100"),
        ("device event search", "/devices/events/search?limit=100"),
    ] {
        let bytes = get(&sim, &org_path(&sim, path))
            .await
            .bytes()
            .await
            .unwrap()
            .len();
        eprintln!("  {what:<20} answer {bytes:>7} B");
    }

    r.print_and_check();
    sim.shutdown().await;
}

/// A wireless client (stats, search or event record) agrees with its AP's radios and status.
fn check_wireless(
    r: &mut Report,
    devices: &Devices,
    c: &Value,
    ap_field: &str,
    proto_field: &str,
    what: &str,
    model_has_6: impl Fn(&str) -> Option<bool>,
) {
    let ap_mac = text(c, ap_field);
    let Some(ap) = devices.get(ap_mac) else { return };
    let band = text(c, "band");
    if text(ap, "status") != "connected" {
        r.add("client on a disconnected AP", format!("{what} on {ap_mac}"));
    } else if let (Some(seen), Some(ap_seen)) =
        (num(c, "last_seen").or(num(c, "timestamp")), num(ap, "last_seen"))
        && seen > ap_seen + 60.0
    {
        r.add(
            "client seen after its AP's last_seen",
            format!("{what}: seen {seen}, AP {ap_mac} last seen {ap_seen}"),
        );
    }
    if band == "6" && model_has_6(text(ap, "model")) == Some(false) {
        r.add(
            "client on a band its AP's radios lack",
            format!("{what}: 6 GHz on {} {ap_mac}", text(ap, "model")),
        );
    }
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
    let proto = text(c, proto_field);
    if !proto.is_empty() && !proto_fits(proto, band) {
        r.add(
            "protocol impossible on the band",
            format!("{what}: {proto} on band {band}"),
        );
    }
}

async fn check_sles(sim: &RunningSim, r: &mut Report, sites: &[Value], stats: &[Value]) {
    let w = window();
    // APs, wireless and wired clients per site.
    let mut by_site: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for d in stats.iter().filter(|d| text(d, "type") == "ap") {
        by_site.entry(text(d, "site_id").to_string()).or_default().0 += 1;
    }
    for site in sites {
        let id = text(site, "id");
        let wireless = list(sim, &format!("/api/v1/sites/{id}/stats/clients?limit=1000"))
            .await
            .len();
        let wired = list(
            sim,
            &format!("/api/v1/sites/{id}/wired_clients/search?limit=1000&{w}"),
        )
        .await
        .len();
        let entry = by_site.entry(id.to_string()).or_default();
        entry.1 = wireless;
        entry.2 = wired;
    }
    // Every site's summaries, by metric.
    let mut scores: HashMap<(String, String), f64> = HashMap::new();
    for site in sites {
        let id = text(site, "id");
        let (aps, wireless, wired) = by_site.get(id).copied().unwrap_or_default();
        let (_, metrics) = get_json(sim, &format!("/api/v1/sites/{id}/sle/site/{id}/metrics")).await;
        let enabled: Vec<String> = metrics
            .get("enabled")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect();
        for m in &enabled {
            if !CLOUD_SLE_METRICS.contains(&m.as_str()) {
                r.add(
                    "SLE metric name the cloud does not use",
                    format!("site {id}: {m}"),
                );
                continue;
            }
            // The users a metric counts: wireless clients, wired ones, or both for the WAN.
            let clients = if m.starts_with("switch") {
                wired
            } else if ["gateway-health", "wan-link-health", "application_health"].contains(&m.as_str()) {
                wireless + wired
            } else {
                wireless
            };
            let base = format!("/api/v1/sites/{id}/sle/site/{id}/metric/{m}");
            let (status, s) = get_json(sim, &format!("{base}/summary?{w}")).await;
            if status != 200 {
                continue;
            }
            let samples = &s["sle"]["samples"];
            let sum = |k: &str| -> f64 {
                samples[k]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_f64)
                    .sum()
            };
            let (total, degraded) = (sum("total"), sum("degraded"));
            if total > 0.0 {
                scores.insert((id.to_string(), m.clone()), 1.0 - degraded / total);
            }
            for v in samples["value"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
            {
                if !(0.0..=1.0).contains(&v) {
                    r.add(
                        "site SLE score outside [0, 1]",
                        format!("site {id} {m}: sample {v}"),
                    );
                    break;
                }
            }
            let imp = &s["impact"];
            let f = |k: &str| num(imp, k).unwrap_or(0.0);
            if f("total_aps") > aps as f64
                || f("num_aps") > f("total_aps")
                || f("num_users") > f("total_users")
                || f("total_users") > clients as f64
            {
                r.add(
                    "SLE impact exceeds the site",
                    format!("site {id} {m}: {imp} with {aps} APs and {clients} clients"),
                );
            }
            let mut class_degraded = 0.0;
            for c in s["classifiers"].as_array().into_iter().flatten() {
                class_degraded += c["samples"]["degraded"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_f64)
                    .sum::<f64>();
                if num(&c["impact"], "num_users").unwrap_or(0.0) > f("num_users") {
                    r.add(
                        "SLE classifiers exceed their metric",
                        format!("site {id} {m}: classifier {} impacts more users", text(c, "name")),
                    );
                }
            }
            if class_degraded > degraded + 0.5 {
                r.add(
                    "SLE classifiers exceed their metric",
                    format!("site {id} {m}: classifiers degraded {class_degraded}, metric {degraded}"),
                );
            }
            let (_, impacted) = get_json(sim, &format!("{base}/impacted-aps?{w}")).await;
            let listed = impacted["aps"].as_array().map_or(0, Vec::len);
            let counted = num(&impacted, "total_count").unwrap_or(0.0) as usize;
            if listed > aps || counted > aps {
                r.add(
                    "impacted APs exceed the site's APs",
                    format!("site {id} {m}: {listed} listed, {counted} counted, {aps} APs"),
                );
            }
        }
    }
    // The org's sites-SLE rows against the summaries.
    let column_metric = |c: &str| match c {
        "successful-connect" => "failed-to-connect".to_string(),
        "switch-health" => "switch_health".to_string(),
        "switch-throughput" => "switch_throughput".to_string(),
        other => other.to_string(),
    };
    for (family, columns) in FAMILY_COLUMNS {
        let (_, body) = get_json(
            sim,
            &org_path(sim, &format!("/insights/sites-sle?sle={family}&{w}")),
        )
        .await;
        for row in results(&body) {
            let site = text(&row, "site_id").to_string();
            let Some(obj) = row.as_object() else { continue };
            for (k, v) in obj {
                if matches!(
                    k.as_str(),
                    "site_id" | "num_aps" | "num_clients" | "num_switches" | "num_gateways"
                ) {
                    continue;
                }
                if !columns.contains(&k.as_str()) {
                    r.add(
                        "sites-SLE row carries another family's metric",
                        format!("{family} row of {site}: {k}"),
                    );
                    continue;
                }
                let Some(score) = v.as_f64() else { continue };
                if !(0.0..=1.0).contains(&score) {
                    r.add(
                        "site SLE score outside [0, 1]",
                        format!("{family} row of {site}: {k} {score}"),
                    );
                }
                match scores.get(&(site.clone(), column_metric(k))) {
                    Some(s) if (s - score).abs() > 0.01 => r.add(
                        "sites-SLE score disagrees with the metric's summary",
                        format!("{family} row of {site}: {k} {score}, summary {s:.3}"),
                    ),
                    None => r.add(
                        "sites-SLE score disagrees with the metric's summary",
                        format!("{family} row of {site}: {k} {score}, no summary"),
                    ),
                    _ => {}
                }
            }
        }
    }
}

#[tokio::test]
async fn a_write_changes_the_world_and_the_audit_log_names_the_admin_behind_the_token() {
    let sim = start(config()).await;
    let send = |method: reqwest::Method, path: String, body: Value| {
        let url = format!("{}{}", sim.base_url(), path);
        let token = sim.token().to_string();
        async move {
            let resp = support::client()
                .request(method, url)
                .header("Authorization", format!("Token {token}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = resp.status();
            (status, resp.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, created) = send(
        reqwest::Method::POST,
        org_path(&sim, "/wlans"),
        serde_json::json!({"ssid": "Lab-Test", "vlan_id": 60}),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let id = text(&created, "id").to_string();
    let (status, updated) = send(
        reqwest::Method::PUT,
        org_path(&sim, &format!("/wlans/{id}")),
        serde_json::json!({"ssid": "Lab-Test", "vlan_id": 61}),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    let (_, wlan) = get_json(&sim, &org_path(&sim, &format!("/wlans/{id}"))).await;
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

/// Every read that gets one object by id (`.../wlans/{wlan_id}`) answers, for the first id its
/// list gives (`.../wlans`), that very object: same id, same name.
async fn check_list_then_get(sim: &RunningSim, r: &mut Report) {
    let catalog = mist_catalog::catalog();
    let reads: Vec<&mist_catalog::ToolDef> = catalog
        .tools
        .iter()
        .filter(|t| t.method == mist_catalog::Method::Get)
        .collect();
    for one in &reads {
        let Some((parent, last)) = one.path.rsplit_once('/') else {
            continue;
        };
        let Some(param) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) else {
            continue;
        };
        // The spec declares this one's answer as text, not the Mist Edge object.
        if matches!(param, "org_id" | "site_id") || one.name == "getSiteMxEdge" {
            continue;
        }
        let Some(list) = reads.iter().find(|t| t.path == parent) else {
            continue;
        };
        let list_path = sim.sample_path(list);
        let (status, body) = get_json(sim, &list_path).await;
        if status != 200 {
            continue;
        }
        let listed = results(&body);
        // Objects are named by `id`, some by a field of the parameter's name (`admin_id`).
        let field = if param.contains("mac") {
            "mac"
        } else if listed.iter().any(|x| x.get(param).is_some()) {
            param
        } else {
            "id"
        };
        let Some(first) = listed
            .iter()
            .find(|x| x.get(field).is_some_and(Value::is_string))
            .cloned()
        else {
            if !listed.is_empty() {
                r.add(
                    "get by a listed id answers 404 or another object",
                    format!("{}: no item carries the {field} {} takes", list.name, one.name),
                );
            }
            continue;
        };
        let id = text(&first, field);
        let base = list_path.split('?').next().unwrap_or_default();
        let resp = get(sim, &format!("{base}/{id}")).await;
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap_or_default();
        let Ok(got) = serde_json::from_slice::<Value>(&bytes) else {
            r.add(
                "get by a listed id answers 404 or another object",
                format!("{} -> {} {id}: {status}, not JSON", list.name, one.name),
            );
            continue;
        };
        let got = match got {
            Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
            other => other,
        };
        let same = |k: &str| first.get(k).is_none() || got.get(k).is_none() || first.get(k) == got.get(k);
        if status != 200 || !same(field) || !same("name") {
            r.add(
                "get by a listed id answers 404 or another object",
                format!(
                    "{} -> {} {id}: {status}, listed name {:?}, got {:?}",
                    list.name,
                    one.name,
                    first.get("name"),
                    got.get("name")
                ),
            );
        }
    }
}

#[tokio::test]
async fn an_org_token_self_gives_privileges_and_names_no_user() {
    let sim = start(config()).await;
    let resp = support::get_with(&sim, Some(mist_sim::ORG_TOKEN), "/api/v1/self").await;
    assert_eq!(resp.status(), 200);
    let me: Value = resp.json().await.unwrap();
    assert!(me.get("email").is_none(), "an org token is nobody: {me}");
    assert_eq!(me["privileges"][0]["org_id"], sim.org_id(), "{me}");
    assert_eq!(me["privileges"][0]["scope"], "org", "{me}");
    sim.shutdown().await;
}
