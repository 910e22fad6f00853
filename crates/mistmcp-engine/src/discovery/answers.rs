//! What `searchMistTools` and `describeMistTool` answer, and the closest names for a tool name
//! that does not exist.
//!
//! Both answer in the usual envelope (`{data, notes?}`), so the text a model reads is the
//! compact rendering: ten search hits are a header line and ten short rows.

use super::body_outline;
use super::signature::signature;
use crate::executor::args::ArgError;
use crate::executor::{CallError, envelope};
use crate::search::index::{Hit, name_as_query};
use crate::search::intent;
use crate::suggest::closest;
use crate::surface::categories::index_of;
use crate::surface::own_names::{SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT};
use crate::surface::schema::tool_schema;
use crate::surface::{CategorySet, ToolMode, ToolRegistry};
use crate::writes::Access;
use crate::writes::bodies::BodySchemas;
use mist_catalog::{Catalog, Pagination, ResponseKind, ToolDef};
use serde_json::{Map, Value, json};

/// Longest summary of a hit, in characters.
const SUMMARY_CHARS: usize = 72;
/// Most write tools among a search's hits, when it asks to change something.
const WRITE_HITS: usize = 5;

/// The tools a session's search and calls reach.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// How the session's tool list is loaded: it decides which tools search offers.
    pub mode: ToolMode,
    /// The categories enabled (in `managed` and `custom` modes).
    pub enabled: CategorySet,
    /// What this request may write.
    pub access: Access,
}

impl Reach {
    fn allows(&self, registry: &ToolRegistry, tool: &ToolDef) -> bool {
        registry.reaches(tool, self.mode, self.enabled)
    }

    /// A note for answers limited to the operator's categories.
    fn scope_note(&self, registry: &ToolRegistry) -> Option<String> {
        (self.mode != ToolMode::Managed && self.mode != ToolMode::All).then(|| {
            format!(
                "This server runs in {} mode: only getSelf and the categories {} are reachable.",
                self.mode,
                self.enabled.names(registry.catalog()).join(", ")
            )
        })
    }
}

