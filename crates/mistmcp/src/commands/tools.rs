//! `mistmcp tools [QUERY]`: the categories and their tools, a search with the ranking of
//! `searchMistTools`, or one tool's arguments with `--describe NAME`. The answers are the
//! ones the discovery tools give a model, printed for a person (or as JSON with `--json`).

use super::stdout::outln;
use super::{EXIT_BAD_CONFIG, EXIT_FAILED, EXIT_OK};
use crate::config::ToolScope;
use crate::config::cli::Cli;
use mistmcp_engine::ToolRegistry;
use mistmcp_engine::WriteGate;
use mistmcp_engine::answers::{self, Reach};
use mistmcp_engine::signature;
use serde_json::{Map, Value, json};

/// What `tools` was asked for.
#[derive(Debug, Clone)]
pub(super) struct Ask {
    pub query: Vec<String>,
    pub describe: Option<String>,
    pub category: Option<String>,
    pub limit: Option<u8>,
    pub json: bool,
}

pub(super) fn run(ask: Ask, cli: &Cli) -> u8 {
    let scope = match ToolScope::of(cli) {
        Ok(scope) => scope,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    let writes = match WriteGate::new(crate::config::writes::resolve(&cli.writes, &mut Vec::new())) {
        Ok(writes) => writes,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    let registry = ToolRegistry::embedded();
    let reach = Reach {
        mode: scope.mode,
        enabled: scope.categories,
        access: writes.access(),
    };
    let query = ask.query.join(" ");
    let answer = if let Some(name) = &ask.describe {
        answers::describe(
            &registry,
            reach,
            Some(&object(json!({ "name": name }))),
            writes.bodies(),
        )
    } else if !query.trim().is_empty() {
        answers::search(&registry, reach, Some(&search_args(&ask, query)))
    } else {
        return list(&registry, reach, ask.category.as_deref(), ask.json);
    };
    let envelope = match answer {
        Ok(envelope) => envelope,
        Err(e) => {
            eprintln!("mistmcp: {e}");
            return EXIT_FAILED;
        }
    };
    if ask.json {
        outln!("{}", Value::Object(envelope));
        return EXIT_OK;
    }
    let data = envelope.get("data").cloned().unwrap_or(Value::Null);
    if ask.describe.is_some() {
        print_description(&data);
        return EXIT_OK;
    }
    print_hits(&data, &envelope)
}

/// `searchMistTools`' arguments for the words, category and limit given.
fn search_args(ask: &Ask, query: String) -> Map<String, Value> {
    let mut args = object(json!({ "query": query }));
    if let Some(category) = &ask.category {
        args.insert("category".into(), json!(category));
    }
    if let Some(limit) = ask.limit {
        args.insert("limit".into(), json!(limit));
    }
    args
}

/// A search's hits, one per paragraph; with none, the notes that say why.
fn print_hits(data: &Value, envelope: &Map<String, Value>) -> u8 {
    let hits = data.as_array().cloned().unwrap_or_default();
    for hit in &hits {
        let text = |k: &str| hit.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        outln!(
            "{}  [{}]\n    {}",
            text("signature"),
            text("category"),
            text("summary")
        );
    }
    if hits.is_empty() {
        for note in notes(envelope) {
            outln!("{note}");
        }
        return EXIT_FAILED;
    }
    outln!(
        "\n`mistmcp tools --describe NAME` shows a tool's arguments; `mistmcp call NAME key=value` runs it."
    );
    EXIT_OK
}

/// The categories within reach with their tool counts, or one category's tools.
fn list(registry: &ToolRegistry, reach: Reach, category: Option<&str>, json: bool) -> u8 {
    let catalog = registry.catalog();
    let within = |index: usize| match reach.mode {
        mistmcp_engine::ToolMode::Custom => reach.enabled.contains(index),
        _ => true,
    };
    let chosen: Vec<(usize, &mist_catalog::Category)> = catalog
        .categories
        .iter()
        .enumerate()
        .filter(|(i, c)| within(*i) && category.is_none_or(|name| c.name == name))
        .collect();
    if let Some(name) = category.filter(|_| chosen.is_empty()) {
        eprintln!(
            "mistmcp: no category '{name}' within reach; `mistmcp tools` lists them (in custom mode only \
             the categories given with --categories)"
        );
        return EXIT_FAILED;
    }
    let tools_of = |c: &mist_catalog::Category| -> Vec<String> {
        c.tools
            .iter()
            .filter_map(|name| catalog.tool(name))
            .map(signature)
            .collect()
    };
    if json {
        outln!(
            "{}",
            categories_json(&chosen, category.is_some(), reach, tools_of)
        );
        return EXIT_OK;
    }
    for (_, c) in &chosen {
        outln!("{} ({} tools): {}", c.name, c.tools.len(), c.description);
        if category.is_some() {
            for line in tools_of(c) {
                outln!("    {line}");
            }
        }
    }
    let total: usize = chosen.iter().map(|(_, c)| c.tools.len()).sum();
    outln!(
        "\n{} categories, {total} tools ({} mode). `mistmcp tools WORDS` searches them; \
         `mistmcp tools --category NAME` lists one category's tools.",
        chosen.len(),
        reach.mode
    );
    EXIT_OK
}

/// The chosen categories as JSON, with their tools' signatures when one category was asked for.
fn categories_json(
    chosen: &[(usize, &mist_catalog::Category)],
    signatures: bool,
    reach: Reach,
    tools_of: impl Fn(&mist_catalog::Category) -> Vec<String>,
) -> Value {
    let categories: Vec<Value> = chosen
        .iter()
        .map(|(_, c)| {
            let mut entry = json!({ "name": c.name, "description": c.description, "tools": c.tools.len() });
            if signatures {
                entry["signatures"] = json!(tools_of(c));
            }
            entry
        })
        .collect();
    json!({ "mode": reach.mode.to_string(), "categories": categories })
}

fn print_description(data: &Value) {
    let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
    outln!(
        "{}  [{}]\n\n{}\n",
        text("signature"),
        text("category"),
        text("description")
    );
    let schema = data.get("arguments").cloned().unwrap_or(Value::Null);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        outln!("arguments:");
        for (name, property) in properties {
            let kind = property
                .get("type")
                .map(type_name)
                .unwrap_or_else(|| "any".into());
            let need = if required.contains(&name.as_str()) {
                "required"
            } else {
                "optional"
            };
            let about = property
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match about {
                "" => outln!("  {name} ({kind}, {need})"),
                about => outln!("  {name} ({kind}, {need}): {about}"),
            }
        }
    }
    outln!("\npagination: {}\nanswer: {}", text("pagination"), text("answer"));
    if let Some(fields) = data.get("item_fields").and_then(Value::as_object) {
        let names: Vec<String> = fields
            .iter()
            .map(|(name, ty)| format!("{name}: {}", ty.as_str().unwrap_or("?")))
            .collect();
        outln!("item fields: {}", names.join(", "));
    }
}

fn type_name(ty: &Value) -> String {
    match ty {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("|"),
        other => other.to_string(),
    }
}

fn notes(envelope: &Map<String, Value>) -> Vec<String> {
    envelope
        .get("notes")
        .and_then(Value::as_array)
        .map(|n| n.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
