//! Request-body schemas of write operations, as facts only.
//!
//! Each body schema is kept with its references: `#/components/schemas/X` becomes
//! `#/$defs/X`, and every component a body reaches is written once under `defs`. The server
//! assembles one operation's self-contained schema from them on first use. Only validation
//! keywords are kept (types, properties, enums, formats, bounds, compositions, defaults): the
//! document's prose (`description`, `title`, examples, vendor extensions) never enters the
//! project.

use crate::spec::Spec;
use anyhow::{Context, Result, bail};
use mist_catalog::BodyType;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];
/// Keywords kept as they are: facts a validator checks.
const FACTS: &[&str] = &[
    "type",
    "required",
    "enum",
    "const",
    "format",
    "pattern",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "dependentRequired",
];

const COMPONENT_PREFIX: &str = "#/components/schemas/";
/// Where references point in the generated file (and in the schema the server assembles).
pub const DEFS_PREFIX: &str = "#/$defs/";

/// The request body an operation declares: how it is sent, whether it is required, and its
/// schema with prose removed (JSON bodies only).
pub struct RequestBody {
    pub kind: BodyType,
    pub required: bool,
    pub schema: Option<Value>,
}

/// Reads `requestBody` of an operation; `None` when it takes none.
pub fn request_body(spec: &Spec, op: &Value, refs: &mut BTreeSet<String>) -> Result<Option<RequestBody>> {
    let Some(body) = op.get("requestBody") else {
        return Ok(None);
    };
    let body = spec.resolve(body)?;
    let declared = body.get("required").and_then(Value::as_bool).unwrap_or(false);
    let content = body
        .get("content")
        .and_then(Value::as_object)
        .context("requestBody has no content")?;
    if let Some(media) = content.get("application/json") {
        // A body whose schema requires fields cannot be left out, whatever `required` says
        // (createSiteWlan needs its ssid): the tool must not call it optional.
        let fields_required = match media.get("schema") {
            Some(schema) => spec
                .resolve(schema)?
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty()),
            None => false,
        };
        let schema = match media.get("schema") {
            Some(schema) => Some(facts(schema, refs)?),
            None => None,
        };
        return Ok(Some(RequestBody {
            kind: BodyType::Json,
            required: declared || fields_required,
            schema,
        }));
    }
    if content.contains_key("multipart/form-data") {
        return Ok(Some(RequestBody {
            kind: BodyType::Form,
            required: declared,
            schema: None,
        }));
    }
    bail!(
        "requestBody media types {:?} are neither JSON nor a multipart form",
        content.keys().collect::<Vec<_>>()
    )
}

/// Every component reachable from `refs`, with prose removed, by name.
pub fn components(spec: &Spec, mut refs: BTreeSet<String>) -> Result<BTreeMap<String, Value>> {
    let schemas = spec
        .doc()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .context("the document has no components.schemas")?;
    let mut out = BTreeMap::new();
    while let Some(name) = refs.pop_first() {
        if out.contains_key(&name) {
            continue;
        }
        let schema = schemas
            .get(&name)
            .with_context(|| format!("dangling reference to schema `{name}`"))?;
        let mut found = BTreeSet::new();
        out.insert(name, facts(schema, &mut found)?);
        refs.extend(found.into_iter().filter(|n| !out.contains_key(n)));
    }
    Ok(out)
}

