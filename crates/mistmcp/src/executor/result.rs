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
    // Not `CallToolResult::structured`: it serializes the value into a text block that would
    // be thrown away here, a whole extra serialization of every answer.
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(Value::Object(envelope));
    result
}
