//! The MCP tool definitions a session can see, each built on first use and then shared.
//!
//! Rendering a tool's schema is the costly part of `tools/list`, and the catalog holds over a
//! thousand tools, so nothing is built at start: each tool's `Tool` (name, description, schema,
//! annotations) is built the first time a list shows it. A managed-mode session that lists five
//! tools never builds the other 529; a list for a session is then a filter over categories and a
//! clone of `Arc`s.

use super::own_tools;
use mist_catalog::ToolDef;
use mistmcp_engine::Access;
use mistmcp_engine::GET_SELF;
use mistmcp_engine::{CategorySet, ToolMode, ToolRegistry};
use mistmcp_engine::{envelope_schema, tool_schema};
use rmcp::model::{Tool, ToolAnnotations};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// Every tool a session may be shown, built on first use, and the lists per mode and
/// categories.
pub struct ToolList {
    /// The catalog as the engine reaches it: loaded on first use.
    registry: Arc<ToolRegistry>,
    /// One slot per read tool, in catalog order, made on first use.
    reads: OnceLock<Vec<Slot>>,
    /// The write tools the operator allows, in catalog order; never made when writes are off,
    /// so a read-only server does not even parse them.
    write_access: Access,
    writes: OnceLock<Vec<Slot>>,
    /// The server's own tools, in listing order: manage, search, describe, call.
    own: OnceLock<[Tool; 4]>,
}

/// One catalog tool: its category's index, and its definition once a list has shown it.
struct Slot {
    def: &'static ToolDef,
    category: usize,
    tool: OnceLock<Tool>,
}

impl Slot {
    fn tool(&self) -> &Tool {
        self.tool.get_or_init(|| catalog_tool(self.def))
    }
}

impl ToolList {
    /// The tool list over `registry`'s catalog, with no write tool offered.
    pub fn new(registry: Arc<ToolRegistry>) -> Self {
        Self {
            registry,
            reads: OnceLock::new(),
            write_access: Access::READ_ONLY,
            writes: OnceLock::new(),
            own: OnceLock::new(),
        }
    }

    /// This list with the write tools `access` allows offered for listing.
    pub fn with_writes(mut self, access: Access) -> Self {
        self.write_access = access;
        self
    }

    fn catalog(&self) -> &'static mist_catalog::Catalog {
        self.registry.catalog()
    }

    fn reads(&self) -> &[Slot] {
        // Workflows are reads of their own category, listed after the operations.
        self.reads
            .get_or_init(|| self.slots(self.catalog().tools.iter().chain(&self.catalog().workflows)))
    }

    fn writes(&self) -> &[Slot] {
        self.writes.get_or_init(|| {
            if !self.write_access.any() {
                // The write tools are not even parsed: a read-only server never holds them.
                return Vec::new();
            }
            let access = self.write_access;
            self.slots(
                self.catalog()
                    .write_tools()
                    .iter()
                    .filter(|def| access.allows(def)),
            )
        })
    }

    fn slots(&self, defs: impl Iterator<Item = &'static ToolDef>) -> Vec<Slot> {
        defs.map(|def| Slot {
            def,
            category: self.registry.category_index(&def.category).unwrap_or(usize::MAX),
            tool: OnceLock::new(),
        })
        .collect()
    }

    fn own(&self) -> &[Tool; 4] {
        self.own.get_or_init(|| {
            [
                own_tools::manage_tool(),
                with_envelope(own_tools::search_tool()),
                with_envelope(own_tools::describe_tool()),
                with_envelope(own_tools::call_tool()),
            ]
        })
    }

    /// The tools a session in `mode` with `enabled` categories sees, in a stable order:
    /// `getSelf`; in managed mode `manageMcpTools`, `searchMistTools`, `describeMistTool` and
    /// `callMistTool`; in custom mode search and describe; then enabled tools in catalog order.
    pub fn list(&self, mode: ToolMode, enabled: CategorySet) -> Vec<Tool> {
        self.list_with(mode, enabled, Access::READ_ONLY)
    }

    /// [`ToolList::list`], then the write tools `access` allows in the enabled categories.
    pub fn list_with(&self, mode: ToolMode, enabled: CategorySet, access: Access) -> Vec<Tool> {
        let shown_read = |slot: &&Slot| slot.def.name != GET_SELF && enabled.contains(slot.category);
        let shown_write = |slot: &&Slot| enabled.contains(slot.category) && access.allows(slot.def);
        let reads = self.reads().iter().filter(shown_read);
        let writes = match access.any() {
            true => self.writes(),
            false => &[],
        };
        let writes = writes.iter().filter(shown_write);
        // Sized once: an all-mode list holds over a thousand tools.
        let mut out = Vec::with_capacity(5 + reads.clone().count() + writes.clone().count());
        if let Some(get_self) = self.tool(GET_SELF) {
            out.push(get_self.clone());
        }
        let [manage, search, describe, call] = self.own();
        match mode {
            ToolMode::Managed => out.extend([manage, search, describe, call].map(Tool::clone)),
            ToolMode::Custom => out.extend([search, describe].map(Tool::clone)),
            ToolMode::All => {}
        }
        out.extend(reads.chain(writes).map(|slot| slot.tool().clone()));
        out
    }

    /// The definition of a catalog read tool, built on first use.
    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.reads()
            .iter()
            .find(|slot| slot.def.name == name)
            .map(Slot::tool)
    }
}

