//! Keeps the `tools/list` answer of `all` mode small enough for clients to take in one go.
//!
//! The server renders every catalog tool as name, description, input schema and annotations;
//! this test renders the same shape from the catalog and weighs it, so a wordy description or a
//! new parameter description cannot push the answer over budget unnoticed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use mist_catalog::{Param, ToolDef, catalog};
use serde_json::{Map, Value, json};

/// The most bytes a compact `tools/list` result of all tools may take: measured at 335,949
/// for the 529 read tools, with room for a few more words.
const BUDGET: usize = 345_000;

/// The same for the original's 207 tools alone (a custom mode with all 30 of its categories):
/// measured at 141,785 (MAC formats and the names of listing tools added 3,812 to 137,973).
const ORIGINAL_BUDGET: usize = 145_000;

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

/// Weighs the list of `tools` against `budget`, printing the figure for the record.
fn check_list<'a>(what: &str, tools: impl Iterator<Item = &'a ToolDef>, budget: usize) -> usize {
    let tools: Vec<Value> = tools.map(rendered).collect();
    let size = serde_json::to_string(&json!({ "tools": tools }))
        .expect("plain JSON values serialize")
        .len();
    println!("{what} tools/list estimate: {size} bytes (budget {budget})");
    assert!(size <= budget, "{what} tools/list is {size} bytes, over {budget}");
    tools.len()
}

#[test]
fn all_mode_tool_list_stays_within_budget() {
    let count = check_list("all-mode", catalog().tools.iter(), BUDGET);
    assert_eq!(count, catalog().tools.len());
}

#[test]
fn the_original_categories_tool_list_stays_within_budget() {
    let catalog = catalog();
    let original = catalog
        .categories
        .iter()
        .filter(|c| !c.added)
        .flat_map(|c| catalog.tools_in(&c.name));
    assert_eq!(check_list("original categories'", original, ORIGINAL_BUDGET), 207);
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
