//! `getSiteHealth {site_id, duration?, top?}`: a site's health in one answer.
//!
//! Reads, in three rounds of calls made at once:
//! 1. the site (`getSiteInfo`), its enabled SLE metrics (`listSiteSlesMetrics`), its open
//!    alarms (`searchSiteAlarms acked=false`) and its devices' status (`listSiteDevicesStats
//!    type=all`);
//! 2. one SLE summary per enabled metric, wireless, wired and WAN alike (`getSiteSleSummary`;
//!    past [`MAX_SLE`] metrics the rest are named with the reason), and Mist's own score of the
//!    site for each metric family it has (`getOrgSitesSle`), so the scores agree with the Mist
//!    dashboard; a score comes from the summary's samples only where Mist gives none;
//! 3. the users most impacted on the worst wireless metric (`listSiteSleImpactedWirelessClients`).
//!
//! The answer keeps counts and a few named items, never whole records.

use super::parts::{Parts, READ_LIMIT};
use super::reads::{Failed, Read, Reads};
use super::{arg, keep, number_arg, sle};
use crate::executor::args::CheckedArgs;
use futures_util::future::join_all;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Most SLE metrics summarized (each is one Mist call); the cloud enables about fourteen.
const MAX_SLE: usize = 20;

pub(super) async fn answer(reads: &Reads<'_>, checked: &CheckedArgs) -> (Map<String, Value>, Vec<String>) {
    let site_id = arg(checked, "site_id").unwrap_or_default();
    let duration = arg(checked, "duration").unwrap_or("1d");
    let top = number_arg(checked, "top", 5);
    let (site, metrics, alarms, devices) = first_round(reads, site_id, duration).await;
    let org_id = site
        .as_ref()
        .ok()
        .and_then(|read| read.data.get("org_id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut parts = Parts::default();
    parts.put("site", site.map(|read| read.data));
    match metrics {
        Ok(read) => {
            let at = Where {
                site_id,
                org_id: org_id.as_deref(),
                duration,
            };
            put_sle(&mut parts, reads, &at, top, &read).await;
        }
        Err(failed) => parts.missing.push(("sle and impacted_clients", failed)),
    }
    parts.put("alarms", alarms.map(|read| alarms_part(&read, top)));
    parts.put("devices", devices.map(|read| devices_part(&read, top)));
    (parts.finish(), Vec::new())
}

/// Round 1, four reads at once: the site, its enabled SLE metrics, its open alarms and its
/// devices' status.
async fn first_round(
    reads: &Reads<'_>,
    site_id: &str,
    duration: &str,
) -> (
    Result<Read, Failed>,
    Result<Read, Failed>,
    Result<Read, Failed>,
    Result<Read, Failed>,
) {
    tokio::join!(
        reads.read(
            "getSiteInfo",
            "",
            json!({"site_id": site_id, "fields": "id,name,org_id,timezone,country_code"}),
        ),
        reads.read(
            "listSiteSlesMetrics",
            "scope=site",
            json!({"site_id": site_id, "scope": "site", "scope_id": site_id}),
        ),
        reads.read(
            "searchSiteAlarms",
            "open alarms",
            json!({"site_id": site_id, "acked": false, "duration": duration, "limit": READ_LIMIT,
                   "fields": "type,severity,group,count,last_seen,hostnames,resolved_time"}),
        ),
        reads.read(
            "listSiteDevicesStats",
            "type=all",
            json!({"site_id": site_id, "type": "all", "status": "all", "limit": READ_LIMIT,
                   "fields": "name,mac,type,status,model"}),
        ),
    )
}

/// The site a health answer is about.
struct Where<'a> {
    site_id: &'a str,
    org_id: Option<&'a str>,
    duration: &'a str,
}

/// Puts the `sle` rows, the enabled metrics left out (`sle_not_summarized`) and the most
/// impacted clients (`impacted_clients`) when there is a wireless metric to ask about.
async fn put_sle(parts: &mut Parts, reads: &Reads<'_>, at: &Where<'_>, top: usize, metrics: &Read) {
    let (rows, skipped, impacted) = sle_part(reads, at, top, metrics).await;
    parts.out.insert("sle".into(), rows);
    if !skipped.is_empty() {
        parts.out.insert(
            "sle_not_summarized".into(),
            json!({"metrics": skipped, "why": format!("more than {MAX_SLE} metrics are enabled; getSiteSleSummary gives each")}),
        );
    }
    if let Some(impacted) = impacted {
        parts.out.insert("impacted_clients".into(), impacted);
    }
}

/// Rounds 2 and 3: one row per summarized metric (and the enabled metrics left out), then the
/// most impacted clients of the worst wireless metric (absent when no wireless metric has a
/// score).
async fn sle_part(
    reads: &Reads<'_>,
    at: &Where<'_>,
    top: usize,
    metrics: &Read,
) -> (Value, Vec<String>, Option<Value>) {
    let enabled = metrics
        .data
        .get("enabled")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let (chosen, skipped) = sle::chosen(enabled, MAX_SLE);
    // Every read of round 2 is started (and so recorded) before any is awaited: summaries
    // first, then Mist's scores.
    let summaries = join_all(chosen.iter().map(|metric| summary_read(reads, at, metric)));
    let insights = join_all(
        families(&chosen)
            .into_iter()
            .filter(|_| at.org_id.is_some())
            .map(|family| insight_read(reads, at, family)),
    );
    let (summaries, insights) = tokio::join!(summaries, insights);
    let scores = mist_scores(at.site_id, insights);
    let rows: Vec<Map<String, Value>> = chosen
        .iter()
        .zip(summaries)
        .map(|(metric, summary)| sle_row(metric, summary, &scores))
        .collect();
    let impacted = match worst_wireless(&rows) {
        Some(metric) => Some(impacted_read(reads, at, &metric, top).await),
        None => None,
    };
    let out: Vec<Value> = rows.into_iter().map(Value::Object).collect();
    (Value::Array(out), skipped, impacted)
}

/// The metric families of `chosen` (`wifi`, `wired`, `wan`), each once, in name order.
fn families(chosen: &[String]) -> Vec<&'static str> {
    let mut families: Vec<&str> = chosen.iter().map(|m| sle::family(m)).collect();
    families.sort_unstable();
    families.dedup();
    families
}

