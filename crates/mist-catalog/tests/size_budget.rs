//! Keeps the `tools/list` answer of `all` mode small enough for clients to take in one go.
//!
//! The server renders every catalog tool as name, description, input schema and annotations;
//! this test renders the same shape from the catalog and weighs it, so a wordy description or a
//! new parameter description cannot push the answer over budget unnoticed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use mist_catalog::{Param, ToolDef, catalog};
use serde_json::{Map, Value, json};

/// The most bytes a compact `tools/list` result of all tools may take.
const BUDGET: usize = 140_000;

fn property(param: &Param) -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), json!(param.ty));
    if let Some(format) = &param.format {
        schema.insert("format".into(), json!(format));
    }
    if !param.enum_values.is_empty() {
        schema.insert("enum".into(), json!(param.enum_values));
    }
    if let Some(default) = &param.default {
        schema.insert("default".into(), default.clone());
    }
    if let Some(minimum) = param.minimum {
        schema.insert("minimum".into(), json!(minimum));
    }
    if let Some(maximum) = param.maximum {
        schema.insert("maximum".into(), json!(maximum));
    }
    if let Some(items) = param.items {
        schema.insert("items".into(), json!({ "type": items }));
    }
    if !param.description.is_empty() {
        schema.insert("description".into(), json!(param.description));
    }
    Value::Object(schema)
}

fn rendered(tool: &ToolDef) -> Value {
    let properties: Map<String, Value> = tool
        .params
        .iter()
        .map(|p| (p.name.clone(), property(p)))
        .collect();
    let required: Vec<&str> = tool
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    json!({
        "name": tool.name,
        "description": tool.description,
        "inputSchema": {"type": "object", "properties": properties, "required": required},
        "annotations": {
            "title": tool.title,
            "readOnlyHint": true,
            "destructiveHint": false,
            "openWorldHint": true
        }
    })
}

#[test]
fn all_mode_tool_list_stays_within_budget() {
    let tools: Vec<Value> = catalog().tools.iter().map(rendered).collect();
    assert!(!tools.is_empty());
    let size = serde_json::to_string(&json!({ "tools": tools }))
        .expect("plain JSON values serialize")
        .len();
    println!("all-mode tools/list estimate: {size} bytes (budget {BUDGET})");
    assert!(
        size <= BUDGET,
        "tools/list in all mode is {size} bytes, over {BUDGET}"
    );
}

#[test]
fn the_estimate_counts_descriptions_and_schemas() {
    let tool = &catalog().tools[0];
    let text = rendered(tool).to_string();
    assert!(text.contains(&tool.description));
    assert!(text.contains(&tool.title));
    for param in &tool.params {
        assert!(
            text.contains(&format!("\"{}\":{{\"", param.name)),
            "{}",
            param.name
        );
    }
}
