//! A category: the unit a session enables, with its tools. The head of the catalog file lists
//! them, and both the full model and the quick section reader read them.

use serde::{Deserialize, Serialize};

/// A group of tools that is enabled or disabled as one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Category {
    /// Canonical name, lower case with underscores (`orgs_stats`).
    pub name: String,
    /// What the category covers, in our words.
    pub description: String,
    /// Tool names in the Python original's order.
    pub tools: Vec<String>,
    /// A category the Python original did not have: it reaches the rest of the read API. The
    /// original's 30 come first and keep exactly their tools.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
}