/// `searchMistTools {query, category?, limit?}`.
pub fn search(
    registry: &ToolRegistry,
    reach: Reach,
    args: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, CallError> {
    let args = Args::check(args, &["query", "category", "limit"])?;
    let query = args
        .string("query")?
        .ok_or_else(|| missing("query", "words for what the tool does"))?;
    let catalog = registry.catalog();
    let category = match args.string("category")? {
        Some(name) => Some(index_of(catalog, &name).map_err(|e| CallError::Usage(e.to_string()))?),
        None => None,
    };
    let limit = args.limit("limit")?.unwrap_or(SEARCH_DEFAULT_LIMIT);
    let keep = |tool: &ToolDef| {
        reach.allows(registry, tool)
            && category.is_none_or(|i| registry.category_index(&tool.category) == Some(i))
    };
    let reads = registry.index().search(&query, keep, limit);
    let asks_to_write = intent::asks_to_write(&query, &registry.catalog().write_verbs);
    let writes = if asks_to_write {
        registry.write_index().search(&query, keep, WRITE_HITS.min(limit))
    } else {
        Vec::new()
    };
    let hits: Vec<Value> = merge(reads, writes, limit)
        .into_iter()
        .map(|hit| row(hit.tool, reach))
        .collect();
    let mut notes: Vec<String> = reach.scope_note(registry).into_iter().collect();
    if hits.iter().any(|w| w.get("disabled").is_some()) {
        notes.push(
            "Write tools marked disabled are turned off by the operator; they cannot be called on this server.".into(),
        );
    }
    if hits.is_empty() {
        notes.push(format!(
            "No tool matches '{query}'. Try the words of what it reads (devices, clients, alarms, \
             events, stats, sle, wlans) and where (org, site){}.",
            if category.is_some() {
                ", or search without a category"
            } else {
                ""
            }
        ));
    } else {
        notes.push(
            "describeMistTool gives a tool's arguments and answer fields; callMistTool calls it.".into(),
        );
    }
    Ok(envelope::envelope(Value::Array(hits), None, notes))
}

/// The best `limit` hits of both kinds by score; when the query asks to write and the reads
/// fill the list, the best write still takes the last place.
fn merge(reads: Vec<Hit>, writes: Vec<Hit>, limit: usize) -> Vec<Hit> {
    let best_write = writes.first().copied();
    let mut hits: Vec<Hit> = reads.into_iter().chain(writes).collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    hits.truncate(limit);
    if let Some(write) = best_write
        && !hits.iter().any(|h| h.tool.is_write())
        && let Some(last) = hits.last_mut()
    {
        *last = write;
    }
    hits
}

/// One hit as the answer lists it; a write tool this request cannot call is marked.
fn row(tool: &ToolDef, reach: Reach) -> Value {
    let mut row = json!({
        "name": tool.name,
        "category": tool.category,
        "summary": summary(&tool.description),
        "signature": signature(tool),
    });
    if tool.is_write() && !reach.access.allows(tool) {
        row["disabled"] = json!("disabled by the operator");
    }
    row
}

/// `describeMistTool {name, path?}`; a write tool's answer outlines its body (required
/// fields first, each with a short type), and `path` (`body.auth`) gives one part in full.
pub fn describe(
    registry: &ToolRegistry,
    reach: Reach,
    args: Option<&Map<String, Value>>,
    bodies: &BodySchemas,
) -> Result<Map<String, Value>, CallError> {
    let args = Args::check(args, &["name", "path"])?;
    let name = args
        .string("name")?
        .ok_or_else(|| missing("name", "a tool name, e.g. searchOrgDevices"))?;
    let path = args.string("path")?;
    let tool = match registry.catalog().tool(name.trim()) {
        // A write tool the operator has not enabled can still be described, marked as such.
        Some(tool) if tool.is_write() && reach.allows(registry, tool) => tool,
        _ => find(registry, reach, &name)?,
    };
    let schema = match tool.is_write() {
        true => bodies.get(&tool.name).map_err(CallError::Usage)?,
        false => None,
    };
    if let (Some(path), Some(schema)) = (&path, &schema) {
        return body_part(tool, &schema.schema, path);
    }
    let mut data = description(registry.catalog(), tool);
    if tool.is_write() {
        add_write_facts(&mut data, tool);
        if let Some(schema) = &schema {
            data["body"] = body_outline::outline(&schema.schema, "body");
        }
    }
    let notes = reach.scope_note(registry).into_iter().collect();
    Ok(envelope::envelope(data, None, notes))
}

/// What every tool's description says: its name, category, arguments, paging, the kind of
/// answer and the fields of its items.
fn description(catalog: &Catalog, tool: &ToolDef) -> Value {
    let mut data = json!({
        "name": tool.name,
        "category": tool.category,
        "description": tool.description,
        "signature": signature(tool),
        "arguments": tool_schema(tool),
    });
    // A write answers what Mist says it did; it is neither paged nor a list.
    if !tool.is_write() {
        data["pagination"] = json!(paging(tool.pagination));
        data["answer"] = json!(answer_kind(tool));
    }
    let fields: Map<String, Value> = catalog
        .item_fields(tool)
        .into_iter()
        .map(|(name, ty)| (name.to_owned(), Value::from(ty)))
        .collect();
    if !fields.is_empty() {
        data["item_fields"] = Value::Object(fields);
    }
    data
}

/// What a write tool's description adds: its method, whether it destroys, what needs the
/// delete switch, and how it is confirmed.
fn add_write_facts(data: &mut Value, tool: &ToolDef) {
    data["method"] = json!(tool.method);
    data["destructive"] = json!(tool.destructive);
    // What needs the delete switch: every call, or the calls whose body chooses to delete.
    match &tool.deletes {
        mist_catalog::Deletes::When { field, values } => {
            data["deletes"] = json!({ "when_body": field, "is_one_of": values });
        }
        _ if tool.is_delete() => data["deletes"] = json!(true),
        _ => {}
    }
    data["confirmation"] = json!(
        "A client that can ask the user shows them the plan in a form and the write is sent only if they accept. Otherwise the first call answers with a plan and a confirmation_token; show the plan to the user and, if they agree, repeat the call with confirmation_token."
    );
}

/// The answer for `path`: that one part of a write tool's body schema, in full.
fn body_part(tool: &ToolDef, schema: &Value, path: &str) -> Result<Map<String, Value>, CallError> {
    let part = body_outline::part(schema, path).map_err(|why| {
        CallError::Arguments(ArgError::Invalid {
            name: "path".into(),
            expected: "a path into the body such as body.auth".into(),
            given: why,
        })
    })?;
    Ok(envelope::envelope(
        json!({"name": tool.name, "path": path, "schema": part}),
        None,
        Vec::new(),
    ))
}

/// A tool this session may call, by name or alias; otherwise the error a model can act on.
pub(crate) fn find(registry: &ToolRegistry, reach: Reach, name: &str) -> Result<&'static ToolDef, CallError> {
    let catalog = registry.catalog();
    let Some(tool) = catalog.tool(name.trim()) else {
        return Err(CallError::UnknownTool {
            given: name.trim().to_owned(),
            closest: closest_tools(registry, reach, name),
        });
    };
    if !reach.access.allows(tool) {
        return Err(CallError::NotEnabled(reach.access.refusal(tool)));
    }
    if !reach.allows(registry, tool) {
        return Err(CallError::NotEnabled(format!(
            "{} is in category '{}', which is not enabled on this server ({} mode); the operator \
             can add it with --categories (or MISTMCP_TOOL_CATEGORIES), or use managed mode",
            tool.name, tool.category, reach.mode
        )));
    }
    Ok(tool)
}