/// The read of `metric`'s summary over the window.
fn summary_read<'r>(
    reads: &'r Reads<'_>,
    at: &Where<'_>,
    metric: &str,
) -> impl Future<Output = Result<Read, Failed>> + 'r {
    let Where {
        site_id, duration, ..
    } = *at;
    reads.read(
        "getSiteSleSummary",
        format!("metric={metric}"),
        json!({"site_id": site_id, "scope": "site", "scope_id": site_id,
               "metric": metric, "duration": duration}),
    )
}

/// The read of Mist's own scores of the org's sites for metric family `family`.
fn insight_read<'r>(
    reads: &'r Reads<'_>,
    at: &Where<'_>,
    family: &str,
) -> impl Future<Output = Result<Read, Failed>> + 'r {
    reads.read(
        "getOrgSitesSle",
        format!("sle={family}"),
        json!({"org_id": at.org_id, "sle": family, "duration": at.duration, "limit": READ_LIMIT}),
    )
}

/// Mist's own score of site `site_id` for each metric, in [0, 1], from the reads that answered.
fn mist_scores(site_id: &str, insights: Vec<Result<Read, Failed>>) -> Map<String, Value> {
    let mut scores: Map<String, Value> = Map::new();
    for read in insights.into_iter().flatten() {
        let row = read
            .items()
            .iter()
            .find(|r| r.get("site_id").and_then(Value::as_str) == Some(site_id));
        if let Some(Value::Object(row)) = row {
            for (metric, value) in row {
                if value.as_f64().is_some_and(|v| (0.0..=1.0).contains(&v)) {
                    scores.insert(metric.clone(), value.clone());
                }
            }
        }
    }
    scores
}

/// The row of `metric`: its summary (or why it is missing), scored by Mist where Mist gives a
/// score, and otherwise saying where the score came from.
fn sle_row(
    metric: &str,
    summary: Result<Read, Failed>,
    mist_scores: &Map<String, Value>,
) -> Map<String, Value> {
    let mut row = match summary {
        Ok(read) => sle::row(metric, &read.data),
        Err(failed) => {
            let mut row = Map::new();
            row.insert("metric".into(), json!(metric));
            row.insert("missing".into(), json!(failed));
            row
        }
    };
    match sle::insight_names(metric)
        .iter()
        .find_map(|name| mist_scores.get(name.as_str()).and_then(Value::as_f64))
    {
        Some(score) => {
            row.insert("score".into(), json!((score * 1000.0).round() / 10.0));
        }
        None if row.contains_key("score") => {
            row.insert("score_from".into(), json!("samples"));
        }
        None => {
            row.insert("score_from".into(), json!("none: no samples in the window"));
        }
    }
    row
}

