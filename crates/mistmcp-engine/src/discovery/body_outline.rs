//! A write body for a model: its required fields first, then the others, each with a short
//! type, instead of the whole JSON Schema (createSiteWlan's is 55 KB). One part of it in full
//! is a second question: `describeMistTool {name, path: "body.auth"}`.

use serde_json::{Map, Value, json};

/// Most enum values a type names; the rest are counted.
const ENUM_SHOWN: usize = 6;
/// Most required fields a signature names.
const SIGNATURE_FIELDS: usize = 3;
/// Longest outline, in bytes of compact JSON; past it the optional fields go by name alone.
const OUTLINE_BYTES: usize = 6 * 1024;
/// Longest part answered in full, in bytes of compact JSON; a larger part is outlined.
const PART_BYTES: usize = 6 * 1024;

/// The `$defs` of an assembled body schema.
fn defs(schema: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

/// `node` with `$ref`s followed to the component they name (a few hops at most).
fn resolve<'a>(node: &'a Value, defs: &'a Map<String, Value>) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        let Some(name) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            break;
        };
        match defs.get(name) {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// A short type: `string`, `integer (1-4094)`, `one of: psk, eap, open`, `list of string`,
/// `object`.
pub(crate) fn short_type(node: &Value, defs: &Map<String, Value>) -> String {
    let node = resolve(node, defs);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let shown: Vec<String> = values
            .iter()
            .take(ENUM_SHOWN)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        let more = values.len().saturating_sub(ENUM_SHOWN);
        let more = if more > 0 {
            format!(", +{more} more")
        } else {
            String::new()
        };
        return format!("one of: {}{more}", shown.join(", "));
    }
    if let Some(options) = node
        .get("oneOf")
        .or_else(|| node.get("anyOf"))
        .and_then(Value::as_array)
    {
        let kinds: Vec<String> = options.iter().map(|o| short_type(o, defs)).collect();
        return kinds.join(" or ");
    }
    match node.get("type") {
        Some(Value::String(ty)) if ty == "array" => match node.get("items") {
            Some(items) => format!("list of {}", short_type(items, defs)),
            None => "list".into(),
        },
        Some(Value::String(ty)) => ty.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        _ if node.get("properties").is_some() => "object".into(),
        _ => "any".into(),
    }
}

/// The properties and required names of an object schema, resolved.
fn fields<'a>(
    node: &'a Value,
    defs: &'a Map<String, Value>,
) -> (Option<&'a Map<String, Value>>, Vec<&'a str>) {
    let node = resolve(node, defs);
    let required = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    (node.get("properties").and_then(Value::as_object), required)
}

/// `body{ssid, …}`: the required fields of a body for a signature (`body?{…}` when the body
/// may be left out).
pub(crate) fn signature_part(schema: Option<&Value>, body_required: bool) -> String {
    let mark = if body_required { "body" } else { "body?" };
    let Some(schema) = schema else {
        return format!("{mark}{{…}}");
    };
    let (properties, required) = fields(schema, defs(schema));
    let mut named: Vec<&str> = required.iter().copied().take(SIGNATURE_FIELDS).collect();
    let total = properties.map_or(required.len(), Map::len);
    if total > named.len() {
        named.push("…");
    }
    format!("{mark}{{{}}}", named.join(", "))
}

/// The outline of an object schema: `{required: {name: type}, optional: {name: type}}`; the
/// optional ones by name alone when the types would make it long, and a hint for the parts.
pub(crate) fn outline(schema: &Value, path: &str) -> Value {
    let defs = defs(schema);
    let node = resolve(schema, defs);
    let (properties, required) = fields(node, defs);
    let Some(properties) = properties else {
        return json!({"type": short_type(node, defs)});
    };
    let typed = |names: &mut dyn Iterator<Item = (&String, &Value)>| -> Map<String, Value> {
        names
            .map(|(name, node)| (name.clone(), json!(short_type(node, defs))))
            .collect()
    };
    let needed = typed(&mut properties.iter().filter(|(n, _)| required.contains(&n.as_str())));
    let others = typed(&mut properties.iter().filter(|(n, _)| !required.contains(&n.as_str())));
    let mut out = json!({"required": needed, "optional": others});
    if out.to_string().len() > OUTLINE_BYTES {
        let names: Vec<&String> = properties
            .keys()
            .filter(|n| !required.contains(&n.as_str()))
            .collect();
        out["optional"] = json!(names);
        out["optional_types"] = json!("left out to keep this short; a path gives one part's schema");
    }
    out["parts"] = json!(format!(
        "describeMistTool with path \"{path}.<field>\" gives one field's full schema (\"{path}.<list>[]\" for a list's items)"
    ));
    out
}

