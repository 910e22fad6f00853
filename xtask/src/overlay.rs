//! The hand-written overlay in `catalog/overlay/`: categories, their tools in order, and the
//! words (titles and descriptions) the OpenAPI document cannot give us.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// File names inside the overlay directory.
pub const CATEGORIES_FILE: &str = "categories.toml";
pub const PARAMS_FILE: &str = "params.toml";

/// Everything the overlay holds.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub categories: Vec<CategoryEntry>,
    pub params: ParamWords,
}

/// `categories.toml`: `[[category]]` tables, each with `[[category.tool]]` tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<CategoryEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub tool: Vec<ToolEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolEntry {
    /// The seed's tool name.
    pub name: String,
    pub title: String,
    pub description: String,
    /// The current operationId when it differs from `name`.
    #[serde(default)]
    pub operation: Option<String>,
}

impl ToolEntry {
    /// The operationId to look up in the OpenAPI document.
    pub fn operation_id(&self) -> &str {
        self.operation.as_deref().unwrap_or(&self.name)
    }
}

/// `params.toml`: shared descriptions by parameter name plus per-tool overrides.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamWords {
    /// Parameter name → description, for every tool that has the parameter.
    #[serde(default)]
    pub shared: BTreeMap<String, String>,
    /// Tool name → parameter name → description, winning over `shared`.
    #[serde(default)]
    pub tools: BTreeMap<String, BTreeMap<String, String>>,
}

impl ParamWords {
    /// The description of `param` in `tool`, or an empty string when the name says it all.
    pub fn describe(&self, tool: &str, param: &str) -> String {
        self.tools
            .get(tool)
            .and_then(|t| t.get(param))
            .or_else(|| self.shared.get(param))
            .cloned()
            .unwrap_or_default()
    }
}

impl Overlay {
    /// Reads both overlay files from `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read overlay file {}", path.display()))
        };
        Self::parse(&read(CATEGORIES_FILE)?, &read(PARAMS_FILE)?)
    }

    /// Parses the two files' text.
    pub fn parse(categories: &str, params: &str) -> Result<Self> {
        let categories: CategoriesFile =
            toml::from_str(categories).with_context(|| format!("in {CATEGORIES_FILE}"))?;
        let params: ParamWords = toml::from_str(params).with_context(|| format!("in {PARAMS_FILE}"))?;
        Ok(Self {
            categories: categories.category,
            params,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATEGORIES: &str = r#"
        [[category]]
        name = "sites"
        description = "Sites."

        [[category.tool]]
        name = "listSiteThings"
        title = "List site things"
        description = "Lists things."
        operation = "listSiteThingsRenamed"
    "#;

    #[test]
    fn tools_nest_under_their_category_and_keep_the_renamed_operation() {
        let overlay = Overlay::parse(CATEGORIES, "").unwrap();
        let tool = &overlay.categories[0].tool[0];
        assert_eq!(overlay.categories[0].name, "sites");
        assert_eq!(tool.operation_id(), "listSiteThingsRenamed");
    }

    #[test]
    fn per_tool_parameter_words_win_over_shared_ones() {
        let params = r#"
            [shared]
            start = "shared words"
            [tools.listSiteThings]
            start = "tool words"
        "#;
        let overlay = Overlay::parse(CATEGORIES, params).unwrap();
        assert_eq!(overlay.params.describe("listSiteThings", "start"), "tool words");
        assert_eq!(overlay.params.describe("otherTool", "start"), "shared words");
        assert_eq!(overlay.params.describe("otherTool", "mac"), "");
    }

    #[test]
    fn unknown_keys_are_rejected_so_typos_do_not_vanish() {
        let typo = CATEGORIES.replace("operation =", "operaton =");
        assert!(Overlay::parse(&typo, "").is_err());
    }
}
