//! The catalog as a caller reaches it: which tools a mode and a set of categories reach, and
//! the search indexes, each built on first use.
//!
//! The catalog holds over a thousand tools, so nothing is built at start: the catalog itself
//! is parsed on first use (after the client's `initialize` has been answered), and the search
//! indexes on the first search. How the tools are shown to a client (MCP tool definitions) is
//! the transport side's business.

use super::categories::CategorySet;
use super::mode::ToolMode;
use crate::search::index::SearchIndex;
use mist_catalog::{Catalog, ToolDef};
use std::sync::OnceLock;

/// Name of the tool that is always on: who am I, which orgs and sites can I reach.
pub const GET_SELF: &str = "getSelf";

/// The catalog, loaded on first use, with what a caller reaches in it and its search indexes.
pub struct ToolRegistry {
    /// The catalog, once loaded; `load` gives it on first use.
    catalog: OnceLock<&'static Catalog>,
    load: fn() -> &'static Catalog,
    index: OnceLock<SearchIndex>,
    write_index: OnceLock<SearchIndex>,
}

impl ToolRegistry {
    /// A registry over `catalog`, already loaded.
    pub fn new(catalog: &'static Catalog) -> Self {
        let registry = Self::embedded();
        let _ = registry.catalog.set(catalog);
        registry
    }

    /// A registry over the embedded catalog, which it loads on first use.
    pub fn embedded() -> Self {
        Self {
            catalog: OnceLock::new(),
            load: mist_catalog::catalog,
            index: OnceLock::new(),
            write_index: OnceLock::new(),
        }
    }

    /// The catalog, loaded on the first call.
    pub fn catalog(&self) -> &'static Catalog {
        self.catalog.get_or_init(self.load)
    }

    /// Whether the catalog has been loaded yet (nothing is, before a first use).
    pub fn is_loaded(&self) -> bool {
        self.catalog.get().is_some()
    }

    /// The search index over every read tool, built on first use.
    pub(crate) fn index(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::new(self.catalog()))
    }

    /// The search index over every write tool (allowed or not), built on first use.
    pub(crate) fn write_index(&self) -> &SearchIndex {
        self.write_index
            .get_or_init(|| SearchIndex::over(self.catalog().write_tools().iter()))
    }

    /// Whether a session may call a catalog tool: in managed mode every read tool (enabling a
    /// category only lists its tools); in the other modes those of the enabled categories.
    pub(crate) fn reaches(&self, def: &ToolDef, mode: ToolMode, enabled: CategorySet) -> bool {
        mode == ToolMode::Managed || self.is_enabled(def, enabled)
    }

    /// Whether a catalog tool's category is enabled (`getSelf` always is).
    pub(crate) fn is_enabled(&self, def: &ToolDef, enabled: CategorySet) -> bool {
        def.name == GET_SELF
            || self
                .category_index(&def.category)
                .is_some_and(|i| enabled.contains(i))
    }

    /// The position of the category `name` in the catalog, which a [`CategorySet`] counts in.
    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.catalog().categories.iter().position(|c| c.name == name)
    }
}
