//! What a response schema declares, read the way the conformer needs it: the fields it requires,
//! the types it allows, which type a value should take, how well a value fits one branch of a
//! `oneOf`, and how a lone value becomes the object a schema declares.

use serde_json::{Map, Value};

/// The names a schema's `required` lists.
pub(super) fn required_of(s: &Value) -> Vec<&str> {
    s.get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The types a schema allows (inferred from its keywords when `type` is absent).
pub(super) fn types_of(s: &Value) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ if s.get("properties").is_some() || s.get("additionalProperties").is_some() => {
            vec!["object"]
        }
        _ if s.get("items").is_some() => vec!["array"],
        _ => Vec::new(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The type to produce: the value's own when allowed, else the first non-null one.
pub(super) fn choose_type<'t>(v: Option<&Value>, types: &[&'t str]) -> Option<&'t str> {
    if let Some(x) = v {
        let k = kind_of(x);
        let fits = |t: &str| t == k || (t == "number" && k == "integer");
        if let Some(t) = types.iter().find(|t| fits(t)) {
            return Some(t);
        }
    }
    types.iter().find(|t| **t != "null").or(types.first()).copied()
}

/// How well a given value matches one branch of a `oneOf`/`anyOf`.
pub(super) fn fit_score(x: &Value, branch: &Value, types: &[&str]) -> i64 {
    let k = kind_of(x);
    let type_ok = types.is_empty()
        || types
            .iter()
            .any(|t| *t == k || (*t == "number" && k == "integer"));
    let mut score = if type_ok { 100 } else { 0 };
    if let (Some(m), Some(props)) = (x.as_object(), branch.get("properties").and_then(Value::as_object)) {
        score += 2 * m.keys().filter(|k| props.contains_key(*k)).count() as i64;
        if branch.get("additionalProperties") == Some(&Value::Bool(false)) {
            score -= 3 * m.keys().filter(|k| !props.contains_key(*k)).count() as i64;
        }
        let required = branch.get("required").and_then(Value::as_array);
        score -= 3 * required
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|r| !m.contains_key(*r))
            .count() as i64;
    }
    if let Some(list) = branch.get("enum").and_then(Value::as_array) {
        score += if list.contains(x) { 50 } else { -50 };
    }
    score
}

/// A single value where an object is declared becomes that object's id, name or address.
pub(super) fn wrap(x: &Value, s: &Value) -> Option<Value> {
    let props = s.get("properties").and_then(Value::as_object)?;
    let field = ["id", "name", "ssid", "mac", "key"]
        .into_iter()
        .find(|f| props.contains_key(*f))?;
    Some(Value::Object(Map::from_iter([(field.to_string(), x.clone())])))
}
