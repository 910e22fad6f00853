//! SLE answers: the cloud's metric names, scores in [0, 1], impacts within the site, and the
//! org's sites-SLE scores equal to each metric's own summary.

use super::{Report, Seen, get_json, list, num, results, text, window};
use crate::support::org_path;
use serde_json::Value;
use std::collections::HashMap;

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

/// What a site has that an SLE may count.
#[derive(Debug, Clone, Copy, Default)]
struct Population {
    aps: usize,
    wireless: usize,
    wired: usize,
}

/// Each metric's score by `(site, metric)`, from its summary's samples.
type Scores = HashMap<(String, String), f64>;

pub(super) async fn check(seen: &Seen<'_>, r: &mut Report) {
    let mut scores = Scores::new();
    for site in &seen.sites {
        let id = text(site, "id");
        let pop = population(seen, id).await;
        let (_, metrics) = get_json(seen.sim, &format!("/api/v1/sites/{id}/sle/site/{id}/metrics")).await;
        let enabled = metrics
            .get("enabled")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for m in enabled.filter_map(Value::as_str) {
            if !CLOUD_SLE_METRICS.contains(&m) {
                r.add(
                    "SLE metric name the cloud does not use",
                    format!("site {id}: {m}"),
                );
                continue;
            }
            if let Some(score) = check_metric(seen, id, m, pop, r).await {
                scores.insert((id.to_string(), m.to_string()), score);
            }
        }
    }
    check_sites_rows(seen, &scores, r).await;
}

/// A site's APs (from the device stats) and its wireless and wired clients.
async fn population(seen: &Seen<'_>, site: &str) -> Population {
    let aps = seen
        .stats
        .iter()
        .filter(|d| text(d, "type") == "ap" && text(d, "site_id") == site)
        .count();
    let wireless = list(
        seen.sim,
        &format!("/api/v1/sites/{site}/stats/clients?limit=1000"),
    )
    .await;
    let wired_path = format!(
        "/api/v1/sites/{site}/wired_clients/search?limit=1000&{}",
        window()
    );
    let wired = list(seen.sim, &wired_path).await;
    Population {
        aps,
        wireless: wireless.len(),
        wired: wired.len(),
    }
}

/// Checks one metric of one site; its score when its summary measured anything.
async fn check_metric(seen: &Seen<'_>, site: &str, m: &str, pop: Population, r: &mut Report) -> Option<f64> {
    // The users a metric counts: wireless clients, wired ones, or both for the WAN.
    let clients = if m.starts_with("switch") {
        pop.wired
    } else if ["gateway-health", "wan-link-health", "application_health"].contains(&m) {
        pop.wireless + pop.wired
    } else {
        pop.wireless
    };
    let base = format!("/api/v1/sites/{site}/sle/site/{site}/metric/{m}");
    let (status, s) = get_json(seen.sim, &format!("{base}/summary?{}", window())).await;
    if status != 200 {
        return None;
    }
    let what = format!("site {site} {m}");
    let samples = &s["sle"]["samples"];
    let (total, degraded) = (sum(&samples["total"]), sum(&samples["degraded"]));
    let values = samples["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64);
    if let Some(v) = values.into_iter().find(|v| !(0.0..=1.0).contains(v)) {
        r.add("site SLE score outside [0, 1]", format!("{what}: sample {v}"));
    }
    check_impact(&s, &what, pop.aps, clients, r);
    check_classifiers(&s, &what, degraded, r);
    let (_, impacted) = get_json(seen.sim, &format!("{base}/impacted-aps?{}", window())).await;
    let listed = impacted["aps"].as_array().map_or(0, Vec::len);
    let counted = num(&impacted, "total_count").unwrap_or(0.0) as usize;
    if listed > pop.aps || counted > pop.aps {
        r.add(
            "impacted APs exceed the site's APs",
            format!("{what}: {listed} listed, {counted} counted, {} APs", pop.aps),
        );
    }
    (total > 0.0).then(|| 1.0 - degraded / total)
}

fn sum(v: &Value) -> f64 {
    v.as_array().into_iter().flatten().filter_map(Value::as_f64).sum()
}

/// A summary's impact stays within the site's APs and the clients the metric counts.
fn check_impact(s: &Value, what: &str, aps: usize, clients: usize, r: &mut Report) {
    let imp = &s["impact"];
    let f = |k: &str| num(imp, k).unwrap_or(0.0);
    if f("total_aps") > aps as f64
        || f("num_aps") > f("total_aps")
        || f("num_users") > f("total_users")
        || f("total_users") > clients as f64
    {
        r.add(
            "SLE impact exceeds the site",
            format!("{what}: {imp} with {aps} APs and {clients} clients"),
        );
    }
}

/// The classifiers' degraded minutes and users stay within their metric's.
fn check_classifiers(s: &Value, what: &str, degraded: f64, r: &mut Report) {
    let users = num(&s["impact"], "num_users").unwrap_or(0.0);
    let mut class_degraded = 0.0;
    for c in s["classifiers"].as_array().into_iter().flatten() {
        class_degraded += sum(&c["samples"]["degraded"]);
        if num(&c["impact"], "num_users").unwrap_or(0.0) > users {
            r.add(
                "SLE classifiers exceed their metric",
                format!("{what}: classifier {} impacts more users", text(c, "name")),
            );
        }
    }
    if class_degraded > degraded + 0.5 {
        r.add(
            "SLE classifiers exceed their metric",
            format!("{what}: classifiers degraded {class_degraded}, metric {degraded}"),
        );
    }
}

/// The metric a sites-SLE column names.
fn column_metric(c: &str) -> String {
    match c {
        "successful-connect" => "failed-to-connect".to_string(),
        "switch-health" => "switch_health".to_string(),
        "switch-throughput" => "switch_throughput".to_string(),
        other => other.to_string(),
    }
}

/// The org's sites-SLE rows carry their family's metrics, each equal to its summary's score.
async fn check_sites_rows(seen: &Seen<'_>, scores: &Scores, r: &mut Report) {
    for (family, columns) in FAMILY_COLUMNS {
        let path = org_path(
            seen.sim,
            &format!("/insights/sites-sle?sle={family}&{}", window()),
        );
        let (_, body) = get_json(seen.sim, &path).await;
        for row in results(&body) {
            let site = text(&row, "site_id").to_string();
            let Some(obj) = row.as_object() else { continue };
            let counts = [
                "site_id",
                "num_aps",
                "num_clients",
                "num_switches",
                "num_gateways",
            ];
            for (k, v) in obj.iter().filter(|(k, _)| !counts.contains(&k.as_str())) {
                let what = format!("{family} row of {site}: {k}");
                if !columns.contains(&k.as_str()) {
                    r.add("sites-SLE row carries another family's metric", what);
                    continue;
                }
                let Some(score) = v.as_f64() else { continue };
                if !(0.0..=1.0).contains(&score) {
                    r.add("site SLE score outside [0, 1]", format!("{what} {score}"));
                }
                match scores.get(&(site.clone(), column_metric(k))) {
                    Some(s) if (s - score).abs() > 0.01 => r.add(
                        "sites-SLE score disagrees with the metric's summary",
                        format!("{what} {score}, summary {s:.3}"),
                    ),
                    None => r.add(
                        "sites-SLE score disagrees with the metric's summary",
                        format!("{what} {score}, no summary"),
                    ),
                    _ => {}
                }
            }
        }
    }
}
