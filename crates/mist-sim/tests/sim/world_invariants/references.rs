//! Ids that must lead somewhere: admins' privileges, a device's WLANs, floor plan and Mist
//! Edge, a WLAN's template, and every get by a listed id.

use super::{Report, Seen, list, results, text};
use crate::support::{get, get_json, org_path};
use mist_catalog::ToolDef;
use mist_sim::RunningSim;
use serde_json::Value;
use std::collections::HashSet;

/// The org's admins, as audit logs and acknowledged alarms must name them.
pub(super) struct Admins {
    pub(super) ids: HashSet<String>,
    /// `First Last`.
    pub(super) names: HashSet<String>,
}

/// Reads the org's admins and checks their privileges name objects that exist.
pub(super) async fn check_admins(seen: &Seen<'_>, r: &mut Report) -> Admins {
    let sim = seen.sim;
    let admins = list(sim, &org_path(sim, "/admins")).await;
    let sitegroups: HashSet<String> = list(sim, &org_path(sim, "/sitegroups"))
        .await
        .iter()
        .map(|g| text(g, "id").to_string())
        .collect();
    for a in &admins {
        let privileges = a
            .get("privileges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for p in privileges {
            for missing in missing_in_privilege(seen, p, &sitegroups) {
                r.add(
                    "admin privilege names a missing object",
                    format!("{}: {missing}", text(a, "email")),
                );
            }
        }
    }
    Admins {
        ids: admins.iter().map(|a| text(a, "admin_id").to_string()).collect(),
        names: admins
            .iter()
            .map(|a| format!("{} {}", text(a, "first_name"), text(a, "last_name")))
            .collect(),
    }
}

/// What a privilege names that does not exist: an MSP, another org, a site or site group not
/// of this org, or org groups.
fn missing_in_privilege(seen: &Seen<'_>, p: &Value, sitegroups: &HashSet<String>) -> Vec<String> {
    let mut missing = Vec::new();
    if p.get("msp_id").is_some() {
        missing.push(format!("msp {}", text(p, "msp_id")));
    }
    if !p.get("org_id").is_none_or(|o| o == seen.org.as_str()) {
        missing.push(format!("org {}", text(p, "org_id")));
    }
    if p.get("site_id")
        .is_some_and(|s| !seen.site_ids.iter().any(|x| s == x.as_str()))
    {
        missing.push(format!("site {}", text(p, "site_id")));
    }
    for g in p
        .get("sitegroup_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !sitegroups.contains(g.as_str().unwrap_or_default()) {
            missing.push(format!("sitegroup {g}"));
        }
    }
    if p.get("orggroup_ids")
        .and_then(Value::as_array)
        .is_some_and(|g| !g.is_empty())
    {
        missing.push("org groups".to_string());
    }
    missing
}

/// The ids of the records `path` lists.
async fn ids(sim: &RunningSim, path: &str) -> HashSet<String> {
    list(sim, path)
        .await
        .iter()
        .map(|m| text(m, "id").to_string())
        .collect()
}

/// A device's floor plan, Mist Edge and WLANs exist; a WLAN's template answers.
pub(super) async fn check_devices(seen: &Seen<'_>, r: &mut Report) {
    let sim = seen.sim;
    let mxedges = ids(sim, &org_path(sim, "/mxedges")).await;
    for site in &seen.site_ids {
        let maps = ids(sim, &format!("/api/v1/sites/{site}/maps")).await;
        let wlans = ids(sim, &format!("/api/v1/sites/{site}/wlans/derived")).await;
        let mut records = list(sim, &format!("/api/v1/sites/{site}/devices?type=all&limit=1000")).await;
        records.extend(list(sim, &format!("/api/v1/sites/{site}/devices/search?limit=1000")).await);
        for d in &records {
            let mut named: Vec<(&str, &str, &HashSet<String>)> = Vec::new();
            if let Some(m) = d.get("map_id").and_then(Value::as_str) {
                named.push(("map", m, &maps));
            }
            if let Some(m) = d.get("mxedge_id").and_then(Value::as_str) {
                named.push(("mxedge", m, &mxedges));
            }
            for wl in d.get("wlans").and_then(Value::as_array).into_iter().flatten() {
                let id = wl.as_str().or_else(|| wl.get("id").and_then(Value::as_str));
                named.push(("wlan", id.unwrap_or_default(), &wlans));
            }
            for (kind, id, known) in named {
                if !known.contains(id) {
                    r.add(
                        "device names a WLAN, map or Mist Edge that does not exist",
                        format!("{}: {kind} {id}", text(d, "mac")),
                    );
                }
            }
        }
    }
    check_templates(seen, r).await;
}

