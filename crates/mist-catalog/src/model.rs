//! Types of the catalog file. Field names are the file's keys.

pub use crate::category::Category;
pub use crate::deletes::Deletes;
use crate::method::Method;
use crate::sections::{From, Section, section};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The whole catalog: categories in the seed's order and the tools they hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Version of the Mist OpenAPI document the catalog was generated from.
    pub spec_version: String,
    /// The categories, the seed's thirty first, in their order.
    pub categories: Vec<Category>,
    /// Every read tool, in category order.
    pub tools: Vec<ToolDef>,
    /// Every write tool (POST, PUT, DELETE), in category order: kept apart so that what reads
    /// (category lists, the simulator's routes) never meets them by accident. Read them with
    /// [`Catalog::write_tools`]: the embedded catalog leaves this empty and parses the writes
    /// on first use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<ToolDef>,
    /// The verbs write tools start with (`create`, `delete`, `reboot`...), sorted: a search
    /// that uses none of them never needs the write tools parsed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub write_verbs: Vec<String>,
    /// The workflow tools ([`ToolKind::Workflow`]): read-only tools the server composes from
    /// several reads, in their own category. Kept apart from `tools` so that whatever walks the
    /// API's operations (the simulator's routes, the spec coverage) never meets them; the
    /// lookups ([`Catalog::tool`], [`Catalog::tools_in`]) include them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workflows: Vec<ToolDef>,
    /// What the items of answers hold, by shape name (see [`ToolDef::item`]): top-level field
    /// names and JSON types as `name:type` pairs separated by spaces, in name order,
    /// for example `id:string name:string vertices:object[]`. Shared by every tool whose answer
    /// has the same item, which keeps the embedded file small.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shapes: BTreeMap<String, String>,
    /// Index from tool name and every alias to the position in `tools`, then `writes`.
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// The catalog file's text when the writes are parsed on first use (the embedded catalog).
    #[serde(skip)]
    lazy_source: Option<&'static str>,
    /// The writes parsed from `lazy_source`, with their index by name.
    #[serde(skip)]
    lazy_writes: OnceLock<(Vec<ToolDef>, HashMap<String, usize>)>,
}

/// The read part of a catalog file; serde skips the `writes` section without building it.
#[derive(Deserialize)]
struct ReadPart {
    spec_version: String,
    categories: Vec<Category>,
    tools: Vec<ToolDef>,
    #[serde(default)]
    write_verbs: Vec<String>,
    #[serde(default)]
    workflows: Vec<ToolDef>,
    #[serde(default)]
    shapes: BTreeMap<String, String>,
}

impl ReadPart {
    /// The read part from its sections alone (see [`crate::sections`]): the writes between the
    /// tools and the shapes are skipped unread. `None` when the file is not in the generator's
    /// layout.
    fn sections(text: &str) -> Option<Self> {
        Some(ReadPart {
            spec_version: section(text, "spec_version", From::Start).required()?,
            categories: section(text, "categories", From::Start).required()?,
            tools: section(text, "tools", From::Start).required()?,
            write_verbs: section(text, "write_verbs", From::Start).or_default()?,
            workflows: section(text, "workflows", From::Start).or_default()?,
            shapes: section(text, "shapes", From::End).or_default()?,
        })
    }
}

/// The write part of a catalog file.
#[derive(Deserialize)]
struct WritePart {
    #[serde(default)]
    writes: Vec<ToolDef>,
}

