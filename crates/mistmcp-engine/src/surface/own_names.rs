//! The names of the server's own tools: `manageMcpTools`, `searchMistTools`, `describeMistTool`
//! and `callMistTool`. The engine answers them ([`crate::Tools::call`]); the transport side
//! lists their definitions.

/// Puts whole categories into the caller's tool list (managed mode).
pub const MANAGE_TOOLS: &str = "manageMcpTools";
/// Finds tools by what they do.
pub const SEARCH_TOOLS: &str = "searchMistTools";
/// Hits a search answers when its `limit` is not given.
pub const SEARCH_DEFAULT_LIMIT: usize = 10;
/// The most hits a search answers (the largest `limit`).
pub const SEARCH_MAX_LIMIT: usize = 25;
/// One tool's arguments, answer fields and write body.
pub const DESCRIBE_TOOL: &str = "describeMistTool";
/// Calls any tool by name, for clients that never refresh their tool list.
pub const CALL_TOOL: &str = "callMistTool";

/// The name the Python original gave `enable`; prompts written for it keep working.
pub const ORIGINAL_ENABLE: &str = "enable_mcp_tools_categories";
