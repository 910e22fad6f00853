//! Definitions of the server's own tools: `manageMcpTools`, `searchMistTools`,
//! `describeMistTool` and `callMistTool`.
//!
//! Search, describe and call reach the whole read API through three small tools whose cost in
//! the tool list stays fixed however large the catalog grows. `manageMcpTools` puts whole
//! categories into the client's tool list, for models that prefer to see tools listed.
//! `callMistTool` also serves clients that never refresh their tool list after
//! `notifications/tools/list_changed`.
//!
//! These definitions are in every managed-mode `tools/list`, so every word counts: the category
//! table lives in `manageMcpTools`' answer, not in its description.

use mistmcp_engine::object_schema;
use mistmcp_engine::own_names::{
    CALL_TOOL, DESCRIBE_TOOL, MANAGE_TOOLS, ORIGINAL_ENABLE, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT,
    SEARCH_TOOLS,
};
use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{Map, Value, json};
use std::sync::Arc;

fn local(
    name: &'static str,
    title: &str,
    description: &str,
    properties: Map<String, Value>,
    required: &[&str],
) -> Tool {
    let required = required.iter().map(|r| Value::from(*r)).collect();
    let mut tool = Tool::new(
        name,
        description.to_owned(),
        Arc::new(object_schema(properties, required)),
    );
    tool.annotations = Some(
        ToolAnnotations::with_title(title.to_owned())
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false),
    );
    tool
}

fn props(items: &[(&str, Value)]) -> Map<String, Value> {
    items.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

pub(super) fn manage_tool() -> Tool {
    let names = json!({"type": ["array", "string"], "items": {"type": "string"}});
    let mut enable = names.clone();
    enable["description"] = "categories to add to your tool list (list or a,b)".into();
    let mut disable = names.clone();
    disable["description"] = "categories to remove".into();
    let mut original = names;
    original["description"] = "same as enable".into();
    local(
        MANAGE_TOOLS,
        "Manage Mist tool categories",
        "Add or remove categories of Mist tools in your tool list. With no arguments: every \
         category, what it holds and what is enabled. Not needed to call a tool: \
         searchMistTools and callMistTool reach every read tool.",
        props(&[
            ("enable", enable),
            ("disable", disable),
            (ORIGINAL_ENABLE, original),
        ]),
        &[],
    )
}

pub(super) fn search_tool() -> Tool {
    local(
        SEARCH_TOOLS,
        "Search Mist tools",
        "Find Mist tools by what they do (\"device stats\", \"rogue aps site\"); write tools \
         join the hits only when the query asks to change something. Each hit: name, category, \
         summary, signature (? marks optional arguments, body{…} a write's body).",
        props(&[
            ("query", json!({"type": "string"})),
            ("category", json!({"type": "string"})),
            (
                "limit",
                json!({"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_LIMIT,
                       "default": SEARCH_DEFAULT_LIMIT}),
            ),
        ]),
        &["query"],
    )
}

pub(super) fn describe_tool() -> Tool {
    local(
        DESCRIBE_TOOL,
        "Describe a Mist tool",
        "A Mist tool's arguments (JSON Schema), how it pages, and the fields its answer's items \
         hold; for a write tool, its body's fields (path \"body.auth\" gives one part in full).",
        props(&[
            ("name", json!({"type": "string"})),
            ("path", json!({"type": "string"})),
        ]),
        &["name"],
    )
}

pub(super) fn call_tool() -> Tool {
    let mut tool = local(
        CALL_TOOL,
        "Call a Mist tool by name",
        "Call any Mist tool by name, listed or not: {\"tool\": \"searchOrgDevices\", \
         \"arguments\": {...}}. arguments.fields keeps only the fields you name. A write tool \
         (when the operator enabled writes) sends nothing until the user confirms its plan.",
        props(&[
            ("tool", json!({"type": "string"})),
            ("arguments", json!({"type": "object"})),
        ]),
        &["tool"],
    );
    if let Some(a) = tool.annotations.as_mut() {
        a.idempotent_hint = None;
        a.open_world_hint = Some(true);
    }
    tool
}
