//! One SLE summary (`getSiteSleSummary`) reduced to a row: the share of user-minutes that met
//! the service level, the classifier that degraded most, and how many users and APs it touched.
//!
//! Mist's summary holds the metric's samples per interval (`sle.samples.total` and
//! `.degraded`, in user-minutes) and the same per classifier; nulls are intervals without data.

use serde_json::{Map, Value, json};

/// The metrics whose impacted users are wireless clients (`impacted-users`), most telling first.
/// The cloud's names, and the older ones some sites still enable.
pub(super) const WIRELESS_USER_METRICS: &[&str] = &[
    "time-to-connect",
    "failed-to-connect",
    "successful-connect",
    "coverage",
    "roaming",
    "roaming-v2",
    "throughput",
    "capacity",
];

/// Order in which enabled metrics are summarized after the wireless user metrics; others follow
/// in Mist's order.
const THEN: &[&str] = &[
    "ap-availability",
    "ap-health",
    "switch_health",
    "switch-health",
    "switch_throughput",
    "switch_stc",
    "gateway-health",
    "wan-link-health",
    "application_health",
];

/// Which SLE family of the org's sites-SLE insight (`getOrgSitesSle sle=…`) scores a metric.
pub(super) fn family(metric: &str) -> &'static str {
    if metric.starts_with("switch") {
        "wired"
    } else if metric.starts_with("gateway") || metric.starts_with("wan") || metric.starts_with("application")
    {
        "wan"
    } else {
        "wifi"
    }
}

/// The column names the org's sites-SLE insight may give a metric's score under: its own, the
/// spelling with dashes for underscores (`switch-health` for `switch_health`), and the older
/// name of the same measure (`successful-connect` for `failed-to-connect`).
pub(super) fn insight_names(metric: &str) -> Vec<String> {
    let mut names = vec![metric.to_owned(), metric.replace('_', "-")];
    if metric == "failed-to-connect" {
        names.push("successful-connect".into());
    }
    names.dedup();
    names
}

/// The enabled metrics in the order they are summarized, at most `max`, and those left out.
pub(super) fn chosen(enabled: &[Value], max: usize) -> (Vec<String>, Vec<String>) {
    let names: Vec<&str> = enabled.iter().filter_map(Value::as_str).collect();
    let mut out: Vec<String> = WIRELESS_USER_METRICS
        .iter()
        .chain(THEN)
        .filter(|m| names.contains(m))
        .map(|m| (*m).to_owned())
        .collect();
    for name in &names {
        if !out.iter().any(|m| m == name) {
            out.push((*name).to_owned());
        }
    }
    let left = out.split_off(max.min(out.len()));
    (out, left)
}

/// The sum of a sample series, nulls skipped.
fn sum(series: Option<&Value>) -> f64 {
    series
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_f64).sum())
        .unwrap_or(0.0)
}

fn samples<'a>(of: &'a Value, name: &str) -> Option<&'a Value> {
    of.get("samples").and_then(|s| s.get(name))
}

/// One decimal is all a reader needs of a percentage.
fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| ((1000.0 * part / whole).round()) / 10.0)
}

/// The row of one metric's summary: `score` (percent of user-minutes that met it), the worst
/// classifier and its share of the degradation, impacted and total users and APs.
pub(super) fn row(metric: &str, summary: &Value) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("metric".into(), json!(metric));
    let sle = summary.get("sle").unwrap_or(&Value::Null);
    let total = sum(samples(sle, "total"));
    let degraded = sum(samples(sle, "degraded"));
    if let Some(score) = percent(total - degraded, total) {
        row.insert("score".into(), json!(score));
    }
    let worst = summary
        .get("classifiers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| (c.get("name").and_then(Value::as_str), sum(samples(c, "degraded"))))
        .filter(|(name, d)| name.is_some() && *d > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((Some(name), worst_degraded)) = worst {
        row.insert("worst_classifier".into(), json!(name));
        let all: f64 = summary
            .get("classifiers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| sum(samples(c, "degraded")))
            .sum();
        if let Some(share) = percent(worst_degraded, all) {
            row.insert("worst_share".into(), json!(share));
        }
    }
    let impact = summary.get("impact").unwrap_or(&Value::Null);
    for key in ["num_users", "total_users", "num_aps", "total_aps"] {
        if let Some(n) = impact.get(key).and_then(Value::as_f64) {
            let name = key.replace("num_", "impacted_");
            row.insert(name, json!(n.round() as i64));
        }
    }
    row
}

/// The score of a row, for finding the worst metric.
pub(super) fn score(row: &Map<String, Value>) -> Option<f64> {
    row.get("score").and_then(Value::as_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_becomes_the_share_of_good_minutes_and_its_worst_classifier() {
        let summary = json!({
            "sle": {"name": "coverage", "samples": {"total": [100.0, null, 300.0], "degraded": [10.0, null, 30.0]}},
            "classifiers": [
                {"name": "weak-signal", "samples": {"degraded": [5.0, 25.0]}},
                {"name": "asymmetry-uplink", "samples": {"degraded": [10.0, null]}},
                {"name": "never", "samples": {"degraded": [0.0]}}
            ],
            "impact": {"num_users": 6, "total_users": 76, "num_aps": 16.0, "total_aps": 64.0}
        });
        let row = row("coverage", &summary);
        assert_eq!(
            Value::Object(row),
            json!({"metric": "coverage", "score": 90.0, "worst_classifier": "weak-signal",
                   "worst_share": 75.0, "impacted_users": 6, "total_users": 76,
                   "impacted_aps": 16, "total_aps": 64})
        );
    }

    #[test]
    fn a_summary_without_samples_has_no_score() {
        let row = row("roaming", &json!({"sle": {"samples": {"total": [null]}}}));
        assert_eq!(score(&row), None);
        assert!(!row.contains_key("worst_classifier"));
    }

    #[test]
    fn preferred_metrics_come_first_and_the_rest_are_counted() {
        let enabled = json!([
            "switch_health",
            "coverage",
            "custom-x",
            "time-to-connect",
            "ap-availability"
        ]);
        let (chosen, left) = chosen(enabled.as_array().unwrap(), 4);
        assert_eq!(
            chosen,
            ["time-to-connect", "coverage", "ap-availability", "switch_health"]
        );
        assert_eq!(left, ["custom-x"]);
    }

    #[test]
    fn a_metric_is_found_under_the_insights_spelling_of_it() {
        assert_eq!(insight_names("coverage"), ["coverage"]);
        assert_eq!(insight_names("switch_health"), ["switch_health", "switch-health"]);
        assert_eq!(
            insight_names("failed-to-connect"),
            ["failed-to-connect", "successful-connect"]
        );
    }

    #[test]
    fn each_metric_belongs_to_the_family_whose_insight_scores_it() {
        assert_eq!(family("coverage"), "wifi");
        assert_eq!(family("ap-availability"), "wifi");
        assert_eq!(family("switch_stc"), "wired");
        assert_eq!(family("gateway-health"), "wan");
        assert_eq!(family("application_health"), "wan");
    }
}
