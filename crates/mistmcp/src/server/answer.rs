//! The engine's answers dressed as MCP results, in one place.
//!
//! Success: the envelope `{data, pagination?, notes?}` as structured content, and as text the
//! same answer in its compact rendering: what a model reads, in far fewer tokens than the JSON.
//! Failure: a tool error (`isError: true`) whose text is the message for the model and whose
//! structured content is `{"error": {kind, tool, …}}`. A write's question to the user becomes an
//! `input_required` result (protocol 2026-07-28).

use mistmcp_engine::compact;
use mistmcp_engine::{CallError, Outcome};
use rmcp::model::{CallToolResponse, CallToolResult, ContentBlock};
use serde_json::{Map, Value};

/// A successful answer.
pub fn success(envelope: Map<String, Value>) -> CallToolResult {
    let text = compact::render(&envelope);
    // Not `CallToolResult::structured`: it serializes the value into a text block that would
    // be thrown away here, a whole extra serialization of every answer.
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(Value::Object(envelope));
    result
}

/// The tool error a client receives for `error`, raised by the tool `tool`.
pub fn tool_error(error: &CallError, tool: &str) -> CallToolResult {
    let (message, structured) = error.report(tool);
    let mut result = CallToolResult::structured_error(structured);
    result.content = vec![ContentBlock::text(message)];
    result
}

/// The response of a call that the engine answered.
pub(crate) fn outcome(outcome: Outcome) -> Result<CallToolResponse, String> {
    Ok(match outcome {
        Outcome::Answer(envelope) => success(envelope).into(),
        Outcome::InputRequired { plan, state } => super::elicit::input_required(&plan, state)?.into(),
    })
}
