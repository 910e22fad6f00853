//! Types of the catalog file. Field names are the file's keys.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// The whole catalog: categories in the seed's order and the tools they hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Version of the Mist OpenAPI document the catalog was generated from.
    pub spec_version: String,
    pub categories: Vec<Category>,
    pub tools: Vec<ToolDef>,
    /// Index from tool name and every alias to the position in `tools`.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Catalog {
    /// Parses a catalog file and builds its lookup index.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let mut catalog: Catalog = serde_json::from_str(text)?;
        catalog.build_index();
        Ok(catalog)
    }

    fn build_index(&mut self) {
        self.index.clear();
        for (i, tool) in self.tools.iter().enumerate() {
            self.index.insert(tool.name.clone(), i);
            for alias in &tool.aliases {
                self.index.entry(alias.clone()).or_insert(i);
            }
        }
    }

    /// Finds a tool by its name or one of its aliases (e.g. the operation's current id).
    pub fn tool(&self, name: &str) -> Option<&ToolDef> {
        self.index.get(name).map(|&i| &self.tools[i])
    }

    /// Finds a category by its canonical name (`orgs_stats`).
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The tools of one category, in catalog order.
    pub fn tools_in<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a ToolDef> + 'a {
        self.tools.iter().filter(move |t| t.category == category)
    }
}

/// A group of tools that is enabled or disabled as one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Category {
    /// Canonical name, lower case with underscores (`orgs_stats`).
    pub name: String,
    /// What the category covers, in our words.
    pub description: String,
    /// Tool names in the seed's order.
    pub tools: Vec<String>,
}

/// One MCP tool backed by one Mist API operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolDef {
    /// The tool name clients call (the seed's name).
    pub name: String,
    /// Other names that reach this tool, such as the operation's id after a rename upstream.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The operationId in the OpenAPI document the catalog was generated from.
    pub operation_id: String,
    pub category: String,
    /// HTTP method; every catalog tool reads, so this is `GET`.
    pub method: String,
    /// Path template with `{name}` placeholders, starting with `/api/v1/`.
    pub path: String,
    /// Short human title for MCP annotations.
    pub title: String,
    /// What the tool answers, for a model choosing among tools.
    pub description: String,
    pub pagination: Pagination,
    pub response: ResponseKind,
    pub cache: CacheClass,
    pub params: Vec<Param>,
}

impl ToolDef {
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Path)
    }

    pub fn query_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Query)
    }
}

/// How an operation pages its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pagination {
    /// Body `{results, total, limit, next?}`; `next` is the URL of the following page.
    Search,
    /// Body `{distinct, results: [{count, ..}], total}`.
    Count,
    /// `limit` and `page` query parameters; totals in `X-Page-*` headers.
    Page,
    /// Only a `limit` query parameter.
    Limit,
    /// A single answer.
    None,
}

/// The JSON kind of a successful body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    Object,
    Array,
    /// A file or other non-JSON text (`exportSiteDevices`), passed on as a string.
    Text,
}

/// How long an answer stays true, which decides how long it may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheClass {
    /// Constants and definitions that change with Mist releases.
    Constant,
    /// Configuration objects that change when an administrator edits them.
    Config,
    /// Statistics, events, searches and counts that change by the minute.
    Volatile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Path,
    Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
}

/// One path or query parameter of an operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: Location,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// JSON Schema `format` (`uuid`, `ipv4`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Allowed values, when the operation restricts them.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Element type of an `array` parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ParamType>,
    /// What the parameter means, in our words; empty when the name says it all.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}
