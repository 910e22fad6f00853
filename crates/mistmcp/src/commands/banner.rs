//! What a person sees who starts `mistmcp` by hand in a terminal: stdio speaks JSON-RPC to an
//! MCP client, so without this the program would sit silent and look broken.

use std::io::IsTerminal;

/// The text printed on stderr when stdin is a terminal.
pub(crate) fn text() -> String {
    let binary = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "mistmcp".to_owned());
    format!(
        "mistmcp {version}: an MCP server for the Juniper Mist cloud API.\n\
         \n\
         It speaks the Model Context Protocol on stdin/stdout: an MCP client (Claude Desktop, VS Code,\n\
         Cursor, ...) starts it; typing here does nothing useful. The shortest client configuration:\n\
         \n\
         \x20   {{\"mcpServers\": {{\"mist\": {{\"command\": \"{binary}\",\n\
         \x20     \"env\": {{\"MIST_APITOKEN\": \"<your token>\", \"MIST_HOST\": \"api.mist.com\"}}}}}}}}\n\
         \n\
         Commands for you:\n\
         \x20   mistmcp doctor                 check the token, host and cloud step by step\n\
         \x20   mistmcp config claude          print the configuration for a client\n\
         \x20                                  (claude, vscode, cursor, mcp-remote)\n\
         \x20   mistmcp --transport http       serve MCP over HTTP on 127.0.0.1:8000/mcp instead\n\
         \x20   mistmcp --help                 every option\n\
         \n\
         Still listening for MCP on stdin (Ctrl-D or Ctrl-C to quit).\n",
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Prints the banner if stdin is a terminal; a client's pipe gets nothing extra.
pub fn print_if_terminal() {
    if std::io::stdin().is_terminal() {
        eprint!("{}", text());
    }
}
