//! What one item of an operation's answer holds: its top-level field names and JSON types,
//! read from the 200 response schema with references and compositions resolved.
//!
//! The item is the element of an array body, the element of `results` when an object body
//! carries a `results` array (searches and counts), and otherwise the object body itself.
//! Only names and types are kept: a model deciding which `fields` to ask for needs no more,
//! and the catalog is embedded in the binary.

use crate::response::success_schema;
use crate::spec::{Spec, single_type};
use anyhow::{Result, bail};
use serde_json::Value;
use std::collections::BTreeMap;

/// Composition keywords whose branches together describe one schema.
const COMPOSITIONS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Schemas nested deeper than this are not looked into.
const MAX_DEPTH: usize = 16;

/// The item of one operation's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The component schema's name when the item is a named schema, else `None`.
    pub schema_name: Option<String>,
    pub in_results: bool,
    /// `name:type` pairs separated by spaces, in name order.
    pub fields: String,
}

/// The item of the operation's 200 answer, or `None` for files and item schemas that declare
/// no fields (maps keyed by ids, free-form objects).
pub fn answer_item(spec: &Spec, op: &Value) -> Result<Option<Item>> {
    let Some(body) = success_schema(spec, op)? else {
        return Ok(None);
    };
    let (item, in_results) = match json_type(spec, body, 0)?.as_str() {
        "array" => match find(spec, body, "items", 0)? {
            Some(items) => (items, false),
            None => return Ok(None),
        },
        "string" => return Ok(None),
        _ => match results_items(spec, body)? {
            Some(items) => (items, true),
            None => (body, false),
        },
    };
    let mut fields = Vec::new();
    collect_fields(spec, item, &mut fields, 0)?;
    // Name order, whatever order the JSON parser keeps object keys in (serde_json keeps the
    // document's order when another crate of the build turns `preserve_order` on).
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    if fields.is_empty() {
        return Ok(None);
    }
    let mut text = String::new();
    for (name, ty) in &fields {
        if name.is_empty() || name.contains(char::is_whitespace) {
            bail!("field name {name:?} cannot be written in a shape");
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("{name}:{ty}"));
    }
    Ok(Some(Item {
        schema_name: schema_name(item),
        in_results,
        fields: text,
    }))
}

/// Gives every distinct item a short shape name: the schema's own name when it has one, else
/// the tool's; an item equal to one already named reuses that name.
#[derive(Debug, Default)]
pub struct Shapes {
    by_name: BTreeMap<String, String>,
    by_fields: BTreeMap<String, String>,
}

impl Shapes {
    /// Registers `item` for `tool` and answers the shape name to store in the tool.
    pub fn name(&mut self, tool: &str, item: &Item) -> String {
        if let Some(name) = self.by_fields.get(&item.fields) {
            return name.clone();
        }
        let mut name = item.schema_name.clone().unwrap_or_else(|| tool.to_owned());
        if self.by_name.contains_key(&name) {
            // The same schema name with other fields cannot happen for one document; a tool
            // name is unique, so fall back to it.
            name = tool.to_owned();
        }
        self.by_name.insert(name.clone(), item.fields.clone());
        self.by_fields.insert(item.fields.clone(), name.clone());
        name
    }

    pub fn into_map(self) -> BTreeMap<String, String> {
        self.by_name
    }
}

fn schema_name(schema: &Value) -> Option<String> {
    let reference = schema.get("$ref")?.as_str()?;
    reference.strip_prefix("#/components/schemas/").map(str::to_owned)
}

/// The `items` schema of a `results` array property of an object body.
fn results_items<'a>(spec: &'a Spec, body: &'a Value) -> Result<Option<&'a Value>> {
    let Some(results) = property(spec, body, "results", 0)? else {
        return Ok(None);
    };
    if json_type(spec, results, 0)? != "array" {
        return Ok(None);
    }
    find(spec, results, "items", 0)
}