/// One part of a body schema by its path (`body.auth`, `body.auth_servers[]`): in full, with
/// the components it reaches, when short; outlined when long. An unknown step names the
/// fields there are.
pub(crate) fn part(schema: &Value, path: &str) -> Result<Value, String> {
    let defs = defs(schema);
    let rest = path.strip_prefix("body").ok_or_else(|| {
        format!(
            "path must start with 'body' (e.g. body.auth), not '{}'",
            mist_client::echo::clip(path)
        )
    })?;
    let mut node = resolve(schema, defs);
    for step in rest.split('.').filter(|s| !s.is_empty()) {
        let (name, items) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let (properties, _) = fields(node, defs);
        let Some(next) = properties.and_then(|p| p.get(name)) else {
            let known: Vec<&String> = properties.map(|p| p.keys().collect()).unwrap_or_default();
            return Err(format!(
                "'{}' has no field '{}'; its fields are: {}",
                mist_client::echo::clip(path),
                mist_client::echo::clip(name),
                if known.is_empty() {
                    "none (it is not an object)".to_owned()
                } else {
                    known.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                }
            ));
        };
        node = resolve(next, defs);
        if items {
            node = resolve(
                node.get("items")
                    .ok_or_else(|| format!("'{step}' is not a list"))?,
                defs,
            );
        }
    }
    let mut whole = node.clone();
    inline(&mut whole, defs, 0);
    if whole.to_string().len() <= PART_BYTES {
        return Ok(whole);
    }
    let mut with_defs = node.clone();
    if let Value::Object(map) = &mut with_defs {
        map.insert("$defs".into(), Value::Object(defs.clone()));
    }
    Ok(outline(&with_defs, path))
}

/// Replaces `$ref`s by the components they name, a few levels deep, so a part reads alone.
fn inline(node: &mut Value, defs: &Map<String, Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && let Some(component) = defs.get(name)
    {
        *node = component.clone();
    }
    match node {
        Value::Object(map) => map.values_mut().for_each(|v| inline(v, defs, depth + 1)),
        Value::Array(list) => list.iter_mut().for_each(|v| inline(v, defs, depth + 1)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writes::bodies;

    fn wlan() -> Value {
        bodies::schema_of("createSiteWlan").unwrap().unwrap()
    }

    #[test]
    fn a_signature_names_the_required_fields_of_the_body() {
        assert_eq!(signature_part(Some(&wlan()), true), "body{ssid, …}");
        assert_eq!(signature_part(None, false), "body?{…}");
    }

    #[test]
    fn the_outline_puts_required_fields_first_with_short_types_and_stays_small() {
        let outline = outline(&wlan(), "body");
        assert_eq!(outline["required"], json!({"ssid": "string"}));
        assert!(
            outline["optional"]["vlan_enabled"] == "boolean" || outline["optional"].is_array(),
            "{outline}"
        );
        assert!(
            outline.to_string().len() <= OUTLINE_BYTES + 400,
            "{}",
            outline.to_string().len()
        );
    }

    #[test]
    fn a_part_is_answered_in_full_and_a_wrong_step_names_the_fields() {
        let auth = part(&wlan(), "body.auth").unwrap();
        assert!(auth.to_string().contains("\"psk\""), "{auth}");
        assert!(!auth.to_string().contains("$ref"), "{auth}");
        let error = part(&wlan(), "body.nope").unwrap_err();
        assert!(
            error.contains("has no field 'nope'") && error.contains("ssid"),
            "{error}"
        );
        assert!(
            part(&wlan(), "auth")
                .unwrap_err()
                .contains("must start with 'body'")
        );
    }
}
