//! JSON Schemas of tool inputs, rendered once from the catalog's parameters.

use mist_catalog::{Param, ParamType, ToolDef};
use serde_json::{Map, Value, json};
use std::sync::{Arc, OnceLock};

/// The structured answer of every tool that answers with the envelope: `data` always,
/// `pagination` when more pages exist, `notes` when something was cut, cached or refused. One
/// shared allocation for every tool, and short, because a full tool list repeats it per tool.
/// Tool errors carry `{error}` instead; clients skip output validation for them.
pub fn envelope_schema() -> Arc<Map<String, Value>> {
    static SCHEMA: OnceLock<Arc<Map<String, Value>>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let schema = json!({
                "type": "object",
                // Names only: the types of `pagination` and `notes` would add ~30 B a tool and
                // take a full list past 800 B a tool; the README documents both.
                "properties": {"data": {}, "pagination": {}, "notes": {}},
                "required": ["data"]
            });
            Arc::new(match schema {
                Value::Object(map) => map,
                _ => Map::new(),
            })
        })
        .clone()
}

pub(crate) fn type_name(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "string",
        ParamType::Integer => "integer",
        ParamType::Number => "number",
        ParamType::Boolean => "boolean",
        ParamType::Array => "array",
    }
}

/// The schema of one parameter: type, format, enum, default and bounds, all kept.
pub(crate) fn param_schema(param: &Param) -> Map<String, Value> {
    let mut schema = Map::with_capacity(param_keys(param));
    schema.insert("type".into(), type_name(param.ty).into());
    if let Some(format) = &param.format {
        schema.insert("format".into(), format.clone().into());
    }
    if !param.enum_values.is_empty() {
        schema.insert("enum".into(), param.enum_values.clone().into());
    }
    if let Some(default) = &param.default {
        schema.insert("default".into(), default.clone());
    }
    if let Some(min) = param.minimum {
        schema.insert("minimum".into(), number(min));
    }
    if let Some(max) = param.maximum {
        schema.insert("maximum".into(), number(max));
    }
    if param.ty == ParamType::Array {
        let items = param.items.unwrap_or(ParamType::String);
        schema.insert("items".into(), json!({ "type": type_name(items) }));
    }
    if !param.description.is_empty() {
        schema.insert("description".into(), param.description.clone().into());
    }
    schema
}

/// How many keys [`param_schema`] writes. Maps are built at their exact size: an all-mode tool
/// list holds thousands of them, and growing each one by doubling left a third of its room
/// unused.
fn param_keys(param: &Param) -> usize {
    1 + usize::from(param.format.is_some())
        + usize::from(!param.enum_values.is_empty())
        + usize::from(param.default.is_some())
        + usize::from(param.minimum.is_some())
        + usize::from(param.maximum.is_some())
        + usize::from(param.ty == ParamType::Array)
        + usize::from(!param.description.is_empty())
}

/// Whole numbers render without a fraction (`1000`, not `1000.0`).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// The input schema of a catalog tool: a read's parameters and controls, or a write's
/// parameters, `body` and `confirmation_token`. A write's body schema is not inlined (it is
/// compiled on first use; `describeMistTool` shows it), which keeps `tools/list` small.
pub fn tool_schema(tool: &ToolDef) -> Map<String, Value> {
    if tool.is_write() {
        return write_schema(tool);
    }
    let controls = crate::executor::controls::schema_properties(tool);
    let (mut properties, required) = params_schema(tool, controls.len());
    for (name, schema) in controls {
        properties.insert(name.to_owned(), schema);
    }
    object_schema(properties, required)
}

/// The JSON schema of an object with `properties`, listing `required` only when some are: one
/// shape for the catalog's tools and the server's own, so every schema in the list reads alike.
pub fn object_schema(properties: Map<String, Value>, required: Vec<Value>) -> Map<String, Value> {
    let mut schema = Map::with_capacity(if required.is_empty() { 2 } else { 3 });
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema
}

/// The properties and required names of a tool's path and query parameters, with room for
/// `more` properties.
fn params_schema(tool: &ToolDef, more: usize) -> (Map<String, Value>, Vec<Value>) {
    let mut properties = Map::with_capacity(tool.params.len() + more);
    let mut required = Vec::with_capacity(tool.params.iter().filter(|p| p.required).count() + 1);
    for param in &tool.params {
        properties.insert(param.name.clone(), Value::Object(param_schema(param)));
        if param.required {
            required.push(Value::String(param.name.clone()));
        }
    }
    (properties, required)
}

fn write_schema(tool: &ToolDef) -> Map<String, Value> {
    use crate::writes::{BODY, CONFIRMATION_TOKEN};
    let (mut properties, mut required) = params_schema(tool, 2);
    if tool.body.is_some() {
        properties.insert(
            BODY.into(),
            json!({"type": "object", "description": "The request body; describeMistTool shows its fields"}),
        );
        if tool.body_required {
            required.push(Value::String(BODY.into()));
        }
    }
    properties.insert(
        CONFIRMATION_TOKEN.into(),
        json!({"type": "string", "description": "From the plan, once the user has confirmed it"}),
    );
    object_schema(properties, required)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_schema_is_built_at_exactly_its_size() {
        let catalog = mist_catalog::catalog();
        for tool in catalog.tools.iter().chain(catalog.write_tools()) {
            for param in &tool.params {
                assert_eq!(
                    param_keys(param),
                    param_schema(param).len(),
                    "{} {}",
                    tool.name,
                    param.name
                );
            }
        }
    }
}
