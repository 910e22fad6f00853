//! Helpers shared by the integration tests: start a simulator, make authenticated requests.

pub mod spec;

use mist_sim::{RunningSim, SimConfig};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

/// A fixed "now" so every answer is reproducible.
pub const NOW: i64 = 1_790_000_000;

pub fn config() -> SimConfig {
    SimConfig {
        now: Some(NOW),
        ..SimConfig::default()
    }
}

pub async fn start(config: SimConfig) -> RunningSim {
    mist_sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("simulator starts")
}

pub fn client() -> Client {
    Client::builder().build().expect("client builds")
}

pub async fn get_with(sim: &RunningSim, token: Option<&str>, path: &str) -> Response {
    let mut req = client().get(format!("{}{}", sim.base_url(), path));
    if let Some(t) = token {
        req = req.header("Authorization", format!("Token {t}"));
    }
    req.send().await.expect("request is answered")
}

pub async fn get(sim: &RunningSim, path: &str) -> Response {
    get_with(sim, Some(sim.token()), path).await
}

pub async fn get_json(sim: &RunningSim, path: &str) -> (StatusCode, Value) {
    let resp = get(sim, path).await;
    let status = resp.status();
    let body = resp.json().await.expect("body is JSON");
    (status, body)
}

/// `/api/v1/orgs/<main org><rest>`
pub fn org_path(sim: &RunningSim, rest: &str) -> String {
    format!("/api/v1/orgs/{}{}", sim.org_id(), rest)
}

/// Id of the main organisation's first site.
pub fn first_site(sim: &RunningSim) -> String {
    sim.world()
        .sites_of(sim.org_id())
        .next()
        .expect("main org has a site")
        .id
        .clone()
}
