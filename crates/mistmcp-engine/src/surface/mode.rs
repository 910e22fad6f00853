//! Tool loading modes, as the seed defines them.

use super::CategorySet;
use mist_catalog::Category;
use std::fmt;
use std::str::FromStr;

/// How a session's tool list is loaded: a few tools and more on demand, every tool, or the
/// categories the operator named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ToolMode {
    /// Only `getSelf` and `manageMcpTools` at start; categories are enabled at run time.
    #[default]
    Managed,
    /// Every catalog tool.
    All,
    /// `getSelf` plus the categories named at start.
    Custom,
}

impl ToolMode {
    /// Every mode's name, as flags and endpoint parameters spell it.
    pub const NAMES: [&'static str; 3] = ["managed", "all", "custom"];

    /// The mode's name, as flags and endpoint parameters spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ToolMode::Managed => "managed",
            ToolMode::All => "all",
            ToolMode::Custom => "custom",
        }
    }
}

impl fmt::Display for ToolMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Custom mode was asked for without a category to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsCategories;

impl ToolMode {
    /// The categories a configuration in this mode starts with: every category in all mode;
    /// otherwise the `named` ones, or `fallback` when none were named. Custom mode with none is
    /// refused. The command line and the HTTP endpoint URL both follow this rule.
    pub fn starting_categories(
        self,
        categories: &[Category],
        named: Option<CategorySet>,
        fallback: CategorySet,
    ) -> Result<CategorySet, NeedsCategories> {
        let categories = match self {
            ToolMode::All => CategorySet::all_of(categories),
            _ => named.unwrap_or(fallback),
        };
        if self == ToolMode::Custom && categories.is_empty() {
            return Err(NeedsCategories);
        }
        Ok(categories)
    }
}

/// The value given is not a mode; the message lists the modes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tool loading mode '{0}'; valid modes: managed, all, custom")]
pub struct UnknownMode(pub String);

impl FromStr for ToolMode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "managed" => Ok(ToolMode::Managed),
            "all" => Ok(ToolMode::All),
            "custom" => Ok(ToolMode::Custom),
            _ => Err(UnknownMode(s.trim().to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_case_insensitively_and_unknown_ones_list_the_valid() {
        assert_eq!(" ALL ".parse::<ToolMode>(), Ok(ToolMode::All));
        let err = "everything".parse::<ToolMode>().unwrap_err().to_string();
        assert!(err.contains("'everything'") && err.contains("managed, all, custom"));
    }
}
