//! The HTTP front: one handler for every `/api/` path that applies, in order, statistics,
//! latency, faults, authentication, budget, routing and id checks before building the answer
//! (reads here, writes in [`crate::write`]).

use crate::auth::{Auth, Caller};
use crate::config::SimConfig;
use crate::conn::{ConnHandle, SimListener};
use crate::control;
use crate::edits::Edits;
use crate::faults::{Fault, FaultState};
use crate::query::Query;
use crate::respond::{self, Ctx, Reply};
use crate::route::{Matched, Routes, Scope};
use crate::running::RunningSim;
use crate::stats::{ANONYMOUS, StatsRecorder};
use crate::world::World;
use crate::write::WriteRoutes;
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Shared by every request.
pub(crate) struct SimState {
    pub world: World,
    pub routes: Routes,
    pub writes: WriteRoutes,
    /// What writes changed since start.
    pub edits: Edits,
    pub auth: Auth,
    pub faults: FaultState,
    pub stats: StatsRecorder,
    pub latency_ms: AtomicU64,
    pub fixed_now: Option<i64>,
}

impl SimState {
    pub(crate) fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(unix_now)
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Starts a simulator on `addr` (port 0 picks a free port) and returns once it accepts
/// connections. The world is generated before binding, so the first request is as fast as any.
pub async fn start(config: SimConfig, addr: SocketAddr) -> std::io::Result<RunningSim> {
    let now = config.now.unwrap_or_else(unix_now);
    let cfg = config.clone();
    let (world, routes, writes) = tokio::task::spawn_blocking(move || {
        let routes = Routes::new(mist_catalog::catalog());
        let world = World::generate(&cfg, now, &routes);
        let writes = WriteRoutes::new(&routes);
        (world, routes, writes)
    })
    .await
    .map_err(std::io::Error::other)?;
    let state = Arc::new(SimState {
        world,
        routes,
        writes,
        edits: Edits::default(),
        auth: Auth::new(&config.tokens, config.hourly_limit),
        faults: FaultState::new(config.faults.clone()),
        stats: StatsRecorder::default(),
        latency_ms: AtomicU64::new(config.latency.as_millis() as u64),
        fixed_now: config.now,
    });
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let app = Router::new()
        .nest("/__sim", control::router())
        .fallback(api)
        .with_state(state.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<ConnHandle>();
        let serve = axum::serve(SimListener::new(listener), service).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::warn!("simulator stopped with an error: {e}");
        }
    });
    Ok(RunningSim {
        addr,
        state,
        tokens: config.tokens,
        stop: Some(stop),
        task,
    })
}

/// Largest request body the simulator reads (Mist's own limit is larger; bodies here are JSON
/// objects of a few kilobytes).
const MAX_BODY: usize = 4 << 20;

async fn api(
    State(st): State<Arc<SimState>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    req: Request,
) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/api/") {
        return into_response(Reply::detail(404, "Not found."));
    }
    let method = req.method().clone();
    let query = Query::parse(req.uri().query());
    let auth_header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let caller = st.auth.identify(auth_header.as_deref());
    let label = caller.map_or(ANONYMOUS, |c| c.label.as_str());
    let write = (method != Method::GET)
        .then(|| st.writes.find(method.as_str(), &path))
        .flatten();
    let matched = st.routes.find(&path);
    let tool_name = match &write {
        Some(w) => Some(w.op.operation_id.as_str()),
        None if method == Method::GET => matched.as_ref().map(|m| m.op.tool.name.as_str()),
        None => None,
    };
    st.stats.record(label, &path, tool_name);

    let latency = st.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let fault = st.faults.take(&path);
    let reply = match &fault {
        Some(Fault::Reset) => {
            conn.cut();
            return Response::new(Body::empty());
        }
        Some(Fault::Status { status }) => Reply::detail(*status, "Simulated upstream failure."),
        Some(Fault::RateLimited) => Reply::detail(429, "Too many requests (simulated)."),
        Some(Fault::MalformedJson) => raw(200, "application/json", b"{\"broken\": "),
        Some(Fault::NotJson) => raw(
            200,
            "text/html",
            b"<html><body><h1>Service temporarily unavailable</h1></body></html>",
        ),
        Some(Fault::SlowBody { .. }) | None if method == Method::GET => {
            handle(&st, &path, &query, caller, matched.as_ref())
        }
        Some(Fault::SlowBody { .. }) | None => {
            let body = match axum::body::to_bytes(req.into_body(), MAX_BODY).await {
                Ok(b) => b,
                Err(_) => return into_response(Reply::detail(400, "The request body could not be read.")),
            };
            let asked = crate::write::Asked {
                method: &method,
                path: &path,
                query: &query,
                body: &body,
                read_path_exists: matched.is_some(),
            };
            crate::write::handle(&st, caller, write.as_ref(), &asked)
        }
    };
    match fault {
        Some(Fault::SlowBody { delay_ms }) => slow_response(reply, delay_ms),
        _ => into_response(reply),
    }
}

