//! Facts the catalog may carry beyond what calling a tool needs: the fields of one item of a
//! tool's answer, and the tool whose answer lists a parameter's values.
//!
//! The catalog records both (an item shape per tool, a source per parameter) where the spec
//! allows; everything that uses these facts asks here.

use mist_catalog::{Catalog, ToolDef};

/// The top-level fields of one item of `tool`'s answer, as (name, JSON type) pairs; empty when
/// the catalog does not say.
pub fn item_fields<'a>(catalog: &'a Catalog, tool: &'a ToolDef) -> Vec<(&'a str, &'a str)> {
    catalog.item_fields(tool)
}

/// The tool whose answer lists the values of `tool`'s parameter `name`, when the catalog says.
pub fn source_of<'a>(tool: &'a ToolDef, name: &str) -> Option<&'a str> {
    tool.param(name)?.source.as_deref()
}
