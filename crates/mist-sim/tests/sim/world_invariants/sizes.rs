//! Records of a real one's size: the median AP and switch stats records are at least what
//! the cloud's are less a margin. The median sizes of clients, events and alarms, and of the
//! main searches' answers, are printed beside.

use super::{Report, Seen, list, text, window};
use crate::support::{get, org_path};
use std::collections::BTreeMap;

/// Median sizes of real stats records, less a margin: an AP's is about 4.5 KB.
const MIN_MEDIAN_BYTES: &[(&str, usize)] = &[("AP stats", 2_000), ("switch stats", 2_500)];

fn median(mut v: Vec<usize>) -> usize {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

pub(super) async fn check(seen: &Seen<'_>, r: &mut Report) {
    let mut sizes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for d in &seen.stats {
        let what = match text(d, "type") {
            "ap" => "AP stats",
            "switch" => "switch stats",
            _ => "gateway stats",
        };
        sizes
            .entry(what)
            .or_default()
            .push(serde_json::to_vec(d).unwrap().len());
    }
    for (what, path) in [
        ("wireless clients", "/clients/search?limit=1000"),
        ("wired clients", "/wired_clients/search?limit=1000"),
        ("device events", "/devices/events/search?limit=1000"),
        ("client events", "/clients/events/search?limit=1000"),
        ("alarms", "/alarms/search?limit=1000"),
    ] {
        let found = list(seen.sim, &org_path(seen.sim, &format!("{path}&{}", window()))).await;
        let v = found
            .iter()
            .map(|x| serde_json::to_vec(x).unwrap().len())
            .collect();
        sizes.insert(what, v);
    }
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
        let answer = get(seen.sim, &org_path(seen.sim, path)).await;
        let bytes = answer.bytes().await.unwrap().len();
        eprintln!("  {what:<20} answer {bytes:>7} B");
    }
}
