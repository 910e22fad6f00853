//! The text a model reads: the answer envelope in few tokens.
//!
//! Structured content stays JSON for programs. The text renders the same answer line by line:
//!
//! ```text
//! data: {"limit":100,"total":40}          the answer's other fields, as compact JSON
//! data.results (40):                       a list of similar objects, as a table:
//! every item: {"org_id":"6f4b…"}           fields with one value in every item, once;
//! name|mac|model|ip                        one header line of column names,
//! ap-1|5c5b35000001|AP45|10.0.0.2          then one line per item, `|` between cells;
//! ap-2|5c5b35000002||10.0.0.3              an empty cell is a field the item lacks
//! pagination: {"total":40,"has_more":false}
//! note: Served from this server's cache, 3 s old.
//! ```
//!
//! Cells are the values as they are: strings unquoted (`|` written `\|`, line breaks `\n`),
//! numbers and booleans as JSON, nested objects and lists as compact JSON. A list whose items
//! share too few fields for a table is written one compact JSON item per line.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A table pays when at least this share of its cells hold a value.
const MIN_FILL: f64 = 0.4;

/// The text content of an answer envelope `{data, pagination?, notes?}`.
pub fn render(envelope: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (key, value) in envelope {
        match (key.as_str(), value) {
            ("notes", Value::Array(notes)) => {
                for note in notes {
                    out.push_str("note: ");
                    match note {
                        Value::String(s) => out.push_str(s),
                        other => push_json(&mut out, other),
                    }
                    out.push('\n');
                }
            }
            (key, value) => render_value(&mut out, key, value),
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn render_value(out: &mut String, label: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            if !render_list(out, label, items) {
                push_line(out, label, value);
            }
        }
        Value::Object(map) => {
            let lists: Vec<(&String, &Vec<Value>)> = map
                .iter()
                .filter_map(|(k, v)| {
                    v.as_array()
                        .filter(|items| is_table(items))
                        .map(|items| (k, items))
                })
                .collect();
            if lists.is_empty() {
                return push_line(out, label, value);
            }
            let rest: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !lists.iter().any(|(name, _)| name == k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !rest.is_empty() {
                push_line(out, label, &Value::Object(rest));
            }
            for (name, items) in lists {
                render_list(out, &format!("{label}.{name}"), items);
            }
        }
        _ => push_line(out, label, value),
    }
}

fn push_line(out: &mut String, label: &str, value: &Value) {
    out.push_str(label);
    out.push_str(": ");
    push_json(out, value);
    out.push('\n');
}

/// Whether a list is one of objects worth a table (or JSON lines).
fn is_table(items: &[Value]) -> bool {
    items.len() >= 2 && items.iter().all(Value::is_object)
}

/// Writes a list of objects as a table or as JSON lines; false if it is not such a list.
fn render_list(out: &mut String, label: &str, items: &[Value]) -> bool {
    if !is_table(items) {
        return false;
    }
    let _ = writeln!(out, "{label} ({}):", items.len());
    let columns = Columns::of(items);
    let cells = columns.names.len() * items.len();
    if (columns.filled as f64) < MIN_FILL * cells as f64 {
        for item in items {
            push_json(out, item);
            out.push('\n');
        }
        return true;
    }
    let shared = shared_columns(items, &columns.names, &columns.position);
    push_shared(out, &columns.names, &shared);
    let kept: Vec<&str> = columns
        .names
        .iter()
        .zip(&shared)
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| *name)
        .collect();
    out.push_str(&kept.join("|"));
    out.push('\n');
    push_rows(out, items, &columns, &shared);
    true
}

/// The columns of a table: every field name of its items, in the order first seen.
struct Columns<'a> {
    names: Vec<&'a str>,
    /// Each name's column, for fields out of the usual order.
    position: HashMap<&'a str, usize>,
    /// How many cells hold a value.
    filled: usize,
}

