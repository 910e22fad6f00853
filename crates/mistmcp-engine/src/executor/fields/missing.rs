//! The note on `fields` names no item has: which ones, the fields the items do have, and for a
//! nested name the fields where its path stops, bounded whatever was asked.

use super::items_of;
use mist_client::echo::clip;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Most available field names a note lists.
const LISTED: usize = 40;
/// Most missing names a note repeats.
const MISSING_LISTED: usize = 10;

/// The note on the `names` (parsed as `paths`) no item of `data` has, with the fields there
/// are where each stops; `None` when every name is found.
pub(super) fn note(names: &[String], paths: &[Vec<String>], data: &mut Value) -> Option<String> {
    let items = items_of(data);
    let objects: Vec<&Map<String, Value>> = items.iter().filter_map(|i| i.as_object()).collect();
    if objects.is_empty() {
        return None;
    }
    let mut top = Available::default();
    objects.iter().for_each(|map| top.add(map.keys()));
    let mut missing: Vec<&str> = Vec::new();
    let mut inner: Vec<String> = Vec::new();
    for (name, path) in names.iter().zip(paths) {
        if objects.iter().any(|map| reaches(map, path)) {
            continue;
        }
        missing.push(name);
        // A nested name: the deepest part of its path some item has, and the fields there.
        if path.len() > 1
            && inner.len() < MISSING_LISTED
            && let Some((depth, there)) = objects
                .iter()
                .map(|map| deepest(map, path))
                .max_by_key(|(d, _)| *d)
            && depth > 0
        {
            let at: Vec<&str> = path[..depth].iter().map(String::as_str).collect();
            let keys: Vec<String> = there.keys().take(LISTED).map(|k| clip(k).to_string()).collect();
            inner.push(format!("{} has: {}", clip(&at.join(".")), keys.join(", ")));
        }
    }
    (!missing.is_empty()).then(|| words(&missing, &top.names, &inner))
}

/// Whether `map` holds the whole path (through lists, in any element).
fn reaches(map: &Map<String, Value>, path: &[String]) -> bool {
    let Some((head, rest)) = path.split_first() else {
        return true;
    };
    match map.get(head) {
        None => false,
        Some(_) if rest.is_empty() => true,
        Some(value) => value_reaches(value, rest),
    }
}

fn value_reaches(value: &Value, path: &[String]) -> bool {
    match value {
        Value::Object(map) => reaches(map, path),
        Value::Array(items) => items.iter().any(|item| value_reaches(item, path)),
        _ => false,
    }
}

/// How many parts of `path` `map` holds, and the object where it stops.
fn deepest<'a>(map: &'a Map<String, Value>, path: &[String]) -> (usize, &'a Map<String, Value>) {
    let mut here = map;
    for (depth, part) in path.iter().enumerate() {
        let next = match here.get(part) {
            Some(Value::Object(next)) => next,
            Some(Value::Array(items)) => match items.iter().find_map(Value::as_object) {
                Some(next) => next,
                None => return (depth, here),
            },
            _ => return (depth, here),
        };
        here = next;
    }
    (path.len(), here)
}

/// The field names the items have, in the order met, bounded: the note lists a few dozen.
#[derive(Default)]
struct Available {
    names: Vec<String>,
    seen: HashSet<String>,
}

impl Available {
    fn add<'a>(&mut self, keys: impl Iterator<Item = &'a String>) {
        for key in keys {
            if self.names.len() > LISTED {
                return;
            }
            if self.seen.insert(key.clone()) {
                self.names.push(key.clone());
            }
        }
    }
}

/// `fields: no item has x, y; the items' fields are: …`, and where a path stops inside an
/// item, the fields there; bounded whatever was asked.
fn words(missing: &[&str], available: &[String], inner: &[String]) -> String {
    let mut named: Vec<String> = missing
        .iter()
        .take(MISSING_LISTED)
        .map(|name| clip(name).to_string())
        .collect();
    if missing.len() > MISSING_LISTED {
        named.push(format!("and {} more", missing.len() - MISSING_LISTED));
    }
    let listed: Vec<String> = available
        .iter()
        .take(LISTED)
        .map(|name| clip(name).to_string())
        .collect();
    let more = if available.len() > LISTED { ", …" } else { "" };
    let mut out = format!(
        "fields: no item has {}; the items' fields are: {}{more}",
        named.join(", "),
        listed.join(", ")
    );
    for place in inner {
        out.push_str("; ");
        out.push_str(place);
    }
    out.push_str(". A key holding a dot is quoted: a.\"b.c\".d.");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Fields, MAX_NAMES};
    use serde_json::json;

    fn fields(v: serde_json::Value) -> Fields {
        Fields::parse(&v).unwrap()
    }

    #[test]
    fn an_unknown_field_gets_a_note_listing_the_available_ones() {
        let mut v = json!([{"name": "a", "ip": "1"}, {"name": "b", "serial": "x"}]);
        let note = fields(json!("name,hostname")).select(&mut v).unwrap();
        assert!(note.contains("no item has hostname"), "{note}");
        assert!(note.contains("name, ip, serial"), "{note}");
        assert_eq!(v, json!([{"name": "a"}, {"name": "b"}]));
    }

    #[test]
    fn the_note_on_many_missing_names_stays_short() {
        let names: Vec<String> = (0..MAX_NAMES)
            .map(|i| format!("{}{i}", "x".repeat(150)))
            .collect();
        let mut v = json!([{"name": "a"}]);
        let note = fields(json!(names)).select(&mut v).unwrap();
        assert!(note.contains("and 90 more"), "{note}");
        assert!(note.len() < 1_500, "{} bytes", note.len());
    }

    #[test]
    fn a_misspelt_nested_name_gets_the_fields_where_it_stops() {
        let mut v = json!([{"name": "ap-1", "radio_stat": {"band_5": {"channel": 36, "power": 17}}}]);
        let note = fields(json!("name,radio_stat.band_5.chanel"))
            .select(&mut v)
            .unwrap();
        assert!(note.contains("no item has radio_stat.band_5.chanel"), "{note}");
        assert!(note.contains("radio_stat.band_5 has: channel, power"), "{note}");
        let mut v = json!([{"name": "ap-1", "radio_stat": {"band_5": {"channel": 36}}}]);
        assert_eq!(fields(json!("radio_stat.band_5.channel")).select(&mut v), None);
    }
}
