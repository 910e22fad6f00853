//! `showSiteMap {site_id, map_id?}`: a site's floor plan and the APs placed on it.
//!
//! Reads, all at once: the site (`getSiteInfo`), its maps (`listSiteMaps`: image, size in
//! pixels, pixels per metre) and its APs' stats (`listSiteDevicesStats type=ap`: status, clients,
//! and where each stands, `map_id` with `x`/`y` in pixels of that map's image).
//!
//! Without `map_id` the map shown is the one holding the most APs (the first listed on a tie).
//! The answer keeps the map's own fields, one row per AP placed on it, the site's other maps
//! with how many APs each holds, and the APs placed nowhere.

use super::parts::{Parts, READ_LIMIT};
use super::reads::{Read, Reads};
use super::{arg, keep};
use crate::executor::args::CheckedArgs;
use serde_json::{Map, Value, json};

/// The map fields an answer keeps.
const MAP_FIELDS: &[&str] = &[
    "id",
    "name",
    "type",
    "url",
    "width",
    "height",
    "ppm",
    "orientation",
];
/// The AP fields a row keeps.
const AP_FIELDS: &[&str] = &["name", "mac", "model", "status", "x", "y", "num_clients"];
/// Most unplaced APs named.
const UNPLACED_NAMED: usize = 20;

pub(super) async fn answer(reads: &Reads<'_>, checked: &CheckedArgs) -> (Map<String, Value>, Vec<String>) {
    let site_id = arg(checked, "site_id").unwrap_or_default();
    let asked = arg(checked, "map_id");
    let (site, maps, aps) = tokio::join!(
        reads.read(
            "getSiteInfo",
            "",
            json!({"site_id": site_id, "fields": "id,name,timezone"}),
        ),
        reads.read(
            "listSiteMaps",
            "",
            json!({"site_id": site_id, "limit": 100, "fields": MAP_FIELDS.join(",")}),
        ),
        reads.read(
            "listSiteDevicesStats",
            "type=ap",
            json!({"site_id": site_id, "type": "ap", "status": "all", "limit": READ_LIMIT,
                   "fields": format!("{},map_id", AP_FIELDS.join(","))}),
        ),
    );
    let mut parts = Parts::default();
    parts.put("site", site.map(|read| read.data));
    let mut or_none = |part: &'static str, read: Result<Read, String>| {
        read.unwrap_or_else(|failed| {
            parts.missing.push((part, failed));
            Read::whole(json!([]))
        })
    };
    let aps = or_none("aps", aps);
    let maps = or_none("map", maps);
    place(&mut parts, maps.items(), &aps, asked);
    (parts.finish(), Vec::new())
}

/// The chosen map, the APs on it, the site's maps and the APs placed nowhere.
fn place(parts: &mut Parts, maps: &[Value], aps: &Read, asked: Option<&str>) {
    let counts: Vec<usize> = maps.iter().map(|m| on_map(aps, id_of(m)).count()).collect();
    parts.out.insert(
        "maps".into(),
        maps.iter()
            .zip(&counts)
            .map(|(m, n)| json!({"id": id_of(m), "name": m.get("name"), "aps": n}))
            .collect(),
    );
    let chosen = match asked {
        Some(id) => maps.iter().position(|m| id_of(m) == id).or_else(|| {
            let why = format!("{id} is not a map of this site; maps lists those it has");
            parts.missing.push(("map", why));
            None
        }),
        None => most_aps(&counts),
    };
    match chosen.and_then(|i| maps.get(i)) {
        Some(map) => {
            // The read asked for the map's fields alone.
            parts.out.insert("map".into(), map.clone());
            let rows: Vec<Value> = on_map(aps, id_of(map)).map(|a| keep(a, AP_FIELDS)).collect();
            parts.out.insert("summary".into(), summary(&rows, aps.has_more));
            parts.out.insert("aps".into(), Value::Array(rows));
        }
        None if maps.is_empty() && parts.missing.is_empty() => {
            parts.missing.push(("map", "the site has no map".into()));
        }
        None => {}
    }
    parts.out.insert("unplaced".into(), unplaced(aps, maps));
}

/// Index of the map holding the most APs; the first listed on a tie.
fn most_aps(counts: &[usize]) -> Option<usize> {
    let best = counts.iter().copied().max()?;
    counts.iter().position(|&n| n == best)
}

/// The APs standing on map `map_id`.
fn on_map<'r>(aps: &'r Read, map_id: &'r str) -> impl Iterator<Item = &'r Value> + 'r {
    aps.items().iter().filter(move |a| stands_on(a, map_id))
}

