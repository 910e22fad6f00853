//! MCP over standard input and output: one client, one session, for the life of the process.
//!
//! Stdout carries protocol messages only; everything else (logs) goes to stderr.

use crate::server::MistMcpServer;
use rmcp::ServiceExt;

pub async fn serve(server: MistMcpServer) -> Result<(), String> {
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("the MCP client did not complete the handshake: {e}"))?;
    let reason = running
        .waiting()
        .await
        .map_err(|e| format!("the stdio session failed: {e}"))?;
    tracing::debug!(?reason, "stdio session ended");
    Ok(())
}
