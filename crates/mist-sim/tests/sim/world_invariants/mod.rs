//! The simulated organisation reads as one network: every invariant a real Mist org satisfies
//! is checked here over real HTTP, on the demo world (seed 42), and each broken one names the
//! offending records.
//!
//! `cargo test -p mist-sim --test sim world_invariants -- --nocapture` prints the count of
//! violations per invariant (zero for all when the world is coherent) and the record and answer
//! sizes of the main reads.
//!
//! The checks are grouped by what they read: radios and clients ([`wireless`]), alarms, logs
//! and events ([`activity`]), ids that must lead somewhere ([`references`]), rogue APs
//! ([`rogues`]), SLE answers ([`sle`]) and record sizes ([`sizes`]).

mod activity;
mod references;
mod rogues;
mod sizes;
mod sle;
mod wireless;

use crate::support::{NOW, config, get_json, org_path, start};
use mist_sim::{RunningSim, SimConfig, SimScale};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

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
    "device search disagrees with the device's stats",
    "WLAN template_id answers 404",
    "stats record smaller than a real one (median)",
    "get by a listed id answers 404 or another object",
    "rogue AP listed twice or unknown by its BSSID",
    "rogue kind disagrees with seen_on_lan",
    "rogue heard by an AP the site lacks or more APs than it has",
    "rogue event or client names a BSSID the site's rogues lack",
    "rogue_ap alarm with no rogue its AP saw on the LAN",
];

/// The violations found, by invariant.
#[derive(Default)]
pub(super) struct Report {
    found: BTreeMap<&'static str, Vec<String>>,
}

impl Report {
    pub(super) fn add(&mut self, invariant: &'static str, offender: String) {
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

pub(super) fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v.get(field).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn num(v: &Value, field: &str) -> Option<f64> {
    v.get(field).and_then(Value::as_f64)
}

/// The records of an answer: a list body, or a search's `results`.
pub(super) fn results(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(a) => a.clone(),
        other => other
            .get("results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    }
}

/// The records `path` answers (it must answer 200).
pub(super) async fn list(sim: &RunningSim, path: &str) -> Vec<Value> {
    let (status, body) = get_json(sim, path).await;
    assert_eq!(status, 200, "{path} answers");
    results(&body)
}

/// The day before the fixed "now", as query parameters.
pub(super) fn window() -> String {
    format!("start={}&end={}", NOW - 86_400, NOW)
}

/// Devices (stats records) by MAC.
pub(super) struct Devices {
    by_mac: HashMap<String, Value>,
}

impl Devices {
    pub(super) fn get(&self, mac: &str) -> Option<&Value> {
        self.by_mac.get(mac)
    }

    pub(super) fn connected(&self, mac: &str) -> bool {
        self.get(mac).is_some_and(|d| text(d, "status") == "connected")
    }
}

/// What every check reads first: the org, its sites, the device stats (the ground truth of
/// status, radios and clients) and the device models.
pub(super) struct Seen<'s> {
    pub(super) sim: &'s RunningSim,
    pub(super) org: String,
    pub(super) sites: Vec<Value>,
    pub(super) site_ids: Vec<String>,
    pub(super) stats: Vec<Value>,
    pub(super) devices: Devices,
    models: Vec<Value>,
}

impl<'s> Seen<'s> {
    async fn read(sim: &'s RunningSim) -> Self {
        let sites = list(sim, &org_path(sim, "/sites")).await;
        let site_ids = sites.iter().map(|s| text(s, "id").to_string()).collect();
        let stats = list(sim, &org_path(sim, "/stats/devices?type=all&limit=1000")).await;
        let by_mac = stats
            .iter()
            .map(|d| (text(d, "mac").to_string(), d.clone()))
            .collect();
        Seen {
            sim,
            org: sim.org_id().to_string(),
            sites,
            site_ids,
            stats,
            devices: Devices { by_mac },
            models: list(sim, "/api/v1/const/device_models").await,
        }
    }

    /// Whether the device models say `model` has a 6 GHz radio.
    pub(super) fn model_has_6(&self, model: &str) -> Option<bool> {
        self.models
            .iter()
            .find(|m| text(m, "model") == model)
            .and_then(|m| m.get("has_wifi_band6"))
            .and_then(Value::as_bool)
    }
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
    let seen = Seen::read(&sim).await;
    let mut r = Report::default();
    wireless::check(&seen, &mut r).await;
    let admins = references::check_admins(&seen, &mut r).await;
    activity::check(&seen, &admins, &mut r).await;
    references::check_devices(&seen, &mut r).await;
    references::check_device_search(&seen, &mut r).await;
    sle::check(&seen, &mut r).await;
    references::check_chains(&seen, &mut r).await;
    rogues::check(&seen, &mut r).await;
    sizes::check(&seen, &mut r).await;
    r.print_and_check();
    sim.shutdown().await;
}