/// The three reachable tool names closest to `given`: near spellings first, then the tools
/// its words find.
pub(crate) fn closest_tools(registry: &ToolRegistry, reach: Reach, given: &str) -> Vec<String> {
    // No tool name is this long: nothing is close to it, and it is not worth searching for.
    if given.chars().nth(crate::suggest::MAX_SUGGESTED_LEN).is_some() {
        return Vec::new();
    }
    let reachable = || {
        let catalog = registry.catalog();
        catalog
            .tools
            .iter()
            .chain(&catalog.workflows)
            .filter(move |t| reach.allows(registry, t))
            .map(|t| t.name.as_str())
    };
    let mut out: Vec<String> = closest(given, reachable(), 3)
        .into_iter()
        .filter(|name| crate::suggest::distance(&given.to_lowercase(), &name.to_lowercase()) <= 3)
        .map(str::to_owned)
        .collect();
    let hits = registry
        .index()
        .search(&name_as_query(given), |t| reach.allows(registry, t), 3);
    for hit in hits {
        if out.len() < 3 && !out.contains(&hit.tool.name) {
            out.push(hit.tool.name.clone());
        }
    }
    out
}

/// The first clause of a description, at most `SUMMARY_CHARS` characters, cut at a word.
pub(crate) fn summary(description: &str) -> String {
    let first = description.split_once("; ").map_or(description, |(head, _)| head);
    let first = first.split_once(". ").map_or(first, |(head, _)| head);
    let first = first.trim_end_matches('.');
    if first.chars().count() <= SUMMARY_CHARS {
        return first.to_owned();
    }
    let cut: String = first.chars().take(SUMMARY_CHARS - 1).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ' ', '(']))
}

fn paging(pagination: Pagination) -> &'static str {
    match pagination {
        Pagination::Search => {
            "search: pass pagination.cursor back as cursor for more; max_pages (1-10) fetches several pages in one call"
        }
        Pagination::Page => {
            "pages: pass pagination.next_page as page for more; max_pages (1-10) fetches several"
        }
        Pagination::Limit => "limit only: raise limit (up to 1000) for more",
        Pagination::Count => "none: one answer of counts",
        Pagination::None => "none: one answer",
    }
}

fn answer_kind(tool: &ToolDef) -> &'static str {
    match (tool.pagination, tool.response) {
        (_, ResponseKind::Text) => "text (a file), as one string",
        (Pagination::Search, _) => {
            "an object whose results list holds the items, with total, limit, start and end"
        }
        (Pagination::Count, _) => "counts: {distinct, results: [{count, <the distinct field>}], total}",
        (_, ResponseKind::Array) => "a list of items",
        (_, ResponseKind::Object) => "one object",
    }
}

fn missing(name: &str, expected: &str) -> CallError {
    CallError::Arguments(ArgError::Missing {
        name: name.to_owned(),
        expected: expected.to_owned(),
    })
}

/// The arguments of a discovery tool, checked against the names it takes.
struct Args<'a>(Option<&'a Map<String, Value>>);

impl<'a> Args<'a> {
    fn check(args: Option<&'a Map<String, Value>>, valid: &[&str]) -> Result<Self, CallError> {
        if let Some(unknown) = args
            .into_iter()
            .flat_map(Map::keys)
            .find(|k| !valid.contains(&k.as_str()))
        {
            return Err(CallError::Arguments(ArgError::Unknown {
                name: unknown.clone(),
                valid: valid.iter().map(|s| (*s).to_owned()).collect(),
            }));
        }
        Ok(Self(args))
    }

    fn string(&self, name: &str) -> Result<Option<String>, CallError> {
        match self.0.and_then(|a| a.get(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(other) => Err(invalid(name, "a string", other)),
        }
    }

    fn limit(&self, name: &str) -> Result<Option<usize>, CallError> {
        match self.0.and_then(|a| a.get(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .filter(|n| (1..=SEARCH_MAX_LIMIT as u64).contains(n))
                .map(|n| Some(n as usize))
                .ok_or_else(|| invalid(name, &format!("between 1 and {SEARCH_MAX_LIMIT}"), v)),
        }
    }
}

fn invalid(name: &str, expected: &str, given: &Value) -> CallError {
    CallError::Arguments(ArgError::Invalid {
        name: name.to_owned(),
        expected: expected.to_owned(),
        given: given.to_string(),
    })
}
