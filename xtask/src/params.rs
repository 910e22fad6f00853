//! Turns an operation's OpenAPI parameters into catalog [`Param`]s in the catalog's order.

use crate::overlay::ParamWords;
use crate::spec::{Operation, Spec, single_type};
use anyhow::{Context, Result, bail};
use mist_catalog::{Location, Param, ParamType};
use serde_json::Value;

/// The `{name}` placeholders of a path template, in order.
pub fn placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The parameters of `op` for the tool named `tool`.
///
/// Path-level parameters come first and an operation-level parameter with the same name and
/// location replaces its path-level twin, as OpenAPI prescribes. The result is ordered: path
/// parameters in the order the path names them, then required query parameters, then the rest,
/// each group in the document's order.
pub fn build_params(spec: &Spec, tool: &str, op: &Operation<'_>, words: &ParamWords) -> Result<Vec<Param>> {
    let mut merged: Vec<Param> = Vec::new();
    let declared = [op.path_item, op.op]
        .into_iter()
        .filter_map(|v| v.get("parameters").and_then(Value::as_array))
        .flatten();
    for raw in declared {
        let raw = spec.resolve(raw)?;
        let param = convert(spec, tool, raw, words)?;
        match merged
            .iter_mut()
            .find(|p| p.name == param.name && p.location == param.location)
        {
            Some(slot) => *slot = param,
            None => merged.push(param),
        }
    }

    let order = placeholders(op.path);
    let declared_path: Vec<&str> = merged
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| p.name.as_str())
        .collect();
    for name in &order {
        if !declared_path.contains(name) {
            bail!("path placeholder {{{name}}} has no path parameter");
        }
    }
    for name in &declared_path {
        if !order.contains(name) {
            bail!("path parameter `{name}` does not appear in the path");
        }
    }

    let rank = |p: &Param| match p.location {
        Location::Path => (0, order.iter().position(|n| *n == p.name).unwrap_or(0)),
        Location::Query if p.required => (1, 0),
        Location::Query => (2, 0),
    };
    // A stable sort keeps the document's order inside each group.
    merged.sort_by_key(rank);
    Ok(merged)
}

/// What the tool calls an operation's own `fields` parameter, and what it says of it.
const MIST_FIELDS: &str = "mist_fields";
const MIST_FIELDS_WORDS: &str = "Mist's own fields (extras to add), sent as fields";

/// Converts one resolved OpenAPI parameter object.
fn convert(spec: &Spec, tool: &str, raw: &Value, words: &ParamWords) -> Result<Param> {
    let name = raw
        .get("name")
        .and_then(Value::as_str)
        .context("a parameter has no name")?;
    let location = match raw.get("in").and_then(Value::as_str) {
        Some("path") => Location::Path,
        Some("query") => Location::Query,
        other => bail!("parameter `{name}` is in {other:?}; only path and query are supported"),
    };
    let schema = spec.resolve(
        raw.get("schema")
            .with_context(|| format!("parameter `{name}` has no schema"))?,
    )?;
    let ty = param_type(schema).with_context(|| format!("parameter `{name}`"))?;
    let items = match ty {
        ParamType::Array => {
            let items = schema
                .get("items")
                .with_context(|| format!("array parameter `{name}` has no items"))?;
            Some(param_type(spec.resolve(items)?).with_context(|| format!("items of `{name}`"))?)
        }
        _ => None,
    };
    // Mist's own `fields` (extra fields it adds) would hide the server's `fields` (what to keep
    // of the answer), which every tool takes: the tool calls it `mist_fields` and sends it as
    // `fields`.
    let (tool_name, wire) = match (name, location) {
        ("fields", Location::Query) => (MIST_FIELDS, Some(name.to_owned())),
        _ => (name, None),
    };
    Ok(Param {
        name: tool_name.to_owned(),
        location,
        // A path parameter cannot be left out whatever the document says.
        required: location == Location::Path || raw.get("required").and_then(Value::as_bool).unwrap_or(false),
        ty,
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| mac_format(name, location, ty, schema)),
        enum_values: enum_strings(schema.get("enum")),
        default: schema.get("default").cloned(),
        minimum: schema.get("minimum").and_then(Value::as_f64),
        maximum: schema.get("maximum").and_then(Value::as_f64),
        items,
        description: match wire {
            Some(_) => MIST_FIELDS_WORDS.to_owned(),
            None => words.describe(tool, name),
        },
        source: None,
        wire,
    })
}

/// Our format marker for a MAC-shaped string parameter, so the server can check the value
/// before sending it: the document's pattern of 12 hex digits, or a name that says MAC or
/// BSSID. In a path it is one MAC (`mac`); in a query the document's examples show lists and
/// `*` wildcards (`aabbcc*`), so it is a filter of MACs (`mac_filter`).
fn mac_format(name: &str, location: Location, ty: ParamType, schema: &Value) -> Option<String> {
    if ty != ParamType::String {
        return None;
    }
    let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or_default();
    let by_pattern = pattern.contains("0-9a-fA-F") && pattern.contains("{12}");
    let by_name = name == "mac" || name.ends_with("_mac") || name == "bssid" || name.ends_with("_bssid");
    if !(by_pattern || by_name) {
        return None;
    }
    Some(match location {
        Location::Path => "mac".to_owned(),
        Location::Query => "mac_filter".to_owned(),
    })
}

