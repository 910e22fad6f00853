//! The HTTP application: the MCP routes with their layers, and `/healthz` beside them.
//!
//! Built apart from the listener so that tests can drive it with `tower::ServiceExt::oneshot`.

use super::credentials::HttpCredentials;
use super::endpoint::EndpointDefaults;
use super::facts::{self, FactsReader};
use super::intake;
use super::request_scope::HttpScope;
use super::session::callers::{self, CallerViews};
use super::session::handshakes::HandshakeStore;
use super::session::manager::ParkingSessions;
use super::session::replicas::{share as replicated, sync as session_sync};
use super::session::table::SessionTable;
use super::session::{binding, cap, housekeeping};
use super::shutdown::{self, InFlight};
use crate::config::Config;
use crate::server::{MistMcpServer, Scope, Shared};
use crate::shared::SharedState;
use axum::Router;
use axum::extract::State;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use mist_client::AllowedHost;
use mistmcp_engine::Target;
use rmcp::transport::streamable_http_server::session::local::{LocalSessionManager, SessionConfig};
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The application and the handles the server needs to run and stop it.
pub(crate) struct App {
    pub router: Router,
    /// Requests and streams in flight, drained at shutdown.
    pub in_flight: InFlight,
    /// Ends every session and stream when cancelled.
    pub stop_sessions: CancellationToken,
    /// Parks idle sessions and forgets expired ones; the server spawns it.
    pub housekeeping: std::pin::Pin<Box<dyn Future<Output = ()> + Send>>,
}

/// Builds the application. `demo` is the simulator's target in demo mode: its cloud is the
/// default and its token serves requests that bring none.
#[cfg(test)]
pub(crate) fn build(config: &Config, shared: Arc<Shared>, demo: Option<Target>) -> Result<App, String> {
    build_shared(config, shared, demo, None)
}

/// [`build`], with sessions and callers' categories shared with other replicas when `shared`
/// is given.
pub(crate) fn build_shared(
    config: &Config,
    shared: Arc<Shared>,
    demo: Option<Target>,
    replicas: Option<&SharedState>,
) -> Result<App, String> {
    let timeout = config.http.session_timeout;
    let callers = Arc::new(CallerViews::new(timeout, callers::DEFAULT_CAPACITY));
    let table = Arc::new(SessionTable::new(timeout, config.http.park_after));
    let reader = FactsReader {
        catalog: shared.tools.registry.catalog(),
        defaults: EndpointDefaults {
            mode: config.mode,
            categories: config.categories,
        },
    };
    let scope = Scope::Http(Arc::new(HttpScope {
        credentials: credentials(config, demo)?,
        callers: callers.clone(),
        sessions: table.clone(),
    }));
    let in_flight = InFlight::default();

    let limits = config.http.limits;
    let mut rmcp_config = rmcp_config(config).with_max_request_body_bytes(limits.max_request_bytes);
    let replicated = replicas.map(|s| replicated::share(s, &table, &callers, timeout));
    rmcp_config.session_store = Some(match &replicated {
        Some(r) => r.store(&table),
        None => Arc::new(HandshakeStore(table.clone())),
    });
    let stop_sessions = rmcp_config.cancellation_token.clone();
    let sessions = Arc::new(ParkingSessions::new(session_manager(timeout), table.clone()));
    let factory = move || Ok(MistMcpServer::scoped(shared.clone(), scope.clone()));
    let mcp = StreamableHttpService::new(factory, sessions.clone(), rmcp_config);

    let mcp_routes = layered(
        Router::new()
            .route_service("/mcp", mcp.clone())
            .route_service("/mcp/", mcp),
        reader,
        &table,
        replicated.as_ref(),
        limits,
        &in_flight,
    );
    let chores = housekeeping::run(table, sessions, callers);
    let router = mcp_routes
        // Outside the MCP layers and the Host check on purpose: load balancers probe with their
        // own Host, and the answer says nothing about the server.
        .route("/healthz", get(health).with_state(in_flight.clone()));
    Ok(App {
        router,
        in_flight,
        stop_sessions,
        housekeeping: match replicated {
            Some(r) => Box::pin(async move {
                tokio::join!(chores, r.heartbeat);
            }),
            None => Box::pin(chores),
        },
    })
}

/// The credentials requests are served with. `demo` is the simulator's target in demo mode:
/// its cloud is allowed and the default, and its token serves requests that bring none.
fn credentials(config: &Config, demo: Option<Target>) -> Result<HttpCredentials, String> {
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
    Ok(HttpCredentials::new(hosts, default_base, default_token))
}

/// The MCP routes inside their layers, innermost first: the token binding, the adoption of a
/// session another replica holds, the reading of the request's facts, the session cap, the
/// intake limits and the drain tracking.
fn layered(
    routes: Router,
    reader: FactsReader,
    table: &Arc<SessionTable>,
    replicated: Option<&replicated::Replicated>,
    limits: crate::config::http_limits::HttpLimits,
    in_flight: &InFlight,
) -> Router {
    let mut routes = routes.layer(from_fn_with_state(table.clone(), binding::enforce));
    if let Some(r) = replicated {
        routes = routes.layer(from_fn_with_state(r.sync.clone(), session_sync::sync));
    }
    // Outside the layers that use them: every one of them reads the same facts.
    let routes = routes.layer(from_fn_with_state(reader, facts::read));
    let session_cap = cap::SessionCap {
        table: table.clone(),
        max: limits.max_sessions,
        per_client: limits.max_sessions_per_client,
    };
    routes
        // Inside the intake guard: a request over the cap has its body in memory already.
        .layer(from_fn_with_state(session_cap, cap::admit))
        .layer(from_fn_with_state(limits, intake::guard))
        .layer(from_fn_with_state(in_flight.clone(), shutdown::track))
}

/// `/healthz`: 200 while serving, 503 once stopping (so a load balancer stops sending).
pub(super) async fn health(State(in_flight): State<InFlight>) -> axum::response::Response {
    use axum::response::IntoResponse;
    if in_flight.stopping() {
        let body = axum::Json(serde_json::json!({ "status": "stopping" }));
        return (http::StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    }
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http::{Request, StatusCode};
    use mist_client::{ClientSettings, MistClient, MistClientSettings};
    use tower::ServiceExt;

    fn app() -> App {
        let argv = ["mistmcp", "--transport", "http"];
        let config = Config::from_args(argv, &|_| None).unwrap();
        let client = MistClient::new(MistClientSettings {
            http: ClientSettings::default(),
            ..MistClientSettings::default()
        })
        .unwrap();
        let executor = mistmcp_engine::Executor::new(client, Default::default());
        let writes = mistmcp_engine::WriteGate::new(config.writes.clone()).unwrap();
        build(&config, Arc::new(Shared::new(executor, writes)), None).unwrap()
    }

    fn initialize(host: &str) -> Request<Body> {
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
        Request::post("/mcp")
            .header("host", host)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn the_health_check_answers_whatever_the_host() {
        let request = Request::get("/healthz")
            .header("host", "lb.internal")
            .body(Body::empty())
            .unwrap();
        let response = app().router.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn the_mcp_route_refuses_a_foreign_host_and_serves_a_loopback_one() {
        let refused = app().router.oneshot(initialize("evil.example")).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let served = app().router.oneshot(initialize("127.0.0.1:8000")).await.unwrap();
        assert_eq!(served.status(), StatusCode::OK);
        assert!(served.headers().contains_key("mcp-session-id"));
    }
}
