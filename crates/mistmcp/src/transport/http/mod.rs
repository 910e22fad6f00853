//! MCP over Streamable HTTP at `/mcp` (and `/mcp/`), for every protocol generation at once.
//!
//! rmcp's `StreamableHttpService` speaks the protocol: legacy sessions (2025-03-26 … 2025-11-25,
//! `Mcp-Session-Id`) through its local session manager, and stateless 2026-07-28 requests by
//! calling the handler factory per request. Around it this module adds what the server needs:
//! per-request configuration from the URL ([`endpoint`]) and credentials from headers
//! ([`credentials`]), sessions bound to their token ([`session_binding`]) and parked when idle
//! ([`session_records`]), managed mode without sessions ([`stateless`]), Host/Origin
//! allow-lists ([`origin`]), `/healthz`, and a graceful shutdown ([`shutdown`]).

pub mod credentials;
pub mod endpoint;
mod guarded_body;
pub mod housekeeping;
pub mod origin;
pub mod scope;
pub mod session_binding;
pub mod session_manager;
pub mod session_records;
pub mod shutdown;
pub mod stateless;

use crate::config::Config;
use crate::executor::{Executor, Target};
use crate::mist::AllowedHost;
use crate::server::{MistMcpServer, Shared};
use crate::surface::ToolRegistry;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::serve::ListenerExt;
use credentials::HttpCredentials;
use endpoint::EndpointDefaults;
use rmcp::transport::streamable_http_server::session::local::{LocalSessionManager, SessionConfig};
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use scope::HttpScope;
use session_manager::RecordedSessions;
use session_records::{RecordStore, SessionRecords};
use shutdown::InFlight;
use stateless::ManagedStore;
use std::sync::Arc;
use std::time::Duration;

/// How long calls in flight may take to finish after a shutdown signal.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);
/// How long connections may take to close once sessions and streams are ended.
const CLOSE_LIMIT: Duration = Duration::from_secs(3);

/// Serves until SIGINT or SIGTERM. `demo` is the simulator's target in demo mode: its cloud is
/// the default and its token serves requests that bring none.
pub async fn serve(
    config: &Config,
    registry: ToolRegistry,
    executor: Executor,
    demo: Option<Target>,
) -> Result<(), String> {
    let catalog = registry.catalog();
    let mut hosts = config.hosts.clone();
    let (default_base, default_token) = match demo {
        Some(target) => {
            let authority = format!("{}:{}", target.base.host(), target.base.port());
            hosts.allow(AllowedHost::parse(&authority).map_err(|e| e.to_string())?);
            (Some(target.base), Some(target.token))
        }
        None => match &config.upstream {
            crate::config::Upstream::PerRequest { default_base } => (default_base.clone(), None),
            _ => (None, None),
        },
    };
    let credentials = HttpCredentials::new(hosts.clone(), default_base, default_token);
    let shared = Arc::new(Shared {
        registry,
        executor,
        credentials: Box::new(credentials),
    });

    let timeout = config.http.session_timeout;
    let store = Arc::new(ManagedStore::new(timeout, stateless::DEFAULT_CAPACITY));
    let defaults = EndpointDefaults {
        mode: config.mode,
        categories: config.categories,
    };
    let records = Arc::new(SessionRecords::new(timeout, config.http.park_after));
    let scope = Arc::new(HttpScope::new(
        catalog,
        defaults,
        hosts,
        store.clone(),
        records.clone(),
    ));
    let in_flight = InFlight::default();

    let mut rmcp_config = rmcp_config(config);
    rmcp_config.session_store = Some(Arc::new(RecordStore(records.clone())));
    let stop_sessions = rmcp_config.cancellation_token.clone();
    let sessions = Arc::new(RecordedSessions::new(session_manager(timeout), records.clone()));
    let factory = move || Ok(MistMcpServer::scoped(shared.clone(), scope.clone()));
    let mcp = StreamableHttpService::new(factory, sessions.clone(), rmcp_config);

    let app = Router::new()
        .route_service("/mcp", mcp.clone())
        .route_service("/mcp/", mcp)
        .layer(from_fn_with_state(records.clone(), session_binding::enforce))
        .layer(from_fn_with_state(in_flight.clone(), shutdown::track))
        // Outside the Host check on purpose: load balancers probe with their own Host, and
        // the answer says nothing about the server.
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        );

    let address = std::net::SocketAddr::new(config.bind_host, config.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    // Session answers go out in small writes; without NODELAY each waits for a delayed ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("MCP endpoint at http://{address}/mcp (health: /healthz)");

    let sweeper = tokio::spawn(housekeeping::run(records, sessions, store));
    let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, app).with_graceful_shutdown({
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

fn rmcp_config(config: &Config) -> StreamableHttpServerConfig {
    let origins = &config.http.origins;
    let mut rmcp = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(true)
        .with_allowed_hosts(origins.allowed_hosts())
        .with_allowed_origins(origins.allowed_origins());
    if origins.any_host {
        rmcp = rmcp.disable_allowed_hosts();
    }
    if origins.any_origin {
        rmcp = rmcp.disable_allowed_origins();
    }
    rmcp
}

fn session_manager(timeout: Duration) -> LocalSessionManager {
    let mut session_config = SessionConfig::default();
    session_config.keep_alive = Some(timeout);
    let mut manager = LocalSessionManager::default();
    manager.session_config = session_config;
    manager
}
