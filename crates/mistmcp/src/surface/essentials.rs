//! Definitions of the server's own tools: `manageMcpTools` and `callMistTool`.
//!
//! `manageMcpTools` turns categories on and off for a session (managed mode). `callMistTool`
//! reaches any enabled catalog tool by name, for clients that never refresh their tool list
//! after `notifications/tools/list_changed`: without it, a model in such a client could enable a
//! category and still have no way to call what it enabled.

use super::schema::object_schema;
use mist_catalog::Catalog;
use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub const MANAGE_TOOLS: &str = "manageMcpTools";
pub const CALL_TOOL: &str = "callMistTool";

pub fn manage_tool(catalog: &Catalog) -> Tool {
    let names: Vec<&str> = catalog.categories.iter().map(|c| c.name.as_str()).collect();
    let list_of_names = json!({
        "anyOf": [
            { "type": "array", "items": { "type": "string", "enum": names } },
            { "type": "string" }
        ]
    });
    let mut properties = Map::new();
    let mut enable = list_of_names.clone();
    enable["description"] = "Categories to enable: a list or a comma-separated string".into();
    let mut disable = list_of_names;
    disable["description"] = "Categories to disable: a list or a comma-separated string".into();
    properties.insert("enable".into(), enable);
    properties.insert("disable".into(), disable);

    let mut description = String::from(
        "Enable or disable groups of Mist tools for this session. Call with no arguments to see \
         what is enabled. Enabled tools are announced to the client; if they do not appear in \
         your tool list, call them through callMistTool. Categories:",
    );
    for category in &catalog.categories {
        description.push_str(&format!(
            "\n- {} ({} tools): {}",
            category.name,
            category.tools.len(),
            category.description
        ));
    }
    let mut tool = Tool::new(
        MANAGE_TOOLS,
        description,
        Arc::new(object_schema(properties, vec![])),
    );
    tool.annotations = Some(
        ToolAnnotations::with_title("Manage Mist tool categories")
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false),
    );
    tool
}

pub fn call_tool() -> Tool {
    let mut properties = Map::new();
    properties.insert(
        "tool".into(),
        json!({ "type": "string", "description": "Name of an enabled Mist tool, e.g. searchOrgDevices" }),
    );
    properties.insert(
        "arguments".into(),
        json!({ "type": "object", "description": "That tool's arguments", "additionalProperties": true }),
    );
    let description = "Call an enabled Mist tool by name with its arguments. Use it for tools \
                       that manageMcpTools enabled but that are missing from your tool list.";
    let mut tool = Tool::new(
        CALL_TOOL,
        description,
        Arc::new(object_schema(properties, vec![Value::from("tool")])),
    );
    tool.annotations = Some(
        ToolAnnotations::with_title("Call a Mist tool by name")
            .read_only(true)
            .destructive(false)
            .open_world(true),
    );
    tool
}