/// The device search says what the stats say: the type, an AP's radio channels and LLDP
/// neighbour, a gateway's HA cluster.
pub(super) async fn check_device_search(seen: &Seen<'_>, r: &mut Report) {
    for kind in ["ap", "switch", "gateway"] {
        let path = org_path(seen.sim, &format!("/devices/search?type={kind}&limit=1000"));
        for found in list(seen.sim, &path).await {
            let mac = text(&found, "mac");
            let Some(stats) = seen.devices.get(mac) else {
                continue;
            };
            for (field, said, stated) in disagreements(&found, stats) {
                r.add(
                    "device search disagrees with the device's stats",
                    format!("{mac}: search {field} {said}, stats {stated}"),
                );
            }
        }
    }
}

/// `(field, search's value, stats' value)` where a search item and its stats disagree.
fn disagreements(found: &Value, stats: &Value) -> Vec<(String, Value, Value)> {
    let mut pairs = vec![("type".to_string(), found["type"].clone(), stats["type"].clone())];
    let mut pair = |field: &str, stated: &Value| {
        pairs.push((field.to_string(), found[field].clone(), stated.clone()));
    };
    for band in ["band_24", "band_5", "band_6"] {
        let stated = &stats["radio_stat"][band]["channel"];
        if !stated.is_null() {
            pair(&format!("{band}_channel"), stated);
        }
    }
    if stats["lldp_stat"].is_object() {
        pair("lldp_system_name", &stats["lldp_stat"]["system_name"]);
        pair("lldp_port_id", &stats["lldp_stat"]["port_id"]);
    }
    if text(stats, "type") == "gateway" {
        let ha = stats["is_ha"] == true;
        pair("clustered", &Value::Bool(ha));
        if ha {
            pair("node1_mac", &stats["module2_stat"][0]["mac"]);
        }
    }
    pairs.retain(|(_, said, stated)| said != stated);
    pairs
}

/// Every template an org WLAN names answers.
async fn check_templates(seen: &Seen<'_>, r: &mut Report) {
    let sim = seen.sim;
    let mut checked = HashSet::new();
    for wl in &list(sim, &org_path(sim, "/wlans")).await {
        if let Some(t) = wl.get("template_id").and_then(Value::as_str)
            && checked.insert(t.to_string())
        {
            let status = get(sim, &org_path(sim, &format!("/templates/{t}")))
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
}

/// Every get by id answers the object its list gives, and rogue APs are found by BSSID.
pub(super) async fn check_chains(seen: &Seen<'_>, r: &mut Report) {
    let reads: Vec<&ToolDef> = mist_catalog::catalog()
        .tools
        .iter()
        .filter(|t| t.method == mist_catalog::Method::Get)
        .collect();
    for one in &reads {
        let Some((parent, param)) = one.path.rsplit_once('/').and_then(|(parent, last)| {
            let param = last.strip_prefix('{')?.strip_suffix('}')?;
            Some((parent, param))
        }) else {
            continue;
        };
        // The spec declares this one's answer as text, not the Mist Edge object.
        if matches!(param, "org_id" | "site_id") || one.name == "getSiteMxEdge" {
            continue;
        }
        if let Some(list) = reads.iter().find(|t| t.path == parent) {
            check_list_then_get(seen.sim, list, one, param, r).await;
        }
    }
}

/// The first object `list` gives, read back by `one` with its `param`: the same object.
async fn check_list_then_get(sim: &RunningSim, list: &ToolDef, one: &ToolDef, param: &str, r: &mut Report) {
    let list_path = sim.sample_path(list);
    let (status, body) = get_json(sim, &list_path).await;
    if status != 200 {
        return;
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
    let Some(first) = listed.iter().find(|x| x.get(field).is_some_and(Value::is_string)) else {
        if !listed.is_empty() {
            r.add(
                "get by a listed id answers 404 or another object",
                format!("{}: no item carries the {field} {} takes", list.name, one.name),
            );
        }
        return;
    };
    let id = text(first, field);
    let base = list_path.split('?').next().unwrap_or_default();
    let resp = get(sim, &format!("{base}/{id}")).await;
    let status = resp.status();
    let bytes = resp.bytes().await.unwrap_or_default();
    let got = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(mut a)) if !a.is_empty() => a.swap_remove(0),
        Ok(other) => other,
        Err(_) => Value::Null,
    };
    let same = |k: &str| first.get(k).is_none() || got.get(k).is_none() || first.get(k) == got.get(k);
    if status != 200 || got.is_null() || !same(field) || !same("name") {
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
