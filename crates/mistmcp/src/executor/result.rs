//! The one shape every tool answer takes.
//!
//! Success: the envelope `{data, pagination?, notes?}` (see [`super::envelope`]) as structured
//! content and the same JSON as text (for clients that read only text). Failure: a tool error
//! (`isError: true`), built by [`super::CallError::into_result`].

use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value};

pub fn success(envelope: Map<String, Value>) -> CallToolResult {
    let value = Value::Object(envelope);
    let text = serde_json::to_string(&value).unwrap_or_default();
    let mut result = CallToolResult::structured(value);
    result.content = vec![ContentBlock::text(text)];
    result
}