fn param_type(schema: &Value) -> Result<ParamType> {
    Ok(match single_type(schema.get("type")) {
        Some("string") => ParamType::String,
        Some("integer") => ParamType::Integer,
        Some("number") => ParamType::Number,
        Some("boolean") => ParamType::Boolean,
        Some("array") => ParamType::Array,
        other => bail!("unsupported parameter type {other:?}"),
    })
}

/// Enum values as strings, the way they travel in a query string; `null` is dropped.
fn enum_strings(values: Option<&Value>) -> Vec<String> {
    values
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params_of(doc: Value) -> Result<Vec<Param>> {
        let spec = Spec::from_value(doc)?;
        let op = spec.operation("op").context("no op")?;
        let mut words = ParamWords::default();
        words.shared.insert("start".into(), "window start".into());
        build_params(&spec, "op", &op, &words)
    }

    fn doc(path: &str, path_level: Value, op_level: Value) -> Value {
        json!({
            "paths": {path: {"parameters": path_level, "get": {"operationId": "op", "parameters": op_level}}},
            "components": {"parameters": {
                "site_id": {"name": "site_id", "in": "path", "schema": {"type": "string", "format": "uuid"}}
            }}
        })
    }

    #[test]
    fn params_are_ordered_by_path_then_required_then_document_order() {
        let doc = doc(
            "/api/v1/sites/{site_id}/devices/{mac}/{metric}",
            json!([{"$ref": "#/components/parameters/site_id"}]),
            json!([
                {"name": "start", "in": "query", "schema": {"type": "string"}},
                {"name": "metric", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "metrics", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "mac", "in": "path", "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 100}}
            ]),
        );
        let params = params_of(doc).unwrap();
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["site_id", "mac", "metric", "metrics", "start", "limit"]);
        assert!(
            params[1].required,
            "path params are required even when the document forgets"
        );
        assert_eq!(params[0].format.as_deref(), Some("uuid"));
        assert_eq!(params[4].description, "window start");
        assert_eq!(params[5].minimum, Some(0.0));
        assert_eq!(params[5].default, Some(json!(100)));
    }

    #[test]
    fn operation_level_params_replace_path_level_twins() {
        let doc = doc(
            "/api/v1/x",
            json!([{"name": "type", "in": "query", "schema": {"type": "string"}}]),
            json!([{"name": "type", "in": "query", "schema": {"type": "string", "enum": ["a", 2, null]}}]),
        );
        let params = params_of(doc).unwrap();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0].enum_values, ["a", "2"]);
    }

    #[test]
    fn array_params_carry_their_item_type() {
        let doc = doc(
            "/api/v1/x",
            json!([]),
            json!([{"name": "labels", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}]),
        );
        let params = params_of(doc).unwrap();
        assert_eq!(params[0].ty, ParamType::Array);
        assert_eq!(params[0].items, Some(ParamType::String));
    }

    #[test]
    fn placeholders_and_path_params_must_match() {
        let missing = doc("/api/v1/sites/{site_id}", json!([]), json!([]));
        assert!(params_of(missing).is_err());
        let extra = doc(
            "/api/v1/sites",
            json!([{"$ref": "#/components/parameters/site_id"}]),
            json!([]),
        );
        assert!(params_of(extra).is_err());
    }

    #[test]
    fn header_params_and_object_params_are_refused() {
        let header = doc(
            "/api/v1/x",
            json!([]),
            json!([{"name": "X-Thing", "in": "header", "schema": {"type": "string"}}]),
        );
        assert!(params_of(header).is_err());
        let object = doc(
            "/api/v1/x",
            json!([]),
            json!([{"name": "filter", "in": "query", "schema": {"type": "object"}}]),
        );
        assert!(params_of(object).is_err());
    }

    #[test]
    fn mac_shaped_params_are_marked_by_pattern_or_name() {
        let doc = doc(
            "/api/v1/x/{client_mac}/{thing}",
            json!([]),
            json!([
                {"name": "client_mac", "in": "path", "schema": {"type": "string"}},
                {"name": "thing", "in": "path", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{12}$"}},
                {"name": "ap_mac", "in": "query", "schema": {"type": "string"}},
                {"name": "random_mac", "in": "query", "schema": {"type": "boolean"}},
                {"name": "macro", "in": "query", "schema": {"type": "string"}}
            ]),
        );
        let params = params_of(doc).unwrap();
        let formats: Vec<Option<&str>> = params.iter().map(|p| p.format.as_deref()).collect();
        assert_eq!(
            formats,
            [Some("mac"), Some("mac"), Some("mac_filter"), None, None]
        );
    }

    #[test]
    fn placeholders_are_read_in_order() {
        assert_eq!(placeholders("/a/{x}/b/{y}/{z}"), ["x", "y", "z"]);
        assert!(placeholders("/a/b").is_empty());
    }
}
