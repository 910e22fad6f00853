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
//! [`MAX_NAMES`] names of at most `MAX_PATH_CHARS` characters and `MAX_DEPTH` parts each.
//! The names are parsed once into a tree ([`Fields`]), and keeping them costs one walk of that
//! tree per item: linear in the names and the answer, never in their product's square.

mod missing;
mod tree;

use mist_client::echo::clip;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;
use tree::{Builder, Node};

/// Most field names one call may keep. A record of device stats has about a hundred fields;
/// asking for more than that is asking for everything, which leaving `fields` out does.
pub const MAX_NAMES: usize = 100;
/// Longest field path, in characters.
pub(crate) const MAX_PATH_CHARS: usize = 200;
/// Most dot-separated parts in one path.
pub(crate) const MAX_DEPTH: usize = 8;

/// Why a `fields` argument was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldsError {
    /// Neither a string nor a list of strings.
    NotNames,
    /// More names than [`MAX_NAMES`].
    TooMany {
        /// How many names were given.
        given: usize,
    },
    /// A path longer than `MAX_PATH_CHARS` or deeper than `MAX_DEPTH`.
    TooLong {
        /// The path, clipped.
        path: String,
    },
    /// A path with an empty part (`a..b`, `.a`, `a.`).
    EmptyPart {
        /// The path given.
        path: String,
    },
}

impl FieldsError {
    /// What the argument must be, for the error that names it.
    pub(crate) fn expected(&self) -> String {
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
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Keeps only these fields in each item of `data`; returns a note when some field is in
    /// no item.
    pub fn select(&self, data: &mut Value) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let note = missing::note(&self.names, &self.paths, data);
        for item in items_of(data) {
            if let Value::Object(map) = item {
                let whole = std::mem::take(map);
                *map = tree::project(whole, &self.tree);
            }
        }
        note
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
}
