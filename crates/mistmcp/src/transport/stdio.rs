//! MCP over standard input and output: one client, one session, for the life of the process.
//!
//! Stdout carries protocol messages only; everything else (logs) goes to stderr.
//!
//! When stdin and stdout are pipes (as when an MCP client spawns the server), they are driven
//! through the runtime's event loop as non-blocking pipes. The portable fallback reads and
//! writes through blocking threads, which costs each message two thread hand-offs and each
//! process a few more threads and allocator arenas.

use crate::server::MistMcpServer;
use rmcp::ServiceExt;
use std::os::fd::AsFd;
use tokio::net::unix::pipe;

pub async fn serve(server: MistMcpServer) -> Result<(), String> {
    let running = match std_pipes() {
        Ok(pipes) => server.serve(pipes).await,
        Err(e) => {
            tracing::debug!("stdio is not a pair of pipes ({e}); using blocking reads and writes");
            server.serve(rmcp::transport::stdio()).await
        }
    }
    .map_err(|e| format!("the MCP client did not complete the handshake: {e}"))?;
    let reason = running
        .waiting()
        .await
        .map_err(|e| format!("the stdio session failed: {e}"))?;
    tracing::debug!(?reason, "stdio session ended");
    Ok(())
}

fn std_pipes() -> std::io::Result<(pipe::Receiver, pipe::Sender)> {
    let input = std::io::stdin().as_fd().try_clone_to_owned()?;
    let output = std::io::stdout().as_fd().try_clone_to_owned()?;
    Ok((
        pipe::Receiver::from_owned_fd(input)?,
        pipe::Sender::from_owned_fd(output)?,
    ))
}
