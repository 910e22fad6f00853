//! What a write tool deletes, by what the operation does rather than by its HTTP verb.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether a write deletes: never, always (`deleteOrgPskList`, a POST), or when its body
/// chooses a deleting action (`updateOrgInventoryAssignment` with `op: "delete"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deletes {
    /// Reads, and writes that delete nothing.
    #[default]
    No,
    /// Every call deletes.
    Always,
    /// A call deletes when the body's `field` holds one of `values`, or when it holds no string
    /// there (what such a call does cannot be told, so it counts as a delete).
    When {
        /// The top-level body field that names the action (`op`).
        field: String,
        /// Its values that delete or unassign.
        values: Vec<String>,
    },
}

impl Deletes {
    /// Whether the write never deletes.
    pub fn is_no(&self) -> bool {
        *self == Deletes::No
    }

    /// Whether a call with this body deletes.
    pub fn with_body(&self, body: Option<&Value>) -> bool {
        match self {
            Deletes::No => false,
            Deletes::Always => true,
            Deletes::When { field, values } => match body.and_then(|b| b.get(field)) {
                Some(Value::String(action)) => values.iter().any(|v| v == action),
                _ => true,
            },
        }
    }
}
