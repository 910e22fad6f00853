//! The `fields` argument: keep only the named fields of each item of an answer.
//!
//! Items are the records of a list or search answer, or the answer itself when it is one
//! object. `a.b` names a nested field and keeps the path to it; through a list, it applies to
//! each element. Fields come back in the order they were asked for, which is also the order of
//! the columns in the text rendering. A field no item has is reported in a note that lists the
//! fields the items do have, so the model can ask again.

use serde_json::{Map, Value};

/// Most available field names a note lists.
const LISTED: usize = 40;

/// Parses the argument: a comma-separated string or a list of strings; blanks are skipped.
pub fn parse(value: &Value) -> Option<Vec<String>> {
    let parts: Vec<&str> = match value {
        Value::String(s) => s.split(',').collect(),
        Value::Array(items) => items.iter().map(Value::as_str).collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    Some(
        parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Keeps only `fields` in each item of `data`; returns a note when some field is in no item.
pub fn select(data: &mut Value, fields: &[String]) -> Option<String> {
    if fields.is_empty() {
        return None;
    }
    let paths: Vec<Vec<&str>> = fields.iter().map(|f| f.split('.').collect()).collect();
    let items: Vec<&mut Value> = match data {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(map) => match map.get_mut("results") {
            Some(Value::Array(items)) => items.iter_mut().collect(),
            _ => vec![data],
        },
        _ => return None,
    };
    let mut available: Vec<String> = Vec::new();
    let mut found = vec![false; paths.len()];
    let mut objects = 0usize;
    for item in items {
        let Value::Object(map) = item else { continue };
        objects += 1;
        for key in map.keys() {
            if available.len() < 4 * LISTED && !available.contains(key) {
                available.push(key.clone());
            }
        }
        for (i, path) in paths.iter().enumerate() {
            found[i] |= map.contains_key(path[0]);
        }
        *map = project(map, &paths);
    }
    let missing: Vec<&str> = fields
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .map(|(name, _)| name.as_str())
        .collect();
    if missing.is_empty() || objects == 0 {
        return None;
    }
    let listed = available.len().min(LISTED);
    let more = if available.len() > LISTED { ", …" } else { "" };
    Some(format!(
        "fields: no item has {}; the items' fields are: {}{more}.",
        missing.join(", "),
        available[..listed].join(", ")
    ))
}

/// The parts of `map` that `paths` name, in the order of the paths.
fn project(map: &Map<String, Value>, paths: &[Vec<&str>]) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, path) in paths.iter().enumerate() {
        let head = path[0];
        if out.contains_key(head) || paths[..i].iter().any(|p| p[0] == head) {
            continue;
        }
        let Some(value) = map.get(head) else { continue };
        let rest: Vec<Vec<&str>> = paths
            .iter()
            .filter(|p| p[0] == head)
            .map(|p| p[1..].to_vec())
            .collect();
        if rest.iter().any(Vec::is_empty) {
            out.insert(head.to_owned(), value.clone());
        } else if let Some(kept) = nested(value, &rest) {
            out.insert(head.to_owned(), kept);
        }
    }
    out
}

fn nested(value: &Value, paths: &[Vec<&str>]) -> Option<Value> {
    match value {
        Value::Object(map) => {
            let kept = project(map, paths);
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .iter()
                .map(|item| nested(item, paths).unwrap_or(Value::Null))
                .collect();
            kept.iter().any(|v| !v.is_null()).then_some(Value::Array(kept))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list(v: Value) -> Vec<String> {
        parse(&v).unwrap()
    }

    #[test]
    fn the_argument_is_a_comma_separated_string_or_a_list() {
        assert_eq!(list(json!(" name, ip ,,")), ["name", "ip"]);
        assert_eq!(list(json!(["name", "ip"])), ["name", "ip"]);
        assert!(parse(&json!(3)).is_none());
    }

    #[test]
    fn search_results_keep_the_named_fields_in_the_order_asked() {
        let mut v = json!({"total": 2, "results": [
            {"mac": "a", "name": "ap-1", "ip": "10.0.0.1", "model": "AP45"},
            {"mac": "b", "name": "ap-2", "model": "AP32"}
        ]});
        assert_eq!(select(&mut v, &list(json!("model,name"))), None);
        assert_eq!(
            v,
            json!({"total": 2, "results": [{"model": "AP45", "name": "ap-1"}, {"model": "AP32", "name": "ap-2"}]})
        );
        let first = v["results"][0].as_object().unwrap();
        assert_eq!(first.keys().collect::<Vec<_>>(), ["model", "name"]);
    }

    #[test]
    fn dot_paths_keep_nested_fields_and_reach_through_lists() {
        let mut v = json!({"name": "sw-1", "radio": {"band_5": {"util": 3, "noise": -90}, "band_24": {"util": 1}},
                           "ports": [{"id": "ge-0/0/1", "speed": 1000}, {"id": "ge-0/0/2", "speed": 10}]});
        select(&mut v, &list(json!("radio.band_5.util,ports.speed")));
        assert_eq!(
            v,
            json!({"radio": {"band_5": {"util": 3}}, "ports": [{"speed": 1000}, {"speed": 10}]})
        );
    }

    #[test]
    fn an_unknown_field_gets_a_note_listing_the_available_ones() {
        let mut v = json!([{"name": "a", "ip": "1"}, {"name": "b", "serial": "x"}]);
        let note = select(&mut v, &list(json!("name,hostname"))).unwrap();
        assert!(note.contains("no item has hostname"), "{note}");
        assert!(note.contains("name, ip, serial"), "{note}");
        assert_eq!(v, json!([{"name": "a"}, {"name": "b"}]));
    }
}
