//! The control API under `/__sim/` (outside `/api/`, no token needed): statistics, fault plans,
//! latency and budgets, so a test in another process can script a scenario.

use crate::faults::FaultPlan;
use crate::front::SimState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub(crate) fn router() -> Router<Arc<SimState>> {
    Router::new()
        .route("/stats", get(stats))
        .route("/reset-stats", post(reset_stats))
        .route("/faults", get(faults).post(set_faults))
        .route("/latency", post(set_latency))
        .route("/budget", post(set_budget))
        .route("/info", get(info))
        .route("/reset-writes", post(reset_writes))
}

async fn stats(State(st): State<Arc<SimState>>) -> Json<Value> {
    Json(serde_json::to_value(st.stats.snapshot()).unwrap_or(Value::Null))
}

async fn reset_stats(State(st): State<Arc<SimState>>) -> Json<Value> {
    st.stats.reset();
    Json(json!({"ok": true}))
}

async fn faults(State(st): State<Arc<SimState>>) -> Json<FaultPlan> {
    Json(st.faults.plan())
}

async fn set_faults(State(st): State<Arc<SimState>>, Json(plan): Json<FaultPlan>) -> Json<Value> {
    st.faults.replace(plan);
    Json(json!({"ok": true}))
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

async fn set_latency(State(st): State<Arc<SimState>>, Json(l): Json<Latency>) -> Json<Value> {
    st.latency_ms.store(l.ms, Ordering::Relaxed);
    Json(json!({"ok": true}))
}

#[derive(Deserialize)]
struct Budget {
    /// New hourly limit for every token.
    #[serde(default)]
    limit: Option<u32>,
    /// Open a fresh window for every token.
    #[serde(default)]
    reset: bool,
}

async fn set_budget(State(st): State<Arc<SimState>>, Json(b): Json<Budget>) -> Json<Value> {
    if let Some(limit) = b.limit {
        st.auth.set_limit(limit);
    }
    if b.reset {
        st.auth.reset_windows();
    }
    Json(json!({"ok": true}))
}

async fn reset_writes(State(st): State<Arc<SimState>>) -> Json<Value> {
    st.edits.clear();
    Json(json!({"ok": true}))
}

/// Ids a script needs to build requests, and the tokens' labels and roles (never the tokens).
async fn info(State(st): State<Arc<SimState>>) -> Json<Value> {
    let w = &st.world;
    let sites: Vec<Value> = w
        .sites
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "org_id": s.org_id}))
        .collect();
    let orgs: Vec<Value> = w
        .orgs
        .iter()
        .map(|o| json!({"id": o.id, "name": o.name}))
        .collect();
    let tokens: Vec<Value> = st
        .auth
        .callers()
        .map(|c| json!({"label": c.label, "org_id": c.org_id, "role": c.role.as_str()}))
        .collect();
    Json(json!({"orgs": orgs, "sites": sites, "tokens": tokens, "now": w.now}))
}
