//! The workflow tools of `catalog/overlay/workflows.toml`: read-only tools the server composes
//! from several reads. They are written whole in the overlay (words, parameters, the fields of
//! their answer), since no operation of the OpenAPI document describes them, and land in the
//! catalog's own `workflows` list with a category of their own, after every other category.

use anyhow::{Context, Result, ensure};
use mist_catalog::{
    CacheClass, Catalog, Category, Location, Pagination, Param, ResponseKind, ToolDef, ToolKind, shape_fields,
};
use serde::Deserialize;
use std::collections::HashSet;

/// File name inside the overlay directory.
pub const WORKFLOWS_FILE: &str = "workflows.toml";

/// `workflows.toml`: one category and its tools.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowsFile {
    pub category: Option<WorkflowCategory>,
    #[serde(default)]
    pub tool: Vec<WorkflowEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowCategory {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowEntry {
    pub name: String,
    pub title: String,
    pub description: String,
    /// The top-level fields of the answer's `data`, as `name:type` pairs.
    pub fields: String,
    #[serde(default)]
    pub param: Vec<Param>,
}

/// Parses the file's text.
pub fn parse(text: &str) -> Result<WorkflowsFile> {
    toml::from_str(text).with_context(|| format!("in {WORKFLOWS_FILE}"))
}

/// Appends the workflows' category, tools and answer shapes to `catalog`, refusing a name
/// that a category, a tool or an alias already has.
pub fn append(catalog: &mut Catalog, file: &WorkflowsFile) -> Result<()> {
    let Some(category) = &file.category else {
        ensure!(
            file.tool.is_empty(),
            "{WORKFLOWS_FILE} has tools but no [category]"
        );
        return Ok(());
    };
    ensure!(
        catalog.category(&category.name).is_none(),
        "{WORKFLOWS_FILE}: category `{}` already exists",
        category.name
    );
    ensure!(
        !file.tool.is_empty(),
        "{WORKFLOWS_FILE}: category `{}` has no tools",
        category.name
    );
    let mut names: HashSet<&str> = catalog
        .tools
        .iter()
        .flat_map(|t| std::iter::once(t.name.as_str()).chain(t.aliases.iter().map(String::as_str)))
        .collect();
    let mut tools = Vec::new();
    for entry in &file.tool {
        ensure!(
            names.insert(&entry.name),
            "{WORKFLOWS_FILE}: tool name `{}` is used twice",
            entry.name
        );
        tools.push(tool_def(&category.name, entry).with_context(|| format!("workflow `{}`", entry.name))?);
    }
    for tool in &tools {
        if let Some(entry) = file.tool.iter().find(|e| e.name == tool.name) {
            catalog
                .shapes
                .insert(tool.name.clone(), entry.fields.trim().to_owned());
        }
    }
    catalog.categories.push(Category {
        name: category.name.clone(),
        description: category.description.trim().to_owned(),
        tools: tools.iter().map(|t| t.name.clone()).collect(),
        added: true,
    });
    catalog.workflows = tools;
    Ok(())
}

fn tool_def(category: &str, entry: &WorkflowEntry) -> Result<ToolDef> {
    for (field, text) in [("title", &entry.title), ("description", &entry.description)] {
        ensure!(!text.trim().is_empty(), "the overlay gives no {field}");
    }
    ensure!(
        shape_fields(entry.fields.trim()).count() == entry.fields.split_whitespace().count(),
        "fields must be `name:type` pairs separated by spaces"
    );
    for param in &entry.param {
        ensure!(
            param.location == Location::Query || param.required,
            "path parameter `{}` must be required",
            param.name
        );
    }
    Ok(ToolDef {
        name: entry.name.clone(),
        aliases: Vec::new(),
        operation_id: entry.name.clone(),
        category: category.to_owned(),
        method: mist_catalog::Method::Get,
        path: String::new(),
        title: entry.title.trim().to_owned(),
        description: entry.description.trim().to_owned(),
        pagination: Pagination::None,
        response: ResponseKind::Object,
        cache: CacheClass::Volatile,
        params: entry.param.clone(),
        item: Some(entry.name.clone()),
        item_in_results: false,
        body: None,
        body_required: false,
        destructive: false,
        deletes: mist_catalog::Deletes::No,
        kind: ToolKind::Workflow,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
        [category]
        name = "workflows"
        description = "Several reads in one."

        [[tool]]
        name = "getThingHealth"
        title = "Thing health"
        description = "Sums up a thing."
        fields = "calls:object[] things:object"

        [[tool.param]]
        name = "thing_id"
        in = "path"
        required = true
        type = "string"
        format = "uuid"
    "#;

    #[test]
    fn workflows_land_in_their_own_list_and_category_with_their_answer_fields() {
        let mut catalog = Catalog::default();
        append(&mut catalog, &parse(FILE).unwrap()).unwrap();
        assert!(catalog.tools.is_empty(), "workflows never mix with operations");
        let tool = &catalog.workflows[0];
        assert!(tool.is_workflow() && !tool.is_write());
        assert_eq!(tool.path, "");
        assert_eq!(catalog.categories[0].tools, ["getThingHealth"]);
        assert!(catalog.categories[0].added);
        assert_eq!(
            catalog.item_fields(tool),
            [("calls", "object[]"), ("things", "object")]
        );
    }

    #[test]
    fn a_workflow_named_like_a_tool_is_refused() {
        let mut catalog = Catalog::default();
        catalog.tools.push(crate::test_support::tool(
            "getThingHealth",
            "/api/v1/things",
            vec![],
            Pagination::None,
        ));
        let err = append(&mut catalog, &parse(FILE).unwrap()).unwrap_err();
        assert!(format!("{err:#}").contains("used twice"), "{err:#}");
    }

    #[test]
    fn an_optional_path_parameter_is_refused() {
        let text = FILE.replace("required = true\n", "");
        let mut catalog = Catalog::default();
        let err = append(&mut catalog, &parse(&text).unwrap()).unwrap_err();
        assert!(format!("{err:#}").contains("must be required"), "{err:#}");
    }
}
