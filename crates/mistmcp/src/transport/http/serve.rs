//! Running the HTTP application: bind, serve until SIGINT or SIGTERM, drain, close.
//!
//! On the signal the server answers new requests with 503 at once, lets the calls in flight
//! finish (up to [`DRAIN_LIMIT`]), ends sessions and streams, stops accepting, and gives the
//! connections [`CLOSE_LIMIT`] to close.

use super::connections::{self, Closing};
use super::router::{self, App};
use super::shutdown::{self, InFlight};
use crate::config::Config;
use crate::server::Shared;
use crate::shared::SharedState;
use mistmcp_engine::Target;
use std::sync::Arc;
use std::time::Duration;

/// How long calls in flight may take to finish after a shutdown signal.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);
/// How long connections may take to close once sessions and streams are ended.
const CLOSE_LIMIT: Duration = Duration::from_secs(3);

/// Serves until SIGINT or SIGTERM. `demo` is the simulator's target in demo mode; `replicas`
/// is the state shared with other replicas, when there are some.
pub(crate) async fn serve(
    config: &Config,
    shared: Arc<Shared>,
    demo: Option<Target>,
    replicas: Option<&SharedState>,
) -> Result<(), String> {
    let App {
        router,
        in_flight,
        stop_sessions,
        housekeeping,
    } = router::build_shared(config, shared, demo, replicas)?;

    let address = std::net::SocketAddr::new(config.bind_host, config.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    tracing::info!("MCP endpoint at http://{address}/mcp (health: /healthz)");

    let limits = config.http.limits;
    let sweeper = tokio::spawn(housekeeping);
    let closing = Closing::default();
    let open = InFlight::default();
    let overflow = connections::overflow_router(&limits, in_flight.clone());
    let mut acceptor = tokio::spawn(connections::accept(
        listener,
        (router, overflow),
        limits,
        closing.clone(),
        open.clone(),
    ));
    tokio::select! {
        ended = &mut acceptor => {
            sweeper.abort();
            return ended.map_err(|e| format!("the HTTP server failed: {e}"));
        }
        _ = shutdown::signal() => {}
    }
    in_flight.stop();
    closing.connections.cancel();
    if !in_flight.drained(DRAIN_LIMIT).await {
        tracing::warn!(
            unfinished = in_flight.count(),
            "calls still running after {DRAIN_LIMIT:?}; stopping anyway"
        );
    }
    stop_sessions.cancel();
    sweeper.abort();
    closing.accepting.cancel();
    let _ = acceptor.await;
    if !open.drained(CLOSE_LIMIT).await {
        tracing::warn!(
            open = open.count(),
            "connections still open after {CLOSE_LIMIT:?}; exiting"
        );
    }
    Ok(())
}
