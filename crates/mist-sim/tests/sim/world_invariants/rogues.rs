//! Rogue APs read as one picture: each is listed once and found by its BSSID (an unlisted one
//! is not), its kind agrees with whether it was seen on the LAN, the APs that heard it are the
//! site's own, and every rogue event, rogue client and rogue alarm names a rogue of the list.

use super::{Report, Seen, list, num, results, text, window};
use crate::support::{get, get_json, org_path};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The kinds `type` filters by.
const KINDS: [&str; 4] = ["lan", "others", "spoof", "honeypot"];

pub(super) async fn check(seen: &Seen<'_>, r: &mut Report) {
    let alarms = rogue_alarms(seen).await;
    for site in &seen.site_ids {
        let rogues = list(seen.sim, &rogues_path(site, "")).await;
        check_listed_once(seen, site, &rogues, r).await;
        check_kinds(seen, site, &rogues, r).await;
        check_heard_by_own_aps(seen, site, &rogues, r);
        let bssids: HashSet<&str> = rogues.iter().map(|x| text(x, "bssid")).collect();
        check_events_and_clients(seen, site, &bssids, r).await;
        let on_lan: HashSet<(&str, &str)> = rogues
            .iter()
            .filter(|x| x.get("seen_on_lan") == Some(&Value::Bool(true)))
            .map(|x| (text(x, "ap_mac"), text(x, "bssid")))
            .collect();
        for (alarm, ap) in alarms.iter().filter(|(a, _)| text(a, "site_id") == site) {
            if !on_lan.iter().any(|(by, _)| by == ap) {
                r.add(
                    "rogue_ap alarm with no rogue its AP saw on the LAN",
                    format!("alarm {} at {site}: AP {ap}", text(alarm, "id")),
                );
            }
        }
    }
}

fn rogues_path(site: &str, filter: &str) -> String {
    format!(
        "/api/v1/sites/{site}/insights/rogues?limit=1000&{}{filter}",
        window()
    )
}

/// The day's `rogue_ap` alarms with the AP each names.
async fn rogue_alarms(seen: &Seen<'_>) -> Vec<(Value, String)> {
    let path = org_path(
        seen.sim,
        &format!("/alarms/search?type=rogue_ap&limit=1000&{}", window()),
    );
    results(&get_json(seen.sim, &path).await.1)
        .into_iter()
        .map(|a| {
            let ap = a
                .get("aps")
                .and_then(Value::as_array)
                .and_then(|l| l.first())
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            (a, ap)
        })
        .collect()
}

/// Each rogue is listed once and found by its BSSID; a BSSID no rogue has is not found.
async fn check_listed_once(seen: &Seen<'_>, site: &str, rogues: &[Value], r: &mut Report) {
    const INVARIANT: &str = "rogue AP listed twice or unknown by its BSSID";
    let mut listed = HashSet::new();
    for rogue in rogues {
        let bssid = text(rogue, "bssid");
        if !listed.insert(bssid.to_string()) {
            r.add(INVARIANT, format!("{bssid} at {site} listed twice"));
            continue;
        }
        let status = get(seen.sim, &format!("/api/v1/sites/{site}/rogues/{bssid}"))
            .await
            .status();
        if status != 200 {
            r.add(INVARIANT, format!("{bssid} at {site}: {status}"));
        }
    }
    let unlisted = "020000000001";
    let status = get(seen.sim, &format!("/api/v1/sites/{site}/rogues/{unlisted}"))
        .await
        .status();
    if status != 404 {
        r.add(
            INVARIANT,
            format!("unlisted {unlisted} at {site}: {status}, not 404"),
        );
    }
}

/// The four kinds split the list, and a rogue is of kind `lan` exactly when it was seen on the
/// LAN.
async fn check_kinds(seen: &Seen<'_>, site: &str, rogues: &[Value], r: &mut Report) {
    const INVARIANT: &str = "rogue kind disagrees with seen_on_lan";
    let mut kind_of: HashMap<String, &str> = HashMap::new();
    for kind in KINDS {
        for rogue in list(seen.sim, &rogues_path(site, &format!("&type={kind}"))).await {
            if let Some(other) = kind_of.insert(text(&rogue, "bssid").to_string(), kind) {
                r.add(
                    INVARIANT,
                    format!("{} at {site}: both {other} and {kind}", text(&rogue, "bssid")),
                );
            }
        }
    }
    for rogue in rogues {
        let bssid = text(rogue, "bssid");
        let on_lan = rogue.get("seen_on_lan").and_then(Value::as_bool);
        match (kind_of.get(bssid).copied(), on_lan) {
            (None, _) => r.add(INVARIANT, format!("{bssid} at {site}: in no kind")),
            (Some(_), None) => r.add(INVARIANT, format!("{bssid} at {site}: seen_on_lan missing")),
            (Some(kind), Some(lan)) if (kind == "lan") != lan => {
                r.add(
                    INVARIANT,
                    format!("{bssid} at {site}: {kind} but seen_on_lan {lan}"),
                );
            }
            _ => {}
        }
    }
}

/// The AP that heard a rogue best is one of the site's connected APs, and no more APs heard it
/// than the site has.
fn check_heard_by_own_aps(seen: &Seen<'_>, site: &str, rogues: &[Value], r: &mut Report) {
    const INVARIANT: &str = "rogue heard by an AP the site lacks or more APs than it has";
    let aps = seen
        .stats
        .iter()
        .filter(|d| text(d, "site_id") == site && text(d, "type") == "ap")
        .count();
    for rogue in rogues {
        let (bssid, ap) = (text(rogue, "bssid"), text(rogue, "ap_mac"));
        let own = seen
            .devices
            .get(ap)
            .is_some_and(|d| text(d, "site_id") == site && text(d, "type") == "ap");
        if !own || !seen.devices.connected(ap) {
            r.add(INVARIANT, format!("{bssid} at {site}: heard by {ap}"));
        }
        if num(rogue, "num_aps").is_some_and(|n| n > aps as f64) {
            r.add(
                INVARIANT,
                format!("{bssid} at {site}: {} APs of {aps}", rogue["num_aps"]),
            );
        }
    }
}

/// Rogue events and rogue clients name rogues the site lists.
async fn check_events_and_clients(seen: &Seen<'_>, site: &str, bssids: &HashSet<&str>, r: &mut Report) {
    const INVARIANT: &str = "rogue event or client names a BSSID the site's rogues lack";
    let events = format!(
        "/api/v1/sites/{site}/rogues/events/search?limit=1000&{}",
        window()
    );
    let clients = format!(
        "/api/v1/sites/{site}/insights/rogues/clients?limit=1000&{}",
        window()
    );
    for (what, path) in [("event", events), ("client", clients)] {
        for record in results(&get_json(seen.sim, &path).await.1) {
            let bssid = text(&record, "bssid");
            if !bssids.contains(bssid) {
                r.add(INVARIANT, format!("{what} at {site}: {bssid}"));
            }
        }
    }
}