impl Catalog {
    /// Parses a catalog file and builds its lookup index.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let mut catalog: Catalog = serde_json::from_str(text)?;
        catalog.build_index();
        Ok(catalog)
    }

    /// Parses the read tools of a catalog file now and its write tools on first use: a server
    /// that never writes never holds them.
    pub fn from_static_json(text: &'static str) -> Result<Self, serde_json::Error> {
        let reads = match ReadPart::sections(text) {
            Some(reads) => reads,
            None => serde_json::from_str(text)?,
        };
        let mut catalog = Catalog {
            spec_version: reads.spec_version,
            categories: reads.categories,
            tools: fitted(reads.tools),
            write_verbs: reads.write_verbs,
            workflows: reads.workflows,
            shapes: reads.shapes,
            lazy_source: Some(text),
            ..Catalog::default()
        };
        catalog.build_index();
        Ok(catalog)
    }

    /// The write tools, parsed on first use when the catalog was built by
    /// [`Catalog::from_static_json`].
    pub fn write_tools(&self) -> &[ToolDef] {
        match self.lazy_source {
            Some(_) => &self.lazy_writes().0,
            None => &self.writes,
        }
    }

    fn lazy_writes(&self) -> &(Vec<ToolDef>, HashMap<String, usize>) {
        self.lazy_writes.get_or_init(|| {
            let writes = self
                .lazy_source
                .and_then(|text| match section(text, "writes", From::Start) {
                    Section::Read(writes) => Some(writes),
                    Section::Missing => Some(Vec::new()),
                    Section::Broken => serde_json::from_str::<WritePart>(text).ok().map(|p| p.writes),
                })
                .map(fitted)
                .unwrap_or_default();
            let index = writes
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect();
            (writes, index)
        })
    }

    fn build_index(&mut self) {
        let mut index = HashMap::new();
        // The eager lists only: lazily parsed writes have their own index.
        for (i, tool) in self.tools.iter().chain(&self.writes).enumerate() {
            index.insert(tool.name.clone(), i);
            for alias in &tool.aliases {
                index.entry(alias.clone()).or_insert(i);
            }
        }
        self.index = index;
    }

    /// Finds a tool, read or write, by its name or one of its aliases (e.g. the operation's
    /// current id).
    pub fn tool(&self, name: &str) -> Option<&ToolDef> {
        if let Some(&i) = self.index.get(name) {
            return self
                .tools
                .get(i)
                .or_else(|| self.writes.get(i.checked_sub(self.tools.len())?));
        }
        if let Some(workflow) = self.workflow(name) {
            return Some(workflow);
        }
        self.lazy_source?;
        let (writes, index) = self.lazy_writes();
        index.get(name).and_then(|&i| writes.get(i))
    }

    /// The workflow tool called `name` (there are a handful: a scan is enough).
    pub fn workflow(&self, name: &str) -> Option<&ToolDef> {
        self.workflows.iter().find(|t| t.name == name)
    }

    /// The read tools, then the write tools.
    pub fn all_tools(&self) -> impl Iterator<Item = &ToolDef> {
        self.tools.iter().chain(self.write_tools())
    }

    /// Finds a category by its canonical name (`orgs_stats`).
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The top-level fields of one item of the tool's answer, as (name, JSON type) pairs.
    /// Empty when the answer is a file or its item declares no fields.
    pub fn item_fields<'a>(&'a self, tool: &ToolDef) -> Vec<(&'a str, &'a str)> {
        tool.item
            .as_deref()
            .and_then(|shape| self.shapes.get(shape))
            .map(|fields| shape_fields(fields).collect())
            .unwrap_or_default()
    }

    /// The read tools (workflows included) of one category, in catalog order.
    pub fn tools_in<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a ToolDef> + 'a {
        self.tools
            .iter()
            .chain(&self.workflows)
            .filter(move |t| t.category == category)
    }
}

/// Tools parsed from JSON, each list cut to its length. JSON does not say how long an array is,
/// so parsed lists grow by doubling and keep up to half their room unused: a third of the
/// memory of the parsed catalog, held for the life of the process.
fn fitted(mut tools: Vec<ToolDef>) -> Vec<ToolDef> {
    tools.shrink_to_fit();
    for tool in &mut tools {
        tool.params.shrink_to_fit();
    }
    tools
}

/// Splits a shape's text into (field name, JSON type) pairs.
pub fn shape_fields(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(' ').filter_map(|pair| pair.rsplit_once(':'))
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
    /// The category that enables it.
    pub category: String,
    /// HTTP method: `GET` for reads; `POST`, `PUT` or `DELETE` for write tools.
    pub method: Method,
    /// Path template with `{name}` placeholders, starting with `/api/v1/`.
    pub path: String,
    /// Short human title for MCP annotations.
    pub title: String,
    /// What the tool answers, for a model choosing among tools.
    pub description: String,
    /// How the answer pages.
    pub pagination: Pagination,
    /// The JSON kind of a successful body.
    pub response: ResponseKind,
    /// How long an answer may be cached.
    pub cache: CacheClass,
    /// Path and query parameters, in the operation's order.
    pub params: Vec<Param>,
    /// The shape (a key of [`Catalog::shapes`]) of one item of the answer: the body itself when
    /// it is an object, each element when it is an array, each element of `results` when
    /// `item_in_results` is set. Absent for files and bodies that declare no fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Whether the items are the elements of the body's `results` array.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub item_in_results: bool,
    /// The request body a write takes, if any; its schema is in the bodies file
    /// ([`crate::BODIES_JSON`]), keyed by the operation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyType>,
    /// Whether a call must give the body.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_required: bool,
    /// A write that removes, replaces, restarts or releases something (MCP `destructiveHint`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub destructive: bool,
    /// Whether the write deletes (or unassigns) something, whatever its HTTP method: such a
    /// tool needs the delete switch as well as the write switch.
    #[serde(default, skip_serializing_if = "Deletes::is_no")]
    pub deletes: Deletes,
    /// What runs the tool: one Mist operation, or a workflow of several.
    #[serde(default, skip_serializing_if = "ToolKind::is_operation")]
    pub kind: ToolKind,
}