/// Whether an AP stands on map `map_id`: it names the map and has a position.
fn stands_on(ap: &Value, map_id: &str) -> bool {
    !map_id.is_empty()
        && ap.get("map_id").and_then(Value::as_str) == Some(map_id)
        && ap.get("x").is_some_and(Value::is_number)
        && ap.get("y").is_some_and(Value::is_number)
}

/// How many APs stand on the map, how many are up, and the names of those that are not.
fn summary(rows: &[Value], cut: bool) -> Value {
    let down: Vec<&Value> = rows
        .iter()
        .filter(|a| a.get("status").and_then(Value::as_str) != Some("connected"))
        .filter_map(|a| a.get("name").or_else(|| a.get("mac")))
        .collect();
    let mut out = json!({"placed": rows.len(), "connected": rows.len() - down.len(),
                         "down": down.len(), "down_names": down});
    if cut {
        out["cut"] = json!(format!(
            "more than {READ_LIMIT} APs: the map shows the first {READ_LIMIT}"
        ));
    }
    out
}

/// The APs no map of the site holds (no map id, another site's map, or no position).
fn unplaced(aps: &Read, maps: &[Value]) -> Value {
    let placed = |a: &Value| maps.iter().any(|m| stands_on(a, id_of(m)));
    let rows: Vec<Value> = aps
        .items()
        .iter()
        .filter(|a| !placed(a))
        .take(UNPLACED_NAMED)
        .map(|a| keep(a, &["name", "mac", "status"]))
        .collect();
    Value::Array(rows)
}

fn id_of(map: &Value) -> &str {
    map.get("id").and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maps() -> Read {
        Read::whole(json!([
            {"id": "m1", "name": "Ground", "url": "http://img/m1.svg", "width": 1800, "height": 1200, "ppm": 24.5},
            {"id": "m2", "name": "First", "url": "http://img/m2.svg", "width": 1800, "height": 1200}
        ]))
    }

    fn aps() -> Read {
        Read::whole(json!([
            {"name": "ap-1", "mac": "a1", "status": "connected", "map_id": "m2", "x": 10, "y": 20},
            {"name": "ap-2", "mac": "a2", "status": "disconnected", "map_id": "m2", "x": 30, "y": 40},
            {"name": "ap-3", "mac": "a3", "status": "connected", "map_id": "m1", "x": 50, "y": 60},
            {"name": "ap-4", "mac": "a4", "status": "connected"}
        ]))
    }

    /// The answer's parts and its `missing` lines, from `maps`, the APs and `asked`.
    fn placed_on(maps: &Read, asked: Option<&str>) -> (Map<String, Value>, Vec<String>) {
        let mut parts = Parts::default();
        place(&mut parts, maps.items(), &aps(), asked);
        let missing = parts
            .missing
            .iter()
            .map(|(part, why)| format!("{part} ({why})"))
            .collect();
        (parts.out, missing)
    }

    fn placed(asked: Option<&str>) -> (Map<String, Value>, Vec<String>) {
        placed_on(&maps(), asked)
    }

    #[test]
    fn without_a_map_id_the_map_holding_the_most_aps_is_shown_with_its_down_aps_named() {
        let (out, missing) = placed(None);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(out["map"]["id"], "m2");
        assert_eq!(out["aps"].as_array().unwrap().len(), 2);
        assert_eq!(
            out["summary"],
            json!({"placed": 2, "connected": 1, "down": 1, "down_names": ["ap-2"]})
        );
        assert_eq!(
            out["maps"],
            json!([{"id": "m1", "name": "Ground", "aps": 1}, {"id": "m2", "name": "First", "aps": 2}])
        );
        assert_eq!(
            out["unplaced"],
            json!([{"name": "ap-4", "mac": "a4", "status": "connected"}])
        );
    }

    #[test]
    fn a_map_id_chooses_the_map_and_its_rows_keep_the_position_in_pixels() {
        let (out, _) = placed(Some("m1"));
        assert_eq!(out["map"]["name"], "Ground");
        assert_eq!(out["map"]["ppm"], 24.5);
        assert_eq!(
            out["aps"],
            json!([{"name": "ap-3", "mac": "a3", "status": "connected", "x": 50, "y": 60}])
        );
    }

    #[test]
    fn a_map_id_of_another_site_is_said_and_no_map_is_shown() {
        let (out, missing) = placed(Some("elsewhere"));
        assert!(out.get("map").is_none());
        assert!(
            missing[0].contains("elsewhere is not a map of this site"),
            "{missing:?}"
        );
    }

    #[test]
    fn a_site_without_maps_says_so_and_lists_every_ap_as_unplaced() {
        let (out, missing) = placed_on(&Read::whole(json!([])), None);
        assert_eq!(missing, ["map (the site has no map)"]);
        assert_eq!(out["unplaced"].as_array().unwrap().len(), 4);
    }
}