/// The first value of `keyword` in the schema or its composition branches.
fn find<'a>(spec: &'a Spec, schema: &'a Value, keyword: &str, depth: usize) -> Result<Option<&'a Value>> {
    if depth > MAX_DEPTH {
        return Ok(None);
    }
    let schema = spec.resolve(schema)?;
    if let Some(found) = schema.get(keyword) {
        return Ok(Some(found));
    }
    for branch in branches(schema) {
        if let Some(found) = find(spec, branch, keyword, depth + 1)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The schema of one named property, looking through compositions.
fn property<'a>(spec: &'a Spec, schema: &'a Value, name: &str, depth: usize) -> Result<Option<&'a Value>> {
    if depth > MAX_DEPTH {
        return Ok(None);
    }
    let schema = spec.resolve(schema)?;
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Ok(Some(found));
    }
    for branch in branches(schema) {
        if let Some(found) = property(spec, branch, name, depth + 1)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn branches(schema: &Value) -> impl Iterator<Item = &Value> {
    COMPOSITIONS
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
}

/// Every property of the schema and of its composition branches; the first declaration of a
/// name gives its type.
fn collect_fields(spec: &Spec, schema: &Value, out: &mut Vec<(String, String)>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let schema = spec.resolve(schema)?;
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, prop) in properties {
            if out.iter().any(|(seen, _)| seen == name) {
                continue;
            }
            let ty = field_type(spec, prop)?;
            out.push((name.clone(), ty));
        }
    }
    for branch in branches(schema) {
        collect_fields(spec, branch, out, depth + 1)?;
    }
    Ok(())
}

/// A field's JSON type; arrays carry their element's type (`object[]`), `any` when unknown.
fn field_type(spec: &Spec, schema: &Value) -> Result<String> {
    let ty = json_type(spec, schema, 0)?;
    if ty != "array" {
        return Ok(ty);
    }
    Ok(match find(spec, schema, "items", 0)? {
        Some(items) => match json_type(spec, items, 0)?.as_str() {
            "any" => "array".to_owned(),
            element => format!("{element}[]"),
        },
        None => "array".to_owned(),
    })
}

/// The JSON type a schema describes, or `any` when it does not say or its branches disagree.
fn json_type(spec: &Spec, schema: &Value, depth: usize) -> Result<String> {
    if depth > MAX_DEPTH {
        return Ok("any".to_owned());
    }
    let schema = spec.resolve(schema)?;
    if let Some(ty) = single_type(schema.get("type")) {
        return Ok(ty.to_owned());
    }
    if schema.get("type").is_some() {
        return Ok("any".to_owned());
    }
    let mut found: Option<String> = None;
    for branch in branches(schema) {
        let ty = json_type(spec, branch, depth + 1)?;
        match &found {
            _ if ty == "any" => {}
            None => found = Some(ty),
            Some(seen) if *seen == ty => {}
            Some(_) => return Ok("any".to_owned()),
        }
    }
    if let Some(ty) = found {
        return Ok(ty);
    }
    if schema.get("properties").is_some() {
        return Ok("object".to_owned());
    }
    if schema.get("items").is_some() {
        return Ok("array".to_owned());
    }
    Ok("any".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item_of(schema: Value) -> Option<Item> {
        let spec = Spec::from_value(json!({
            "paths": {},
            "components": {"schemas": {
                "zone": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "vertices": {"type": "array", "items": {"$ref": "#/components/schemas/vertex"}},
                    "rssi": {"type": ["integer", "null"]}
                }},
                "vertex": {"type": "object", "properties": {"x": {"type": "number"}}},
                "page": {"type": "object", "properties": {
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/zone"}},
                    "next": {"type": "string"}
                }}
            }}
        }))
        .unwrap();
        let op = json!({"responses": {"200": {"content": {"application/json": {"schema": schema}}}}});
        answer_item(&spec, &op).unwrap()
    }

    #[test]
    fn an_array_body_describes_its_element_with_typed_fields() {
        let item = item_of(json!({"type": "array", "items": {"$ref": "#/components/schemas/zone"}})).unwrap();
        assert_eq!(item.schema_name.as_deref(), Some("zone"));
        assert!(!item.in_results);
        assert_eq!(item.fields, "id:string rssi:integer vertices:object[]");
    }

    #[test]
    fn a_search_body_describes_the_element_of_its_results() {
        let item = item_of(json!({"$ref": "#/components/schemas/page"})).unwrap();
        assert!(item.in_results);
        assert_eq!(item.schema_name.as_deref(), Some("zone"));
    }

    #[test]
    fn compositions_merge_their_fields_and_disagreeing_types_become_any() {
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/vertex"},
            {"properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}
        ]});
        let item = item_of(schema).unwrap();
        assert_eq!(item.fields, "v:any x:number");
        assert_eq!(item.schema_name, None);
    }

    #[test]
    fn files_and_field_less_objects_have_no_item() {
        assert_eq!(item_of(json!({"type": "string"})), None);
        assert_eq!(
            item_of(json!({"type": "object", "additionalProperties": {}})),
            None
        );
    }

    #[test]
    fn equal_items_share_one_shape_name() {
        let zone = item_of(json!({"type": "array", "items": {"$ref": "#/components/schemas/zone"}})).unwrap();
        let inline = Item {
            schema_name: None,
            ..zone.clone()
        };
        let mut shapes = Shapes::default();
        assert_eq!(shapes.name("listSiteZones", &zone), "zone");
        assert_eq!(shapes.name("getSiteZone", &inline), "zone");
        let other = Item {
            schema_name: None,
            in_results: false,
            fields: "x:number".into(),
        };
        assert_eq!(shapes.name("getThing", &other), "getThing");
        assert_eq!(shapes.into_map().len(), 2);
    }
}