/// What runs a tool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    /// One Mist API operation (`method` and `path`), run by the server's generic executor.
    #[default]
    Operation,
    /// A read-only tool the server composes from several operations; it has no path of its
    /// own (`path` is empty, `operation_id` is its name) and the server runs it by name.
    Workflow,
}

impl ToolKind {
    /// Whether this is the default kind, one Mist operation.
    pub fn is_operation(&self) -> bool {
        *self == ToolKind::Operation
    }
}

/// How a write's request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyType {
    /// A JSON document.
    Json,
    /// A multipart form (file uploads).
    Form,
}

impl ToolDef {
    /// Whether the tool is a workflow of several reads rather than one operation.
    pub fn is_workflow(&self) -> bool {
        self.kind == ToolKind::Workflow
    }

    /// Whether the tool changes something in Mist (any method but `GET`).
    pub fn is_write(&self) -> bool {
        self.method != Method::Get
    }

    /// Whether every call of the tool deletes (an HTTP `DELETE`, or a POST or PUT that
    /// deletes, such as `deleteOrgPskList`): it needs the delete switch.
    pub fn is_delete(&self) -> bool {
        self.method == Method::Delete || self.deletes == Deletes::Always
    }

    /// Whether a call with this body deletes: [`Self::is_delete`], or a body that chooses a
    /// deleting action.
    pub fn deletes_with(&self, body: Option<&Value>) -> bool {
        self.is_delete() || self.deletes.with_body(body)
    }

    /// Whether repeating the call leaves the same result (MCP `idempotentHint`): reads, `PUT`
    /// and `DELETE`.
    pub fn is_idempotent(&self) -> bool {
        matches!(self.method, Method::Get | Method::Put | Method::Delete)
    }

    /// The tool whose answer lists the values of the parameter `name`, when the catalog says.
    pub fn source_of(&self, name: &str) -> Option<&str> {
        self.param(name)?.source.as_deref()
    }

    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The parameters that fill the path template.
    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Path)
    }

    /// The parameters sent in the query string.
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
    /// A JSON object.
    Object,
    /// A JSON array.
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

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// Into a `{name}` placeholder of the path template.
    Path,
    /// Into the query string.
    Query,
}

/// The JSON type a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list, sent comma-separated.
    Array,
}

/// One path or query parameter of an operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Param {
    /// The name, as in the path template or the query string.
    pub name: String,
    /// Path or query.
    #[serde(rename = "in")]
    pub location: Location,
    /// Whether a call must give it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The JSON type it takes.
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// JSON Schema `format` (`uuid`, `ipv4`, ...), plus two of our own for MAC-shaped values:
    /// `mac`, one MAC address as 12 hex digits (path parameters), and `mac_filter`, a query
    /// filter of comma-separated MACs in which `*` may stand for any digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Allowed values, when the operation restricts them.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// The value Mist assumes when it is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The smallest number allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// The largest number allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Element type of an `array` parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ParamType>,
    /// What the parameter means, in our words; empty when the name says it all.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The tool whose answer lists the values this parameter takes (`listSiteZones` for a
    /// site's `zone_id`); the description names it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The name Mist knows the parameter by, when the tool names it otherwise: an operation's
    /// own `fields` (extra fields Mist adds) is `mist_fields` in the tool, because `fields` is
    /// the server's argument for what to keep of every answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
}

impl Param {
    /// The name sent to Mist: [`Param::wire`] when set, else the name.
    pub fn wire_name(&self) -> &str {
        self.wire.as_deref().unwrap_or(&self.name)
    }
}
