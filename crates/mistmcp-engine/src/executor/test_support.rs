//! Fixtures shared by the executor's unit tests.

use mist_catalog::ToolDef;
use serde_json::{Map, Value};

/// A catalog tool by name; the tests only name tools that exist.
pub(crate) fn tool(name: &str) -> &'static ToolDef {
    mist_catalog::catalog().tool(name).unwrap()
}

/// The argument object of a call, from a JSON object literal.
pub(crate) fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}
