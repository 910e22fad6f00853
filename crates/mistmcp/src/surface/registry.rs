//! The MCP tool definitions a session can see, built once per process.
//!
//! Rendering 207 schemas is the costly part of `tools/list`, so every catalog tool's `Tool`
//! (name, description, schema, annotations) is built once and shared; a list for a session is
//! then a filter over categories and a clone of `Arc`s.

use super::categories::CategorySet;
use super::essentials;
use super::mode::ToolMode;
use super::schema::tool_schema;
use mist_catalog::{Catalog, ToolDef};
use rmcp::model::{Tool, ToolAnnotations};
use std::borrow::Cow;
use std::sync::Arc;

/// Name of the tool that is always on: who am I, which orgs and sites can I reach.
pub const GET_SELF: &str = "getSelf";

/// Every tool a session may be shown, prebuilt, and the lists per mode and categories.
pub struct ToolRegistry {
    catalog: &'static Catalog,
    /// One entry per catalog tool, in catalog order, with its category index.
    tools: Vec<(usize, Tool)>,
    manage: Tool,
    call: Tool,
}

impl ToolRegistry {
    pub fn new(catalog: &'static Catalog) -> Self {
        let tools = catalog
            .tools
            .iter()
            .map(|def| {
                let category = catalog
                    .categories
                    .iter()
                    .position(|c| c.name == def.category)
                    .unwrap_or(usize::MAX);
                (category, catalog_tool(def))
            })
            .collect();
        Self {
            catalog,
            tools,
            manage: essentials::manage_tool(catalog),
            call: essentials::call_tool(),
        }
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The tools a session in `mode` with `enabled` categories sees, in a stable order:
    /// `getSelf`, the management tools (managed mode), then enabled tools in catalog order.
    pub fn list(&self, mode: ToolMode, enabled: CategorySet) -> Vec<Tool> {
        let mut out = Vec::with_capacity(self.tools.len() + 3);
        if let Some(get_self) = self.tool(GET_SELF) {
            out.push(get_self.clone());
        }
        if mode == ToolMode::Managed {
            out.push(self.manage.clone());
            out.push(self.call.clone());
        }
        out.extend(
            self.tools
                .iter()
                .filter(|(category, tool)| tool.name != GET_SELF && enabled.contains(*category))
                .map(|(_, tool)| tool.clone()),
        );
        out
    }

    /// Whether a catalog tool may be called with these categories enabled.
    pub fn is_enabled(&self, def: &ToolDef, enabled: CategorySet) -> bool {
        def.name == GET_SELF
            || self
                .category_index(&def.category)
                .is_some_and(|i| enabled.contains(i))
    }

    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.catalog.categories.iter().position(|c| c.name == name)
    }

    /// The prebuilt definition of a catalog tool.
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().map(|(_, t)| t).find(|t| t.name == name)
    }
}

fn catalog_tool(def: &'static ToolDef) -> Tool {
    let annotations = ToolAnnotations::with_title(def.title.clone())
        .read_only(true)
        .destructive(false)
        .open_world(true);
    let mut tool = Tool::new(
        Cow::Borrowed(def.name.as_str()),
        Cow::Borrowed(def.description.as_str()),
        Arc::new(tool_schema(def)),
    );
    tool.annotations = Some(annotations);
    tool
}