impl<'a> Columns<'a> {
    fn of(items: &'a [Value]) -> Self {
        let mut columns = Columns {
            names: Vec::new(),
            position: HashMap::new(),
            filled: 0,
        };
        for item in items.iter().filter_map(Value::as_object) {
            columns.filled += item.len();
            for (i, key) in item.keys().enumerate() {
                if column_of(i, key, &columns.names, &columns.position).is_none() {
                    columns.position.insert(key, columns.names.len());
                    columns.names.push(key);
                }
            }
        }
        columns
    }
}

/// The `every item` line: the columns every item has with the same value, once.
fn push_shared(out: &mut String, names: &[&str], shared: &[Option<&Value>]) {
    if shared.iter().any(Option::is_some) {
        let every: Map<String, Value> = names
            .iter()
            .zip(shared)
            .filter_map(|(name, value)| value.map(|v| ((*name).to_owned(), v.clone())))
            .collect();
        push_line(out, "every item", &Value::Object(every));
    }
}

/// One line per item, its cells in column order, `|` between them, shared columns left out.
fn push_rows(out: &mut String, items: &[Value], columns: &Columns<'_>, shared: &[Option<&Value>]) {
    let mut row: Vec<Option<&Value>> = vec![None; columns.names.len()];
    for item in items.iter().filter_map(Value::as_object) {
        row.iter_mut().for_each(|c| *c = None);
        for (i, (key, value)) in item.iter().enumerate() {
            if let Some(cell) =
                column_of(i, key, &columns.names, &columns.position).and_then(|at| row.get_mut(at))
            {
                *cell = Some(value);
            }
        }
        let cells = row
            .iter()
            .zip(shared)
            .filter(|(_, s)| s.is_none())
            .map(|(cell, _)| cell);
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push('|');
            }
            if let Some(value) = cell {
                push_cell(out, value);
            }
        }
        out.push('\n');
    }
}

/// The column of an item's `i`-th field, named `key`: the same place first, since items
/// usually list their fields in the same order, then a lookup.
fn column_of(i: usize, key: &str, columns: &[&str], position: &HashMap<&str, usize>) -> Option<usize> {
    match columns.get(i) {
        Some(c) if *c == key => Some(i),
        _ => position.get(key).copied(),
    }
}

/// For each column, its value when every item has that same scalar value (three items or
/// more, so a two-row table stays a plain table). One pass over the items' fields.
fn shared_columns<'a>(
    items: &'a [Value],
    columns: &[&str],
    position: &HashMap<&str, usize>,
) -> Vec<Option<&'a Value>> {
    let mut shared: Vec<Option<&Value>> = vec![None; columns.len()];
    let (Some(first), true) = (items.first().and_then(Value::as_object), items.len() >= 3) else {
        return shared;
    };
    for (i, (key, value)) in first.iter().enumerate() {
        if !value.is_object()
            && !value.is_array()
            && let Some(slot) = column_of(i, key, columns, position).and_then(|at| shared.get_mut(at))
        {
            *slot = Some(value);
        }
    }
    let mut seen = vec![false; columns.len()];
    for item in &items[1..] {
        if shared.iter().all(Option::is_none) {
            break;
        }
        seen.fill(false);
        for (i, (key, value)) in item.as_object().into_iter().flatten().enumerate() {
            if let Some(at) = column_of(i, key, columns, position) {
                if let Some(seen) = seen.get_mut(at) {
                    *seen = true;
                }
                if let Some(slot) = shared.get_mut(at)
                    && slot.is_some_and(|v| v != value)
                {
                    *slot = None;
                }
            }
        }
        // A column the item lacks is not shared.
        for (slot, seen) in shared.iter_mut().zip(&seen) {
            if !seen {
                *slot = None;
            }
        }
    }
    shared
}

fn push_cell(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => push_escaped(out, s),
        Value::Object(_) | Value::Array(_) => {
            let start = out.len();
            push_json(out, value);
            if out[start..].contains('|') {
                let json = out.split_off(start);
                push_escaped(out, &json);
            }
        }
        other => push_json(out, other),
    }
}

