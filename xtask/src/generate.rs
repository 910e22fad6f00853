//! Builds the catalog from the OpenAPI document and the overlay, refusing anything doubtful.

use crate::answer::{Shapes, answer_item};
use crate::overlay::{ADDED_FILE, CategoryEntry, Overlay, ToolEntry};
use crate::params::build_params;
use crate::response::success_body;
use crate::rules::{cache_class, pagination};
use crate::sources::fill_sources;
use crate::spec::Spec;
use crate::words;
use anyhow::{Context, Result, bail, ensure};
use mist_catalog::{Catalog, Category, ToolDef, shape_fields};
use std::collections::HashSet;

/// One tool as the overlay names it, with its words when they are hand-written.
struct Named<'a> {
    name: &'a str,
    operation_id: &'a str,
    words: Option<(&'a str, &'a str)>,
}

/// The overlay's tools of one category, hand-written ones first, in the overlay's order.
fn named<'a>(overlay: &'a Overlay, entry: &'a CategoryEntry) -> Vec<Named<'a>> {
    let written = entry.tool.iter().map(|t: &ToolEntry| Named {
        name: &t.name,
        operation_id: t.operation_id(),
        words: Some((&t.title, &t.description)),
    });
    let composed = entry.tools.iter().map(|name| Named {
        name,
        operation_id: name,
        words: overlay
            .words
            .get(name)
            .map(|w| (w.title.as_str(), w.description.as_str())),
    });
    written.chain(composed).collect()
}

/// Produces the catalog, in the overlay's category and tool order, with the write tools after
/// the read tools, and the bodies file of the writes.
pub fn generate_with_bodies(spec: &Spec, overlay: &Overlay) -> Result<(Catalog, String)> {
    let mut catalog = generate(spec, overlay)?;
    let order: Vec<String> = catalog.categories.iter().map(|c| c.name.clone()).collect();
    let writes = crate::writes::generate(spec, overlay, &catalog.tools, &order)?;
    let mut names: HashSet<String> = catalog
        .tools
        .iter()
        .chain(&catalog.workflows)
        .flat_map(|t| std::iter::once(t.name.clone()).chain(t.aliases.iter().cloned()))
        .collect();
    for tool in &writes.tools {
        ensure!(
            names.insert(tool.name.clone()),
            "write tool `{}` clashes with a read tool name",
            tool.name
        );
    }
    let verbs: std::collections::BTreeSet<String> = writes
        .tools
        .iter()
        .filter_map(|t| {
            crate::words::split_words(&t.name)
                .first()
                .map(|w| w.to_lowercase())
        })
        // A few writes are named like reads (`getSiteDeviceArpTable` is a POST); those verbs
        // would bring writes into every search for reading.
        .filter(|verb| !matches!(verb.as_str(), "get" | "list" | "search" | "count"))
        .collect();
    catalog.write_verbs = verbs.into_iter().collect();
    catalog.writes = writes.tools;
    Ok((catalog, writes.bodies_json))
}

/// Produces the read catalog, in the overlay's category and tool order.
pub fn generate(spec: &Spec, overlay: &Overlay) -> Result<Catalog> {
    let mut categories = Vec::new();
    let mut tools = Vec::new();
    let mut names = HashSet::new();
    let mut category_names = HashSet::new();
    let mut shapes = Shapes::default();
    for entry in &overlay.categories {
        ensure!(
            category_names.insert(entry.name.as_str()),
            "category `{}` appears twice in the overlay",
            entry.name
        );
        let members = named(overlay, entry);
        ensure!(!members.is_empty(), "category `{}` has no tools", entry.name);
        ensure!(
            !entry.description.trim().is_empty(),
            "category `{}` has no description",
            entry.name
        );
        for tool in &members {
            let def = tool_def(spec, overlay, &entry.name, tool, &mut shapes)
                .with_context(|| format!("tool `{}` in category `{}`", tool.name, entry.name))?;
            for name in std::iter::once(&def.name).chain(&def.aliases) {
                ensure!(
                    names.insert(name.clone()),
                    "tool name or alias `{name}` is used twice"
                );
            }
            tools.push(def);
        }
        categories.push(Category {
            name: entry.name.clone(),
            description: entry.description.trim().to_owned(),
            tools: members.iter().map(|t| t.name.to_owned()).collect(),
            added: entry.added,
        });
    }
    for name in overlay.words.keys() {
        ensure!(
            names.contains(name),
            "{ADDED_FILE} has words for `{name}`, which no added category holds"
        );
    }
    check_param_words_are_used(overlay, &tools)?;

    let mut catalog = Catalog::default();
    catalog.spec_version = spec.version()?.to_owned();
    catalog.categories = categories;
    catalog.tools = tools;
    catalog.shapes = shapes.into_map();
    fill_sources(&mut catalog);
    crate::workflows::append(&mut catalog, &overlay.workflows)?;
    Ok(catalog)
}

