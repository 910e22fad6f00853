//! `mistmcp config CLIENT`: the configuration block an MCP client needs to start this binary
//! with the current mode and options. The token is always a placeholder: a configuration is
//! pasted into files, shared and committed, and must never carry the secret.

use super::stdout::outln;
use super::{ClientKind, EXIT_BAD_CONFIG, EXIT_OK};
use crate::config::cli::Cli;
use crate::config::values::{all_given, given};
use serde_json::{Value, json};

const TOKEN_PLACEHOLDER: &str = "<your Mist API token>";
const SERVER_NAME: &str = "mist";

pub(super) fn run(client: ClientKind, cli: &Cli, env: &dyn Fn(&str) -> Option<String>, json: bool) -> u8 {
    let binary = match std::env::current_exe() {
        Ok(path) => path.display().to_string(),
        Err(e) => {
            eprintln!("mistmcp: error: cannot find the path of this binary: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    let host = env("MIST_HOST")
        .filter(|h| !h.trim().is_empty())
        .unwrap_or_else(|| "api.mist.com".to_owned());
    let block = build(client, &binary, &args_of(cli), &host, cli.demo, given(&cli.port));
    let text = serde_json::to_string_pretty(&block).unwrap_or_default();
    if !json {
        outln!("{}\n", where_it_goes(client));
    }
    outln!("{text}");
    EXIT_OK
}

/// The options of this invocation that change what the server offers, as arguments.
fn args_of(cli: &Cli) -> Vec<String> {
    let mut args = Vec::new();
    if cli.demo {
        args.push("--demo".to_owned());
    }
    if let Some(mode) = given(&cli.mode) {
        args.extend(["--mode".to_owned(), mode.to_string()]);
    }
    if let Some(categories) = given(&cli.categories) {
        let names = categories.names(mist_catalog::catalog()).join(",");
        if !names.is_empty() {
            args.extend(["--categories".to_owned(), names]);
        }
    }
    for host in all_given(&cli.allow_host) {
        args.extend(["--allow-host".to_owned(), host.to_string()]);
    }
    if let Some(path) = &cli.env_file {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        args.extend(["--env-file".to_owned(), absolute.display().to_string()]);
    }
    args
}

fn build(
    client: ClientKind,
    binary: &str,
    args: &[String],
    host: &str,
    demo: bool,
    port: Option<u16>,
) -> Value {
    let env = if demo {
        json!({})
    } else {
        json!({ "MIST_APITOKEN": TOKEN_PLACEHOLDER, "MIST_HOST": host })
    };
    let stdio = json!({ "command": binary, "args": args, "env": env });
    match client {
        ClientKind::Claude | ClientKind::Cursor => json!({ "mcpServers": { SERVER_NAME: stdio } }),
        ClientKind::Vscode => {
            let mut server = stdio;
            server["type"] = "stdio".into();
            if !demo {
                server["env"]["MIST_APITOKEN"] = "${input:mist-api-token}".into();
            }
            json!({
                "inputs": [{
                    "type": "promptString",
                    "id": "mist-api-token",
                    "description": "Mist API token",
                    "password": true
                }],
                "servers": { SERVER_NAME: server }
            })
        }
        ClientKind::McpRemote => {
            let url = format!("http://127.0.0.1:{}/mcp?cloud={host}", port.unwrap_or(8000));
            json!({
                "mcpServers": { SERVER_NAME: {
                    "command": "npx",
                    "args": ["-y", "mcp-remote", url, "--header", "X-Authorization:${MIST_APITOKEN}"],
                    "env": { "MIST_APITOKEN": TOKEN_PLACEHOLDER }
                }}
            })
        }
    }
}

fn where_it_goes(client: ClientKind) -> &'static str {
    match client {
        ClientKind::Claude => {
            "Add this to claude_desktop_config.json (Claude Desktop: Settings > Developer > Edit Config), \
             put your token in place of the placeholder, and restart Claude Desktop:"
        }
        ClientKind::Cursor => {
            "Add this to ~/.cursor/mcp.json (or .cursor/mcp.json in a project) and put your token in place of the placeholder:"
        }
        ClientKind::Vscode => {
            "Save this as .vscode/mcp.json in your workspace; VS Code asks for the token on first start:"
        }
        ClientKind::McpRemote => {
            "For clients that only start commands, reach a mistmcp started with --transport http through mcp-remote; \
             put your token in place of the placeholder:"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mcp_remote_points_at_the_http_endpoint_with_the_cloud() {
        let block = build(
            ClientKind::McpRemote,
            "/bin/mistmcp",
            &[],
            "api.eu.mist.com",
            false,
            Some(9000),
        );
        assert_eq!(
            block["mcpServers"]["mist"]["args"][2],
            "http://127.0.0.1:9000/mcp?cloud=api.eu.mist.com"
        );
    }
}