fn push_escaped(out: &mut String, s: &str) {
    if !s.contains(['|', '\n', '\r']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn push_json(out: &mut String, value: &Value) {
    match value {
        Value::String(s) if !s.contains(['"', '\\']) && !s.chars().any(char::is_control) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        // Scalars written in place: most cells are numbers, and a string for each was a good
        // part of the rendering's time. `Number`'s display is its JSON.
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        // Serializing a `Value` cannot fail.
        _ => out.push_str(&serde_json::to_string(value).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn env(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_search_answer_renders_its_results_as_a_table() {
        let text = render(&env(json!({
            "data": {"total": 2, "results": [
                {"name": "ap-1", "ip": "10.0.0.1", "radio": {"ch": 36}},
                {"name": "ap|2", "model": "AP45"}
            ]},
            "pagination": {"returned": 2, "has_more": false},
            "notes": ["Served from cache."]
        })));
        assert_eq!(
            text,
            "data: {\"total\":2}\n\
             data.results (2):\n\
             name|ip|radio|model\n\
             ap-1|10.0.0.1|{\"ch\":36}|\n\
             ap\\|2|||AP45\n\
             pagination: {\"returned\":2,\"has_more\":false}\n\
             note: Served from cache."
        );
    }

    #[test]
    fn fields_with_one_value_in_every_item_are_written_once() {
        let text = render(&env(json!({"data": [
            {"org": "o1", "name": "a", "up": true},
            {"org": "o1", "name": "b", "up": true},
            {"org": "o1", "name": "c", "up": false}
        ]})));
        assert_eq!(
            text,
            "data (3):\nevery item: {\"org\":\"o1\"}\nname|up\na|true\nb|true\nc|false"
        );
    }

    #[test]
    fn a_shared_value_needs_every_item_to_hold_it_whatever_the_order_of_its_fields() {
        let text = render(&env(json!({"data": [
            {"org": "o1", "site": "s1", "kind": "ap", "name": "a"},
            {"name": "b", "kind": "ap", "site": "s1", "org": "o1"},
            {"org": "o1", "name": "c", "kind": "ap"},
            {"kind": "ap", "org": "o1", "name": "d", "site": "s2"}
        ]})));
        assert_eq!(
            text,
            "data (4):\nevery item: {\"org\":\"o1\",\"kind\":\"ap\"}\nsite|name\ns1|a\ns1|b\n|c\ns2|d"
        );
    }

    #[test]
    fn numbers_booleans_and_nulls_in_cells_are_written_as_json() {
        let values = [
            json!(u64::MAX),
            json!(i64::MIN),
            json!(86_400.5),
            json!(-0.25),
            json!(1e300),
            json!(3.0),
            json!(true),
            json!(null),
        ];
        let items: Vec<Value> = (0..2)
            .map(|i| {
                let mut item = Map::new();
                item.insert("i".into(), json!(i));
                for (n, v) in values.iter().enumerate() {
                    item.insert(format!("v{n}"), v.clone());
                }
                Value::Object(item)
            })
            .collect();
        let text = render(&env(json!({ "data": items })));
        let cells: Vec<String> = values.iter().map(|v| serde_json::to_string(v).unwrap()).collect();
        let last = text.lines().last().unwrap();
        assert_eq!(last, format!("1|{}", cells.join("|")));
    }

    #[test]
    fn a_bare_list_is_a_table_and_a_single_object_stays_json() {
        assert_eq!(
            render(&env(json!({"data": [{"a": 1}, {"a": 2}]}))),
            "data (2):\na\n1\n2"
        );
        assert_eq!(render(&env(json!({"data": {"id": "x"}}))), "data: {\"id\":\"x\"}");
        assert_eq!(render(&env(json!({"data": [1, 2]}))), "data: [1,2]");
    }

    #[test]
    fn items_that_share_few_fields_are_written_one_per_line() {
        let text = render(&env(json!({"data": [{"a": 1}, {"b": 2}, {"c": 3}]})));
        assert_eq!(text, "data (3):\n{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
    }

    #[test]
    fn line_breaks_in_values_stay_on_their_row() {
        let text = render(&env(json!({"data": [{"t": "a\nb"}, {"t": "c"}]})));
        assert_eq!(text, "data (2):\nt\na\\nb\nc");
    }
}
