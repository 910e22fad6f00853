//! The MCP tool definitions a session can see, built once per process.
//!
//! Rendering 207 schemas is the costly part of `tools/list`, so every catalog tool's `Tool`
//! (name, description, schema, annotations) is built once and shared; a list for a session is
//! then a filter over categories and a clone of `Arc`s. The search index is built on the first
//! search and shared too.

use super::categories::CategorySet;
use super::essentials;
use super::mode::ToolMode;
use super::schema::tool_schema;
use crate::discovery::index::SearchIndex;
use crate::writes::Access;
use mist_catalog::{Catalog, ToolDef};
use rmcp::model::{Tool, ToolAnnotations};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// Name of the tool that is always on: who am I, which orgs and sites can I reach.
pub const GET_SELF: &str = "getSelf";

/// Every tool a session may be shown, prebuilt, and the lists per mode and categories.
pub struct ToolRegistry {
    catalog: &'static Catalog,
    /// One entry per catalog read tool (operations, then workflows), with its category index.
    tools: Vec<(usize, Tool)>,
    /// The write tools the operator allows, prebuilt the same way; empty when writes are off,
    /// so a read-only server spends nothing on them.
    writes: Vec<(usize, &'static ToolDef, Tool)>,
    /// The server's own tools, in listing order: manage, search, describe, call.
    manage: Tool,
    search: Tool,
    describe: Tool,
    call: Tool,
    index: OnceLock<SearchIndex>,
    write_index: OnceLock<SearchIndex>,
}

impl ToolRegistry {
    pub fn new(catalog: &'static Catalog) -> Self {
        // Workflows are reads of their own category, listed after the operations.
        let tools = catalog
            .tools
            .iter()
            .chain(&catalog.workflows)
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
            writes: Vec::new(),
            manage: essentials::manage_tool(),
            search: with_envelope(essentials::search_tool()),
            describe: with_envelope(essentials::describe_tool()),
            call: with_envelope(essentials::call_tool()),
            index: OnceLock::new(),
            write_index: OnceLock::new(),
        }
    }

    /// This registry with the write tools `access` allows prebuilt for listing.
    pub fn with_writes(mut self, access: Access) -> Self {
        if !access.any() {
            // The write tools are not even parsed: a read-only server never holds them.
            return self;
        }
        let catalog = self.catalog;
        self.writes = catalog
            .write_tools()
            .iter()
            .filter(|def| access.allows(def))
            .map(|def| {
                (
                    self.category_index(&def.category).unwrap_or(usize::MAX),
                    def,
                    catalog_tool(def),
                )
            })
            .collect();
        self
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The search index over every read tool, built on first use.
    pub fn index(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::new(self.catalog))
    }

    /// The search index over every write tool (allowed or not), built on first use.
    pub fn write_index(&self) -> &SearchIndex {
        self.write_index
            .get_or_init(|| SearchIndex::over(self.catalog.write_tools().iter()))
    }

    /// The tools a session in `mode` with `enabled` categories sees, in a stable order:
    /// `getSelf`; in managed mode `manageMcpTools`, `searchMistTools`, `describeMistTool` and
    /// `callMistTool`; in custom mode search and describe; then enabled tools in catalog order.
    pub fn list(&self, mode: ToolMode, enabled: CategorySet) -> Vec<Tool> {
        self.list_with(mode, enabled, Access::READ_ONLY)
    }

    /// [`ToolRegistry::list`], then the write tools `access` allows in the enabled categories.
    pub fn list_with(&self, mode: ToolMode, enabled: CategorySet, access: Access) -> Vec<Tool> {
        let mut out = Vec::with_capacity(self.tools.len() + 5);
        if let Some(get_self) = self.tool(GET_SELF) {
            out.push(get_self.clone());
        }
        match mode {
            ToolMode::Managed => {
                out.extend([&self.manage, &self.search, &self.describe, &self.call].map(Tool::clone))
            }
            ToolMode::Custom => out.extend([&self.search, &self.describe].map(Tool::clone)),
            ToolMode::All => {}
        }
        out.extend(
            self.tools
                .iter()
                .filter(|(category, tool)| tool.name != GET_SELF && enabled.contains(*category))
                .map(|(_, tool)| tool.clone()),
        );
        out.extend(
            self.writes
                .iter()
                .filter(|(category, def, _)| enabled.contains(*category) && access.allows(def))
                .map(|(_, _, tool)| tool.clone()),
        );
        out
    }

    /// Whether a session may call a catalog tool: in managed mode every read tool (enabling a
    /// category only lists its tools); in the other modes those of the enabled categories.
    pub fn reaches(&self, def: &ToolDef, mode: ToolMode, enabled: CategorySet) -> bool {
        mode == ToolMode::Managed || self.is_enabled(def, enabled)
    }

    /// Whether a catalog tool's category is enabled (`getSelf` always is).
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

/// A server tool that answers with the envelope, declared as such.
fn with_envelope(mut tool: Tool) -> Tool {
    tool.output_schema = Some(super::schema::envelope_schema());
    tool
}

fn catalog_tool(def: &'static ToolDef) -> Tool {
    // `destructiveHint` means nothing on a read-only tool and `openWorldHint` defaults to true,
    // so neither is sent for reads: a full tool list would repeat them 529 times.
    let mut annotations = ToolAnnotations::with_title(def.title.clone()).read_only(!def.is_write());
    if def.is_write() {
        annotations = annotations
            .destructive(def.destructive)
            .idempotent(def.is_idempotent());
    }
    let mut tool = Tool::new(
        Cow::Borrowed(def.name.as_str()),
        Cow::Borrowed(def.description.as_str()),
        Arc::new(tool_schema(def)),
    );
    tool.annotations = Some(annotations);
    tool.output_schema = Some(super::schema::envelope_schema());
    tool
}
