//! The hand-written overlay in `catalog/overlay/`: categories, their tools in order, and the
//! words (titles and descriptions) the OpenAPI document cannot give us.
//!
//! `categories.toml` holds the original's 30 categories with a hand-written title and
//! description for each tool. `added_categories.toml` holds the categories that reach the rest
//! of the read API: there a category names its tools and the generator composes their words
//! from facts, unless a `[words.NAME]` table gives them.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// File names inside the overlay directory.
pub const CATEGORIES_FILE: &str = "categories.toml";
pub const PARAMS_FILE: &str = "params.toml";
pub const ADDED_FILE: &str = "added_categories.toml";

/// Everything the overlay holds.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub categories: Vec<CategoryEntry>,
    pub params: ParamWords,
    /// Hand-written words for tools of added categories, by tool name.
    pub words: BTreeMap<String, Words>,
    /// The rules that place and annotate write tools (`writes.toml`).
    pub writes: crate::writes::WriteRules,
    /// The workflow tools and their category (`workflows.toml`).
    pub workflows: crate::workflows::WorkflowsFile,
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
    /// Tools with hand-written words (the original's categories).
    #[serde(default)]
    pub tool: Vec<ToolEntry>,
    /// Tools whose words the generator composes (added categories), by operationId.
    #[serde(default)]
    pub tools: Vec<String>,
    /// Set for the categories read from `added_categories.toml`.
    #[serde(skip)]
    pub added: bool,
}

/// `added_categories.toml`: categories naming their tools, and words for a few of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddedFile {
    category: Vec<CategoryEntry>,
    #[serde(default)]
    words: BTreeMap<String, Words>,
}

/// A title and description written by hand where composed words would mislead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub title: String,
    pub description: String,
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
    /// Reads the overlay files from `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read overlay file {}", path.display()))
        };
        let mut overlay =
            Self::parse(&read(CATEGORIES_FILE)?, &read(PARAMS_FILE)?)?.with_added(&read(ADDED_FILE)?)?;
        overlay.writes = crate::writes::parse_rules(&read(crate::writes::WRITES_FILE)?)?;
        overlay.workflows = crate::workflows::parse(&read(crate::workflows::WORKFLOWS_FILE)?)?;
        Ok(overlay)
    }

    /// Appends the added categories, after the original's, and their words.
    pub fn with_added(mut self, text: &str) -> Result<Self> {
        let added: AddedFile = toml::from_str(text).with_context(|| format!("in {ADDED_FILE}"))?;
        self.categories.extend(
            added
                .category
                .into_iter()
                .map(|c| CategoryEntry { added: true, ..c }),
        );
        self.words = added.words;
        Ok(self)
    }

    /// Parses the two files' text.
    pub fn parse(categories: &str, params: &str) -> Result<Self> {
        let categories: CategoriesFile =
            toml::from_str(categories).with_context(|| format!("in {CATEGORIES_FILE}"))?;
        let params: ParamWords = toml::from_str(params).with_context(|| format!("in {PARAMS_FILE}"))?;
        Ok(Self {
            categories: categories.category,
            params,
            words: BTreeMap::new(),
            writes: Default::default(),
            workflows: Default::default(),
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
    fn added_categories_come_after_the_original_ones_with_their_words() {
        let added = r#"
            [[category]]
            name = "zones"
            description = "Zones."
            tools = ["listSiteZones"]

            [words.listSiteZones]
            title = "List zones"
            description = "Lists zones."
        "#;
        let overlay = Overlay::parse(CATEGORIES, "").unwrap().with_added(added).unwrap();
        let names: Vec<(&str, bool)> = overlay
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.added))
            .collect();
        assert_eq!(names, [("sites", false), ("zones", true)]);
        assert_eq!(overlay.categories[1].tools, ["listSiteZones"]);
        assert_eq!(overlay.words["listSiteZones"].title, "List zones");
    }

    #[test]
    fn unknown_keys_are_rejected_so_typos_do_not_vanish() {
        let typo = CATEGORIES.replace("operation =", "operaton =");
        assert!(Overlay::parse(&typo, "").is_err());
    }
}