/// The wireless user metric with the lowest score, if any has a score.
fn worst_wireless(rows: &[Map<String, Value>]) -> Option<String> {
    rows.iter()
        .filter(|r| {
            r.get("metric")
                .and_then(Value::as_str)
                .is_some_and(|m| sle::WIRELESS_USER_METRICS.contains(&m))
        })
        .filter_map(|r| Some((r.get("metric")?.as_str()?.to_owned(), sle::score(r)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(metric, _)| metric)
}

/// Round 3: the users most impacted on `metric`, or why they are missing.
async fn impacted_read(reads: &Reads<'_>, at: &Where<'_>, metric: &str, top: usize) -> Value {
    let Where {
        site_id, duration, ..
    } = *at;
    let impacted = reads
        .read(
            "listSiteSleImpactedWirelessClients",
            format!("metric={metric}"),
            json!({"site_id": site_id, "scope": "site", "scope_id": site_id,
                   "metric": metric, "duration": duration}),
        )
        .await;
    match impacted {
        Ok(read) => impacted_part(metric, &read, top),
        Err(failed) => json!({"metric": metric, "missing": failed}),
    }
}

/// The `top` users with the most degraded minutes on `metric`.
fn impacted_part(metric: &str, read: &Read, top: usize) -> Value {
    let mut users: Vec<&Value> = read
        .items()
        .iter()
        .filter(|u| u.get("degraded").and_then(Value::as_f64).unwrap_or(0.0) > 0.0)
        .collect();
    users.sort_by(|a, b| {
        let d = |u: &Value| u.get("degraded").and_then(Value::as_f64).unwrap_or(0.0);
        d(b).total_cmp(&d(a))
    });
    let impacted = users.len();
    let clients: Vec<Value> = users
        .into_iter()
        .take(top)
        .map(|u| keep(u, &["mac", "name", "ssid", "device_os", "degraded", "total"]))
        .collect();
    json!({"metric": metric, "impacted": impacted, "clients": clients})
}

/// Open alarms: how many, by severity, and the `top` most recent.
fn alarms_part(read: &Read, top: usize) -> Value {
    let mut open: Vec<&Value> = read
        .items()
        .iter()
        .filter(|a| a.get("resolved_time").is_none_or(Value::is_null))
        .collect();
    let by_severity = count_by(open.iter().copied(), "severity");
    open.sort_by(|a, b| {
        let t = |v: &Value| v.get("last_seen").and_then(Value::as_f64).unwrap_or(0.0);
        t(b).total_cmp(&t(a))
    });
    let recent: Vec<Value> = open
        .iter()
        .take(top)
        .map(|a| keep(a, &["type", "severity", "count", "last_seen", "hostnames"]))
        .collect();
    let mut out = json!({"open": open.len(), "by_severity": by_severity, "recent": recent});
    if read.has_more {
        out["cut"] = json!(format!(
            "more than {READ_LIMIT} alarms: counts cover the first {READ_LIMIT}"
        ));
    }
    out
}

/// Devices counted by status and by type and status, with the `top` disconnected ones named.
fn devices_part(read: &Read, top: usize) -> Value {
    let devices = read.items();
    let by_status = count_by(devices.iter(), "status");
    let mut by_type: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for device in devices {
        let text = |k: &str| {
            device
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_owned()
        };
        *by_type
            .entry(text("type"))
            .or_default()
            .entry(text("status"))
            .or_default() += 1;
    }
    let down: Vec<&Value> = devices
        .iter()
        .filter(|d| d.get("status").and_then(Value::as_str) != Some("connected"))
        .collect();
    let named: Vec<Value> = down
        .iter()
        .take(top)
        .map(|d| keep(d, &["name", "mac", "type", "model", "status"]))
        .collect();
    let mut out = json!({
        "total": devices.len(),
        "by_status": by_status,
        "by_type": by_type,
        "not_connected": named,
    });
    if read.has_more {
        out["cut"] = json!(format!(
            "more than {READ_LIMIT} devices: counts cover the first {READ_LIMIT}"
        ));
    }
    out
}

/// How many items have each value of `field` (`unknown` for none), in name order.
fn count_by<'v>(items: impl Iterator<Item = &'v Value>, field: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for item in items {
        let value = item.get(field).and_then(Value::as_str).unwrap_or("unknown");
        *counts.entry(value.to_owned()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_counted_by_status_and_type_and_the_disconnected_named() {
        let devices = Read::whole(json!([
            {"name": "ap-1", "mac": "a1", "type": "ap", "status": "connected"},
            {"name": "ap-2", "mac": "a2", "type": "ap", "status": "disconnected"},
            {"name": "sw-1", "mac": "s1", "type": "switch", "status": "connected", "model": "EX"}
        ]));
        let part = devices_part(&devices, 5);
        assert_eq!(part["total"], 3);
        assert_eq!(part["by_status"], json!({"connected": 2, "disconnected": 1}));
        assert_eq!(part["by_type"]["ap"], json!({"connected": 1, "disconnected": 1}));
        assert_eq!(
            part["not_connected"],
            json!([{"name": "ap-2", "mac": "a2", "type": "ap", "status": "disconnected"}])
        );
    }

    #[test]
    fn resolved_alarms_are_not_open_and_the_latest_come_first() {
        let alarms = Read::whole(json!({"results": [
            {"type": "a", "severity": "warn", "last_seen": 10},
            {"type": "b", "severity": "critical", "last_seen": 30},
            {"type": "c", "severity": "critical", "last_seen": 20, "resolved_time": 25}
        ]}));
        let part = alarms_part(&alarms, 1);
        assert_eq!(part["open"], 2);
        assert_eq!(part["by_severity"], json!({"critical": 1, "warn": 1}));
        assert_eq!(
            part["recent"],
            json!([{"type": "b", "severity": "critical", "last_seen": 30}])
        );
    }

    #[test]
    fn the_most_degraded_users_come_first_and_unharmed_ones_are_left_out() {
        let users = Read::whole(json!({"users": [
            {"mac": "m1", "degraded": 5, "total": 100},
            {"mac": "m2", "degraded": 50, "total": 100},
            {"mac": "m3", "degraded": 0, "total": 100}
        ]}));
        let part = impacted_part("coverage", &users, 5);
        assert_eq!(part["impacted"], 2);
        assert_eq!(part["clients"][0]["mac"], "m2");
    }
}
