//! The one shape every tool answer takes.
//!
//! Success: the envelope `{data, pagination?, notes?}` (see [`super::envelope`]) as structured
//! content, and as text the same answer in its compact rendering (see [`super::compact`]): what
//! a model reads, in far fewer tokens than the JSON. Failure: a tool error (`isError: true`),
//! built by [`super::CallError::into_result`].

use super::compact;
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value};

pub fn success(envelope: Map<String, Value>) -> CallToolResult {
    let text = compact::render(&envelope);
    let value = Value::Object(envelope);
    let mut result = CallToolResult::structured(value);
    result.content = vec![ContentBlock::text(text)];
    result
}