fn handle(
    st: &SimState,
    path: &str,
    query: &Query,
    caller: Option<&Caller>,
    matched: Option<&Matched<'_>>,
) -> Reply {
    let caller = match admit(st, caller) {
        Ok(c) => c,
        Err(reply) => return reply,
    };
    let Some(matched) = matched else {
        return Reply::detail(404, "Not found: no such API path.");
    };
    read(st, path, query, caller, matched)
}

/// The caller, once known and within its budget.
pub(crate) fn admit<'c>(st: &SimState, caller: Option<&'c Caller>) -> Result<&'c Caller, Reply> {
    let Some(caller) = caller else {
        return Err(Reply::detail(
            401,
            "Authentication credentials were not provided.",
        ));
    };
    match st.auth.charge(caller) {
        Ok(_) => Ok(caller),
        Err(_) => Err(Reply::detail(
            429,
            "Hourly API request limit reached for this token.",
        )),
    }
}

/// The organisation and site a request is about, checked against the caller's organisation.
pub(crate) fn resolve(
    world: &World,
    scope: Scope,
    params: &[(&str, String)],
    caller: &Caller,
) -> Result<(usize, Option<usize>), Reply> {
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let Some(caller_org) = world.org_index(&caller.org_id) else {
        return Err(forbidden());
    };
    match scope {
        Scope::Org => {
            let id = param("org_id");
            match world.org_index(id) {
                None => Err(Reply::unknown_id(id)),
                Some(o) if o != caller_org => Err(forbidden()),
                Some(o) => Ok((o, None)),
            }
        }
        Scope::Site => {
            let id = param("site_id");
            let Some(s) = world.site_index(id) else {
                return Err(Reply::unknown_id(id));
            };
            if world.sites[s].org_id != caller.org_id {
                return Err(forbidden());
            }
            Ok((caller_org, Some(s)))
        }
        Scope::Caller | Scope::Const => Ok((caller_org, None)),
    }
}

/// The answer to a routed GET of an admitted caller (also what a write reads before changing
/// an object).
pub(crate) fn read(
    st: &SimState,
    path: &str,
    query: &Query,
    caller: &Caller,
    matched: &Matched<'_>,
) -> Reply {
    let world = &st.world;
    let (org, site) = match resolve(world, matched.op.scope, &matched.params, caller) {
        Ok(x) => x,
        Err(reply) => return reply,
    };
    if let Some(id) = matched
        .params
        .iter()
        .map(|(_, v)| v)
        .find(|v| st.edits.is_removed(v))
    {
        return Reply::unknown_id(id);
    }
    if let Some(reply) = check_path_ids(world, &st.edits, matched) {
        return reply;
    }
    let ctx = Ctx {
        world,
        edits: &st.edits,
        op: matched.op,
        matched,
        query,
        org,
        site,
        now: st.now(),
        path,
        usage: st.auth.usage(caller),
        role: caller.role,
    };
    respond::answer(&ctx)
}

pub(crate) fn forbidden() -> Reply {
    Reply::detail(403, "You do not have permission to perform this action.")
}

/// Ids in the path must name something; values restricted by the catalog must be allowed.
fn check_path_ids(world: &World, edits: &Edits, m: &Matched<'_>) -> Option<Reply> {
    for (name, value) in &m.params {
        if matches!(*name, "org_id" | "site_id" | "metric" | "classifier") {
            continue;
        }
        let Some(param) = m.op.tool.param(name) else {
            continue;
        };
        let ok = if !param.enum_values.is_empty() {
            param.enum_values.iter().any(|v| v == value)
        } else if crate::samples::is_id(param) || param.format.as_deref() == Some("mac") {
            world.knows(value) || edits.knows(value)
        } else {
            // Free text in a path (a name, a reason): any value names something.
            true
        };
        if !ok {
            return Some(Reply::unknown_id(value));
        }
    }
    None
}

fn raw(status: u16, content_type: &'static str, body: &[u8]) -> Reply {
    Reply {
        status,
        content_type,
        headers: Vec::new(),
        body: body.to_vec(),
    }
}

fn head(reply: &Reply) -> axum::http::response::Builder {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut b = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    for (name, value) in &reply.headers {
        b = b.header(*name, value.as_str());
    }
    b
}

fn into_response(reply: Reply) -> Response {
    let builder = head(&reply);
    builder
        .body(Body::from(reply.body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// The same answer, its body sent in four pieces spread over `delay_ms`.
fn slow_response(reply: Reply, delay_ms: u64) -> Response {
    let builder = head(&reply);
    let body = bytes::Bytes::from(reply.body);
    let piece = body.len().div_ceil(4).max(1);
    let step = Duration::from_millis(delay_ms / 4);
    let chunks: Vec<bytes::Bytes> = (0..body.len())
        .step_by(piece)
        .map(|i| body.slice(i..(i + piece).min(body.len())))
        .collect();
    let stream = futures_util::stream::unfold(chunks.into_iter(), move |mut it| async move {
        let chunk = it.next()?;
        tokio::time::sleep(step).await;
        Some((Ok::<_, std::io::Error>(chunk), it))
    });
    builder
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}