/// A server tool that answers with the envelope, declared as such.
fn with_envelope(mut tool: Tool) -> Tool {
    tool.output_schema = Some(envelope_schema());
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
    tool.output_schema = Some(envelope_schema());
    tool
}

#[cfg(test)]
mod tests {
    use super::*;
    use mistmcp_engine::parse_list;

    fn built(registry: &ToolList) -> Vec<&str> {
        let slots = registry
            .reads
            .get()
            .into_iter()
            .chain(registry.writes.get())
            .flatten();
        slots
            .filter(|slot| slot.tool.get().is_some())
            .map(|slot| slot.def.name.as_str())
            .collect()
    }

    fn json(tools: &[Tool]) -> String {
        serde_json::to_string(tools).unwrap()
    }

    #[test]
    fn nothing_is_built_before_the_first_list() {
        let registry = ToolList::new(Arc::new(ToolRegistry::embedded())).with_writes(Access {
            writes: true,
            deletes: true,
            narrowed: false,
        });
        assert!(registry.reads.get().is_none() && registry.writes.get().is_none());
        assert!(registry.own.get().is_none() && !registry.registry.is_loaded());
    }

    #[test]
    fn a_managed_list_builds_get_self_alone_of_the_catalog_tools() {
        let registry = ToolList::new(Arc::new(ToolRegistry::new(mist_catalog::catalog())));
        let names: Vec<String> = registry
            .list(ToolMode::Managed, CategorySet::EMPTY)
            .iter()
            .map(|t| t.name.to_string())
            .collect();
        assert_eq!(names[0], GET_SELF);
        assert_eq!(names.len(), 5);
        assert_eq!(built(&registry), [GET_SELF]);
    }

    #[test]
    fn lists_are_the_same_whatever_was_built_before() {
        let catalog = mist_catalog::catalog();
        let all = CategorySet::all(catalog);
        let some = parse_list(catalog, ["sites,orgs_stats"]).unwrap();
        let access = Access {
            writes: true,
            deletes: false,
            narrowed: false,
        };
        let fresh = || ToolList::new(Arc::new(ToolRegistry::new(catalog))).with_writes(access);
        let warmed = fresh();
        let custom_first = warmed.list_with(ToolMode::Custom, some, access);
        let all_after = warmed.list_with(ToolMode::All, all, access);
        assert_eq!(
            json(&all_after),
            json(&fresh().list_with(ToolMode::All, all, access))
        );
        assert_eq!(
            json(&custom_first),
            json(&warmed.list_with(ToolMode::Custom, some, access))
        );
        // Writes the request may not make stay out of its list, though the operator allows them.
        let read_only = warmed.list_with(ToolMode::All, all, Access::READ_ONLY);
        assert_eq!(read_only.len(), catalog.tools.len() + catalog.workflows.len());
        assert!(all_after.len() > read_only.len());
    }
}