/// One tool: the operation's facts plus the overlay's words, or words composed from facts.
fn tool_def(
    spec: &Spec,
    overlay: &Overlay,
    category: &str,
    tool: &Named<'_>,
    shapes: &mut Shapes,
) -> Result<ToolDef> {
    let id = tool.operation_id;
    let op = spec.operation(id).with_context(|| {
        format!(
            "operationId `{id}` is not in the OpenAPI document; \
             if it was renamed upstream, set `operation` to the new id in the overlay"
        )
    })?;
    ensure!(
        op.method == "get",
        "operation `{id}` is {}, but catalog tools only read (GET)",
        op.method.to_uppercase()
    );
    ensure!(
        op.path.starts_with("/api/v1/"),
        "operation `{id}` has path {} outside /api/v1/",
        op.path
    );
    if let Some((title, description)) = tool.words {
        for (field, text) in [("title", title), ("description", description)] {
            if text.trim().is_empty() {
                bail!("the overlay gives no {field}");
            }
        }
    }

    let params = build_params(spec, tool.name, &op, &overlay.params)?;
    let body = success_body(spec, op.op).context("reading the 200 response")?;
    let item = answer_item(spec, op.op).context("reading the 200 response's fields")?;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    let mut def = ToolDef {
        name: tool.name.to_owned(),
        aliases: if id == tool.name {
            Vec::new()
        } else {
            vec![id.to_owned()]
        },
        operation_id: id.to_owned(),
        category: category.to_owned(),
        method: mist_catalog::Method::Get,
        path: op.path.to_owned(),
        title: String::new(),
        description: String::new(),
        pagination: pagination(op.path, &names, &body),
        response: body.kind,
        cache: cache_class(category, op.path),
        params,
        item: item.as_ref().map(|i| shapes.name(tool.name, i)),
        item_in_results: item.as_ref().is_some_and(|i| i.in_results),
        body: None,
        body_required: false,
        destructive: false,
        deletes: mist_catalog::Deletes::No,
        kind: mist_catalog::ToolKind::Operation,
    };
    match tool.words {
        Some((title, description)) => {
            def.title = title.trim().to_owned();
            def.description = description.trim().to_owned();
        }
        None => {
            let fields: Vec<&str> = item
                .as_ref()
                .map(|i| shape_fields(&i.fields).map(|(name, _)| name).collect())
                .unwrap_or_default();
            def.title = words::title(tool.name);
            def.description = words::description(&def, &fields);
        }
    }
    Ok(def)
}

/// Words for a parameter no tool has are stale, usually a typo; say so instead of dropping them.
fn check_param_words_are_used(overlay: &Overlay, tools: &[ToolDef]) -> Result<()> {
    let all: HashSet<&str> = tools
        .iter()
        .flat_map(|t| t.params.iter().map(|p| p.name.as_str()))
        .collect();
    for name in overlay.params.shared.keys() {
        ensure!(
            all.contains(name.as_str()),
            "params.toml describes `{name}`, which no tool has"
        );
    }
    for (tool, words) in &overlay.params.tools {
        let def = tools
            .iter()
            .find(|t| &t.name == tool)
            .with_context(|| format!("params.toml has words for unknown tool `{tool}`"))?;
        for name in words.keys() {
            ensure!(
                def.param(name).is_some(),
                "params.toml describes `{name}` for `{tool}`, which has no such parameter"
            );
        }
    }
    Ok(())
}
