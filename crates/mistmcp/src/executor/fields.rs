//! The `fields` argument: keep only the named fields of each item of an answer.
//!
//! Items are the records of a list or search answer, or the answer itself when it is one
//! object. `a.b` names a nested field and keeps the path to it; through a list, it applies to
//! each element. A key that itself holds a dot or a comma is written in double quotes:
//! `if_stat."ge-0/0/5.130".rx_bytes`. Fields come back in the order they were asked for, which
//! is also the order of the columns in the text rendering. A field no item has is reported in
//! a note that lists the fields the items do have there (at the top, or inside the deepest part
//! of the path that exists), so the model can ask again.
//!
//! Any caller can send `fields`, so its cost is bounded before any answer is read: at most
//! [`MAX_NAMES`] names of at most [`MAX_PATH_CHARS`] characters and [`MAX_DEPTH`] parts each.
//! The names are parsed once into a tree ([`Fields`]), and keeping them costs one walk of that
//! tree per item: linear in the names and the answer, never in their product's square.

use crate::echo::clip;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Most field names one call may keep. A record of device stats has about a hundred fields;
/// asking for more than that is asking for everything, which leaving `fields` out does.
pub const MAX_NAMES: usize = 100;
/// Longest field path, in characters.
pub const MAX_PATH_CHARS: usize = 200;
/// Most dot-separated parts in one path.
pub const MAX_DEPTH: usize = 8;
/// Most available field names a note lists.
const LISTED: usize = 40;
/// Most missing names a note repeats.
const MISSING_LISTED: usize = 10;

/// Why a `fields` argument was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldsError {
    /// Neither a string nor a list of strings.
    NotNames,
    /// More names than [`MAX_NAMES`].
    TooMany { given: usize },
    /// A path longer than [`MAX_PATH_CHARS`] or deeper than [`MAX_DEPTH`].
    TooLong { path: String },
    /// A path with an empty part (`a..b`, `.a`, `a.`).
    EmptyPart { path: String },
}

impl FieldsError {
    /// What the argument must be, for the error that names it.
    pub fn expected(&self) -> String {
        match self {
            FieldsError::NotNames => {
                "field names, comma-separated or a list of strings (a.b for a nested field)".into()
            }
            FieldsError::TooMany { given } => format!(
                "at most {MAX_NAMES} field names (got {given}); name only the fields you need, \
                 or leave fields out for whole records"
            ),
            FieldsError::TooLong { path } => format!(
                "paths of at most {MAX_PATH_CHARS} characters and {MAX_DEPTH} dot-separated parts \
                 ('{}' is longer)",
                clip(path)
            ),
            FieldsError::EmptyPart { path } => format!(
                "dot paths without empty parts, such as radio_stat.band_5.channel ('{}' has one)",
                clip(path)
            ),
        }
    }
}

impl fmt::Display for FieldsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fields must be {}", self.expected())
    }
}

impl std::error::Error for FieldsError {}

/// A checked `fields` argument: the names as asked (for notes and the text's columns) and the
/// tree of their paths (for keeping them). Empty keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    names: Vec<String>,
    /// Each name's parts, quotes removed.
    paths: Vec<Vec<String>>,
    tree: Node,
}

/// One level of the paths: the keys named here, in the order first asked, each either kept
/// whole or narrowed further.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Node {
    whole: bool,
    children: Vec<(String, Node)>,
}

