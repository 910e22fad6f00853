//! Running the HTTP application: bind, serve until SIGINT or SIGTERM, drain, close.

use super::router::{self, App};
use super::shutdown;
use crate::config::Config;
use crate::executor::{Executor, Target};
use crate::surface::ToolRegistry;
use axum::serve::ListenerExt;
use std::time::Duration;

/// How long calls in flight may take to finish after a shutdown signal.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);
/// How long connections may take to close once sessions and streams are ended.
const CLOSE_LIMIT: Duration = Duration::from_secs(3);

/// Serves until SIGINT or SIGTERM. `demo` is the simulator's target in demo mode.
pub async fn serve(
    config: &Config,
    registry: ToolRegistry,
    executor: Executor,
    writes: crate::writes::WriteGate,
    demo: Option<Target>,
) -> Result<(), String> {
    let App {
        router,
        in_flight,
        stop_sessions,
        housekeeping,
    } = router::build(config, registry, executor, writes, demo)?;

    let address = std::net::SocketAddr::new(config.bind_host, config.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    // Session answers go out in small writes; without NODELAY each waits for a delayed ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("MCP endpoint at http://{address}/mcp (health: /healthz)");

    let sweeper = tokio::spawn(housekeeping);
    let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, router).with_graceful_shutdown({
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|s| *s).await;
        }
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => {
            sweeper.abort();
            return result.map_err(|e| format!("the HTTP server failed: {e}"));
        }
        _ = shutdown::signal() => {}
    }
    let _ = stopping_tx.send(true);
    if !in_flight.drained(DRAIN_LIMIT).await {
        tracing::warn!(
            unfinished = in_flight.count(),
            "calls still running after {DRAIN_LIMIT:?}; stopping anyway"
        );
    }
    stop_sessions.cancel();
    sweeper.abort();
    match tokio::time::timeout(CLOSE_LIMIT, &mut server).await {
        Ok(result) => result.map_err(|e| format!("the HTTP server failed: {e}")),
        Err(_) => {
            tracing::warn!("connections still open after {CLOSE_LIMIT:?}; exiting");
            Ok(())
        }
    }
}