/// One schema with only its validation facts, keys sorted, references renamed; the names of
/// the components it references go into `refs`.
pub fn facts(schema: &Value, refs: &mut BTreeSet<String>) -> Result<Value> {
    let Value::Object(map) = schema else {
        // `true`/`false` are schemas too.
        return Ok(schema.clone());
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    let mut out = Map::new();
    for key in keys {
        let value = &map[key];
        let kept = match key.as_str() {
            "$ref" => {
                let target = value.as_str().context("a $ref is not a string")?;
                let name = target.strip_prefix(COMPONENT_PREFIX).with_context(|| {
                    format!("a body schema refers to {target}, outside components.schemas")
                })?;
                refs.insert(name.to_owned());
                Value::String(format!("{DEFS_PREFIX}{name}"))
            }
            k if ONE_SCHEMA.contains(&k) => facts(value, refs)?,
            k if SCHEMA_LISTS.contains(&k) => Value::Array(
                value
                    .as_array()
                    .with_context(|| format!("`{k}` is not a list"))?
                    .iter()
                    .map(|s| facts(s, refs))
                    .collect::<Result<_>>()?,
            ),
            k if SCHEMA_MAPS.contains(&k) => {
                let entries = value
                    .as_object()
                    .with_context(|| format!("`{k}` is not an object"))?;
                let mut names: Vec<&String> = entries.keys().collect();
                names.sort();
                let mut sorted = Map::new();
                for name in names {
                    sorted.insert(name.clone(), facts(&entries[name], refs)?);
                }
                Value::Object(sorted)
            }
            k if FACTS.contains(&k) => sorted(value),
            _ => continue,
        };
        out.insert(key.clone(), kept);
    }
    Ok(Value::Object(out))
}

/// A value with the keys of every object in sorted order, whatever map the JSON library uses.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
        }
        Value::Array(list) => Value::Array(list.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The top-level property names of a body schema (following references and `allOf`), required
/// ones first, each group sorted: the words a description can name.
pub fn top_fields(schema: &Value, defs: &BTreeMap<String, Value>) -> Vec<String> {
    let mut required = BTreeSet::new();
    let mut optional = BTreeSet::new();
    collect_fields(schema, defs, &mut required, &mut optional, 0);
    let mut out: Vec<String> = required.iter().cloned().collect();
    out.extend(optional.into_iter().filter(|n| !required.contains(n)));
    out
}

fn collect_fields(
    schema: &Value,
    defs: &BTreeMap<String, Value>,
    required: &mut BTreeSet<String>,
    optional: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(DEFS_PREFIX))
    {
        if let Some(target) = defs.get(name) {
            collect_fields(target, defs, required, optional, depth + 1);
        }
        return;
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        optional.extend(props.keys().cloned());
    }
    if let Some(list) = schema.get("required").and_then(Value::as_array) {
        required.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_fields(part, defs, required, optional, depth + 1);
    }
}

/// The bodies file: one line per component and per operation, keys sorted, so a changed body
/// is a changed line.
pub fn to_json(defs: &BTreeMap<String, Value>, bodies: &BTreeMap<String, Value>) -> Result<String> {
    fn block(entries: &BTreeMap<String, Value>) -> Result<String> {
        let lines = entries
            .iter()
            .map(|(k, v)| {
                Ok(format!(
                    "{}: {}",
                    serde_json::to_string(k)?,
                    serde_json::to_string(v)?
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(if lines.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{\n  {}\n }}", lines.join(",\n  "))
        })
    }
    Ok(format!(
        "{{\n \"defs\": {},\n \"bodies\": {}\n}}\n",
        block(defs)?,
        block(bodies)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prose_is_dropped_and_references_point_into_defs() {
        let schema = json!({
            "type": "object",
            "description": "prose",
            "title": "prose",
            "x-extra": 1,
            "properties": {
                "description": {"type": "string", "description": "a field named description stays"},
                "vlan": {"$ref": "#/components/schemas/vlan_id", "example": 3}
            },
            "required": ["vlan"]
        });
        let mut refs = BTreeSet::new();
        let out = facts(&schema, &mut refs).unwrap();
        assert_eq!(
            out,
            json!({
                "properties": {
                    "description": {"type": "string"},
                    "vlan": {"$ref": "#/$defs/vlan_id"}
                },
                "required": ["vlan"],
                "type": "object"
            })
        );
        assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["vlan_id"]);
    }

    #[test]
    fn references_outside_component_schemas_are_refused() {
        let mut refs = BTreeSet::new();
        assert!(facts(&json!({"$ref": "#/components/responses/x"}), &mut refs).is_err());
    }

    #[test]
    fn top_fields_follow_references_and_all_of_with_required_first() {
        let mut defs = BTreeMap::new();
        defs.insert(
            "base".to_owned(),
            json!({"properties": {"name": {}, "zeta": {}}, "required": ["name"]}),
        );
        let schema = json!({"allOf": [{"$ref": "#/$defs/base"}, {"properties": {"alpha": {}}}]});
        assert_eq!(top_fields(&schema, &defs), ["name", "alpha", "zeta"]);
    }
}