impl Fields {
    /// Parses the argument: a comma-separated string or a list of strings; blanks are skipped
    /// and a name asked twice counts once.
    pub fn parse(value: &Value) -> Result<Self, FieldsError> {
        let parts: Vec<&str> = match value {
            Value::String(s) => split_outside_quotes(s, ','),
            Value::Array(items) => items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<_>>>()
                .ok_or(FieldsError::NotNames)?,
            _ => return Err(FieldsError::NotNames),
        };
        let mut seen = HashSet::new();
        let mut names = Vec::new();
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            if seen.insert(part) {
                names.push(part);
            }
        }
        if names.len() > MAX_NAMES {
            return Err(FieldsError::TooMany { given: names.len() });
        }
        let mut builder = Builder::default();
        let mut paths = Vec::with_capacity(names.len());
        for name in &names {
            let too_long = || FieldsError::TooLong {
                path: (*name).to_owned(),
            };
            if name.chars().count() > MAX_PATH_CHARS {
                return Err(too_long());
            }
            let segments: Vec<String> = split_outside_quotes(name, '.').into_iter().map(unquote).collect();
            if segments.len() > MAX_DEPTH {
                return Err(too_long());
            }
            if segments.iter().any(String::is_empty) {
                return Err(FieldsError::EmptyPart {
                    path: (*name).to_owned(),
                });
            }
            builder.add(segments.iter().map(String::as_str));
            paths.push(segments);
        }
        Ok(Self {
            names: names.into_iter().map(str::to_owned).collect(),
            paths,
            tree: builder.finish(),
        })
    }

    /// The names as asked.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether no field was asked for (everything is kept).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Keeps only these fields in each item of `data`; returns a note when some field is in
    /// no item.
    pub fn select(&self, data: &mut Value) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let note = self.missing_note(data);
        for item in items_of(data) {
            if let Value::Object(map) = item {
                let whole = std::mem::take(map);
                *map = project(whole, &self.tree);
            }
        }
        note
    }

    /// The note on the names no item has, with the fields there are where each stops.
    fn missing_note(&self, data: &mut Value) -> Option<String> {
        let items = items_of(data);
        let objects: Vec<&Map<String, Value>> = items.iter().filter_map(|i| i.as_object()).collect();
        if objects.is_empty() {
            return None;
        }
        let mut top = Available::default();
        objects.iter().for_each(|map| top.add(map.keys()));
        let mut missing: Vec<&str> = Vec::new();
        let mut inner: Vec<String> = Vec::new();
        for (name, path) in self.names.iter().zip(&self.paths) {
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
        (!missing.is_empty()).then(|| note(&missing, &top.names, &inner))
    }
}

/// The items of an answer: a list's elements, a search's `results`, or the answer itself.
fn items_of(data: &mut Value) -> Vec<&mut Value> {
    if matches!(data.get("results"), Some(Value::Array(_))) {
        return match data.get_mut("results") {
            Some(Value::Array(items)) => items.iter_mut().collect(),
            _ => Vec::new(),
        };
    }
    match data {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(_) => vec![data],
        _ => Vec::new(),
    }
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

/// `text` split at `separator` wherever it is outside double quotes.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A path part with its surrounding quotes (if any) removed.
fn unquote(part: &str) -> String {
    let part = part.trim();
    match part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
        Some(inner) => inner.to_owned(),
        None => part.to_owned(),
    }
}

/// Builds the tree, finding each key's child through an index so that adding a path costs
/// its length, whatever came before.
#[derive(Default)]
struct Builder {
    whole: bool,
    order: Vec<String>,
    children: HashMap<String, Builder>,
}

impl Builder {
    fn add<'a>(&mut self, mut path: impl Iterator<Item = &'a str>) {
        let Some(key) = path.next() else {
            self.whole = true;
            return;
        };
        let child = match self.children.get_mut(key) {
            Some(child) => child,
            None => {
                self.order.push(key.to_owned());
                self.children.entry(key.to_owned()).or_default()
            }
        };
        child.add(path);
    }

    fn finish(mut self) -> Node {
        let children = self
            .order
            .into_iter()
            .filter_map(|key| {
                let child = self.children.remove(&key)?;
                Some((key, child.finish()))
            })
            .collect();
        Node {
            whole: self.whole,
            children,
        }
    }
}

/// The parts of `map` that `node` names, in the order they were asked for.
fn project(mut map: Map<String, Value>, node: &Node) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, child) in &node.children {
        let Some(value) = map.remove(key) else { continue };
        if child.whole {
            out.insert(key.clone(), value);
        } else if let Some(kept) = nested(value, child) {
            out.insert(key.clone(), kept);
        }
    }
    out
}

