//! A simulator serving in the background: its address, tokens and world for tests, and the
//! handles that script it (faults, latency, budgets, forgetting writes).

use crate::config::SimToken;
use crate::faults::FaultPlan;
use crate::front::SimState;
use crate::stats::SimStats;
use crate::world::World;
use mist_catalog::ToolDef;
use serde_json::{Map, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One write operation of the spec, as the simulator routes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOperation {
    /// The spec's operationId (`createSiteWlan`).
    pub operation_id: String,
    /// `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path template (`/api/v1/sites/{site_id}/wlans`).
    pub path: String,
    /// The operation takes a JSON body (checked against its schema); uploads and body-less
    /// operations do not.
    pub json_body: bool,
}

/// A simulator serving in the background. Dropping it stops the server too.
pub struct RunningSim {
    pub(crate) addr: SocketAddr,
    pub(crate) state: Arc<SimState>,
    pub(crate) tokens: Vec<SimToken>,
    pub(crate) stop: Option<oneshot::Sender<()>>,
    pub(crate) task: JoinHandle<()>,
}

impl RunningSim {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Id of the main organisation.
    pub fn org_id(&self) -> &str {
        &self.state.world.main_org().id
    }

    /// The first configured token whose organisation is the main one.
    pub fn token(&self) -> &str {
        let main = self.org_id();
        self.tokens
            .iter()
            .find(|t| t.org_id == main)
            .or(self.tokens.first())
            .map_or("", |t| t.token.as_str())
    }

    /// The configured tokens.
    pub fn tokens(&self) -> &[SimToken] {
        &self.tokens
    }

    /// The synthetic organisations, for picking arguments and checking answers.
    pub fn world(&self) -> &World {
        &self.state.world
    }

    /// Valid values for every required parameter of `tool` (main organisation), for which the
    /// simulator answers 200.
    pub fn sample_args(&self, tool: &ToolDef) -> Map<String, Value> {
        self.state.world.sample_args(tool)
    }

    /// Path and query (required parameters only) of a request for `tool` built from
    /// [`RunningSim::sample_args`].
    pub fn sample_path(&self, tool: &ToolDef) -> String {
        self.state.world.sample_path(tool)
    }

    /// Every write operation (POST, PUT, DELETE) of the spec the simulator answers.
    pub fn write_operations(&self) -> Vec<WriteOperation> {
        self.state
            .writes()
            .ops
            .iter()
            .map(|op| WriteOperation {
                operation_id: op.operation_id.clone(),
                method: op.method.clone(),
                path: op.path.clone(),
                json_body: op.body == crate::route::writes::BodyKind::Json,
            })
            .collect()
    }

    /// A path for `op` whose ids name objects of the main organisation's first site.
    pub fn sample_write_path(&self, op: &WriteOperation) -> String {
        self.state.world.sample_write_path(&op.path)
    }

    /// The smallest body `op`'s request schema accepts (required fields only, values from the
    /// world); `None` when the operation takes no JSON body.
    pub fn sample_write_body(&self, op: &WriteOperation) -> Option<Value> {
        let operation_id = format!("req:{}", op.operation_id);
        let scope = crate::shape::Scope {
            org: 0,
            site: None,
            key: "",
            operation_id: &operation_id,
            params: &[],
            sketched: false,
        };
        crate::shape::fit_write(&self.state.world, &scope, None, true)
    }

    /// The request counters since start or the last reset.
    pub fn stats(&self) -> SimStats {
        self.state.stats.snapshot()
    }

    /// Zeroes the request counters.
    pub fn reset_stats(&self) {
        self.state.stats.reset();
    }

    /// Replaces the fault rules (shots already taken are forgotten).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.state.faults.replace(plan);
    }

    /// The fault rules in force.
    pub fn faults(&self) -> FaultPlan {
        self.state.faults.plan()
    }

    /// Delay added before every API answer from now on.
    pub fn set_latency(&self, latency: Duration) {
        self.state
            .latency_ms
            .store(latency.as_millis() as u64, Ordering::Relaxed);
    }

    /// Changes every token's hourly budget.
    pub fn set_hourly_limit(&self, limit: u32) {
        self.state.auth.set_limit(limit);
    }

    /// Forgets every create, update and delete made so far.
    pub fn reset_writes(&self) {
        self.state.edits.clear();
    }

    /// Starts a fresh budget window for every token.
    pub fn reset_budget(&self) {
        self.state.auth.reset_windows();
    }

    /// Stops accepting connections, lets in-flight requests finish, and waits for the server.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
