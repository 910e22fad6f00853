//! Builds the catalog from the OpenAPI document and the overlay, refusing anything doubtful.

use crate::overlay::{Overlay, ToolEntry};
use crate::params::build_params;
use crate::response::success_body;
use crate::rules::{cache_class, pagination};
use crate::spec::Spec;
use anyhow::{Context, Result, bail, ensure};
use mist_catalog::{Catalog, Category, ToolDef};
use std::collections::HashSet;

/// Produces the catalog, in the overlay's category and tool order.
pub fn generate(spec: &Spec, overlay: &Overlay) -> Result<Catalog> {
    let mut categories = Vec::new();
    let mut tools = Vec::new();
    let mut names = HashSet::new();
    let mut category_names = HashSet::new();
    for entry in &overlay.categories {
        ensure!(
            category_names.insert(entry.name.as_str()),
            "category `{}` appears twice in the overlay",
            entry.name
        );
        ensure!(!entry.tool.is_empty(), "category `{}` has no tools", entry.name);
        ensure!(
            !entry.description.trim().is_empty(),
            "category `{}` has no description",
            entry.name
        );
        for tool in &entry.tool {
            let def = tool_def(spec, overlay, &entry.name, tool)
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
            tools: entry.tool.iter().map(|t| t.name.clone()).collect(),
        });
    }
    check_param_words_are_used(overlay, &tools)?;

    let mut catalog = Catalog::default();
    catalog.spec_version = spec.version()?.to_owned();
    catalog.categories = categories;
    catalog.tools = tools;
    Ok(catalog)
}

/// One tool: the operation's facts plus the overlay's words.
fn tool_def(spec: &Spec, overlay: &Overlay, category: &str, tool: &ToolEntry) -> Result<ToolDef> {
    let id = tool.operation_id();
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
    for (field, text) in [("title", &tool.title), ("description", &tool.description)] {
        if text.trim().is_empty() {
            bail!("the overlay gives no {field}");
        }
    }

    let params = build_params(spec, &tool.name, &op, &overlay.params)?;
    let body = success_body(spec, op.op).context("reading the 200 response")?;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    Ok(ToolDef {
        name: tool.name.clone(),
        aliases: if id == tool.name {
            Vec::new()
        } else {
            vec![id.to_owned()]
        },
        operation_id: id.to_owned(),
        category: category.to_owned(),
        method: "GET".to_owned(),
        path: op.path.to_owned(),
        title: tool.title.trim().to_owned(),
        description: tool.description.trim().to_owned(),
        pagination: pagination(op.path, &names, body.has_next),
        response: body.kind,
        cache: cache_class(category, op.path),
        params,
    })
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
