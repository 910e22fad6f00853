//! Facts the catalog may carry beyond what calling a tool needs: the fields of one item of a
//! tool's answer, and the tool whose answer lists a parameter's values.
//!
//! The catalog generated from the whole read API records both (an item shape per tool, a
//! source per parameter); the catalog of the original's 207 tools records neither. Everything
//! that uses these facts asks here, so it works with either catalog, and reading the richer
//! one is a change to these two functions alone.

use mist_catalog::{Catalog, ToolDef};

/// The top-level fields of one item of `tool`'s answer, as (name, JSON type) pairs; empty when
/// the catalog does not say.
pub fn item_fields<'a>(_catalog: &'a Catalog, _tool: &'a ToolDef) -> Vec<(&'a str, &'a str)> {
    Vec::new()
}

/// The tool whose answer lists the values of `tool`'s parameter `name`, when the catalog says.
pub fn source_of<'a>(_tool: &'a ToolDef, _name: &str) -> Option<&'a str> {
    None
}