fn nested(value: Value, node: &Node) -> Option<Value> {
    match value {
        Value::Object(map) => {
            let kept = project(map, node);
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .into_iter()
                .map(|item| nested(item, node).unwrap_or(Value::Null))
                .collect();
            kept.iter().any(|v| !v.is_null()).then_some(Value::Array(kept))
        }
        _ => None,
    }
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
fn note(missing: &[&str], available: &[String], inner: &[String]) -> String {
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
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Fields {
        Fields::parse(&v).unwrap()
    }

    #[test]
    fn the_argument_is_a_comma_separated_string_or_a_list() {
        assert_eq!(fields(json!(" name, ip ,,")).names(), ["name", "ip"]);
        assert_eq!(fields(json!(["name", "ip", "name"])).names(), ["name", "ip"]);
        assert_eq!(Fields::parse(&json!(3)), Err(FieldsError::NotNames));
        assert_eq!(Fields::parse(&json!(["a", 1])), Err(FieldsError::NotNames));
    }

    #[test]
    fn search_results_keep_the_named_fields_in_the_order_asked() {
        let mut v = json!({"total": 2, "results": [
            {"mac": "a", "name": "ap-1", "ip": "10.0.0.1", "model": "AP45"},
            {"mac": "b", "name": "ap-2", "model": "AP32"}
        ]});
        assert_eq!(fields(json!("model,name")).select(&mut v), None);
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
        fields(json!("radio.band_5.util,ports.speed")).select(&mut v);
        assert_eq!(
            v,
            json!({"radio": {"band_5": {"util": 3}}, "ports": [{"speed": 1000}, {"speed": 10}]})
        );
    }

    #[test]
    fn a_whole_field_and_a_path_inside_it_keep_the_whole_field() {
        let mut v = json!({"radio": {"band_5": {"util": 3}, "band_24": {"util": 1}}, "name": "ap"});
        fields(json!("radio.band_5.util,radio")).select(&mut v);
        assert_eq!(
            v,
            json!({"radio": {"band_5": {"util": 3}, "band_24": {"util": 1}}})
        );
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
    fn more_names_than_the_cap_are_refused_with_the_cap_and_the_count() {
        let many: Vec<String> = (0..30_000).map(|i| format!("f{i}")).collect();
        let error = Fields::parse(&json!(many.join(","))).unwrap_err();
        assert_eq!(error, FieldsError::TooMany { given: 30_000 });
        let text = error.to_string();
        assert!(text.contains("at most 100") && text.contains("30000"), "{text}");
        let at_cap: Vec<String> = many[..MAX_NAMES].to_vec();
        assert_eq!(fields(json!(at_cap)).names().len(), MAX_NAMES);
    }

    #[test]
    fn a_long_or_deep_path_and_an_empty_part_are_refused_and_quoted_short() {
        let long = "a".repeat(10_000);
        let error = Fields::parse(&json!(long)).unwrap_err();
        assert!(matches!(error, FieldsError::TooLong { .. }));
        assert!(error.to_string().len() < 300, "{error}");
        let deep = ["a"; MAX_DEPTH + 1].join(".");
        assert!(matches!(
            Fields::parse(&json!(deep)),
            Err(FieldsError::TooLong { .. })
        ));
        assert!(matches!(
            Fields::parse(&json!("radio..band")),
            Err(FieldsError::EmptyPart { .. })
        ));
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
    fn paths_that_share_a_head_are_kept_together_in_the_order_first_asked() {
        let names: Vec<String> = (0..MAX_NAMES / 2)
            .flat_map(|i| [format!("stat.k{i}"), format!("other{i}")])
            .collect();
        let mut item = Map::new();
        let mut stat = Map::new();
        for i in 0..MAX_NAMES / 2 {
            stat.insert(format!("k{i}"), json!(i));
            item.insert(format!("other{i}"), json!(i));
        }
        item.insert("stat".into(), Value::Object(stat.clone()));
        let mut v = Value::Object(item);
        assert_eq!(fields(json!(names)).select(&mut v), None);
        let kept = v.as_object().unwrap();
        assert_eq!(kept.keys().next().map(String::as_str), Some("stat"));
        assert_eq!(kept["stat"], Value::Object(stat));
        assert_eq!(kept.len(), 1 + MAX_NAMES / 2);
    }

    #[test]
    fn a_quoted_part_reaches_a_key_that_holds_a_dot() {
        let mut v = json!([{"name": "sw-1", "if_stat": {"ge-0/0/5.130": {"rx_bytes": 7, "tx_bytes": 9}, "ge-0/0/6.0": {"rx_bytes": 1}}}]);
        let fields = fields(json!("name,if_stat.\"ge-0/0/5.130\".rx_bytes"));
        assert_eq!(
            fields.names().len(),
            2,
            "the comma inside no quotes splits, the dot inside quotes does not"
        );
        assert_eq!(fields.select(&mut v), None);
        assert_eq!(
            v,
            json!([{"name": "sw-1", "if_stat": {"ge-0/0/5.130": {"rx_bytes": 7}}}])
        );
        let listed = Fields::parse(&json!(["if_stat.\"a,b\""])).unwrap();
        assert_eq!(listed.names(), ["if_stat.\"a,b\""]);
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
