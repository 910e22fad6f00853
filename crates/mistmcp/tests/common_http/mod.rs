//! Harness for the HTTP end-to-end tests: a simulated Mist cloud on a real socket, the built
//! `mistmcp --transport http` on a free port, rmcp's HTTP client, and raw JSON-RPC posts for
//! what a client library hides (status codes, session ids, headers, cache hints).
#![allow(dead_code)]

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rmcp::model::{CallToolRequestParams, CallToolResult, ClientConfig, ProtocolVersion, Tool};
use rmcp::service::{ClientLifecycleMode, ClientServiceExt, NotificationContext, RunningService};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_mistmcp");

/// A third token of the main organisation, so three sessions can each use their own.
pub const THIRD_TOKEN: &str = "simtoken-third-5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c";

pub async fn sim() -> mist_sim::RunningSim {
    let mut config = mist_sim::SimConfig::default();
    config.tokens.push(mist_sim::SimToken::new("third", THIRD_TOKEN, mist_sim::MAIN_ORG_ID));
    sim_with(config).await
}

pub async fn sim_with(config: mist_sim::SimConfig) -> mist_sim::RunningSim {
    mist_sim::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("simulator starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The server under test, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    http: reqwest::Client,
}

/// Variables the server reads that the test environment must not leak into it.
const CLEARED: [&str; 15] = [
    "MIST_APITOKEN", "MIST_HOST", "MIST_ENV_FILE", "MISTMCP_TRANSPORT_MODE", "MISTMCP_TOOL_LOADING_MODE",
    "MISTMCP_TOOL_CATEGORIES", "MISTMCP_HOST", "MISTMCP_PORT", "MISTMCP_DEBUG", "MISTMCP_ALLOWED_HOSTS",
    "MISTMCP_ALLOWED_HOSTNAMES", "MISTMCP_ALLOWED_ORIGINS", "MISTMCP_SESSION_TIMEOUT", "MISTMCP_REQUEST_TIMEOUT",
    "RUST_LOG",
];

pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for var in CLEARED {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit()).kill_on_drop(true);
    cmd
}

impl Server {
    /// `mistmcp --transport http` on a free port, with `MIST_HOST` pointing at `sim`.
    pub async fn against(sim: &mist_sim::RunningSim, extra: &[&str]) -> Server {
        let base = sim.base_url();
        Server::start(extra, &[("MIST_HOST", base.as_str())]).await
    }

    /// Starts the server and waits until `/healthz` answers.
    pub async fn start(extra: &[&str], env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let port_text = port.to_string();
        let mut args = vec!["--transport", "http", "--port", &port_text, "--allow-host", "127.0.0.1"];
        args.extend_from_slice(extra);
        let child = command(&args, env).spawn().expect("mistmcp spawns");
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let server = Server { child, port, http };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = server.http.get(server.url("/healthz")).send().await
                && r.status() == 200
            {
                return server;
            }
            assert!(tokio::time::Instant::now() < deadline, "server answers /healthz in time");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_and_query}", self.port)
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends SIGTERM and waits for the exit code.
    pub async fn terminate(mut self) -> i32 {
        let pid = self.child.id().expect("server still running").to_string();
        let status = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(status.success());
        let exit = tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await;
        exit.expect("server exits after SIGTERM").unwrap().code().unwrap_or(-1)
    }
}

/// A client that counts `notifications/tools/list_changed`.
#[derive(Clone)]
pub struct Recorder {
    pub config: ClientConfig,
    pub list_changed: Arc<AtomicUsize>,
    pub notify: Arc<tokio::sync::Notify>,
}

impl Recorder {
    pub fn new(version: ProtocolVersion) -> Self {
        let mut config = ClientConfig::default();
        config.protocol_version = version;
        Self { config, list_changed: Arc::default(), notify: Arc::default() }
    }

    pub fn changes(&self) -> usize {
        self.list_changed.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` notifications arrived (bounded, so a missing one fails).
    pub async fn wait_for_changes(&self, n: usize) -> usize {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.changes() < n && tokio::time::Instant::now() < deadline {
            let _ = tokio::time::timeout(Duration::from_millis(200), self.notify.notified()).await;
        }
        self.changes()
    }
}

impl ClientHandler for Recorder {
    fn get_info(&self) -> ClientConfig {
        self.config.clone()
    }

    async fn on_tool_list_changed(&self, _ctx: NotificationContext<RoleClient>) {
        self.list_changed.fetch_add(1, Ordering::SeqCst);
        self.notify.notify_waiters();
    }
}

pub type Client = RunningService<RoleClient, Recorder>;

fn transport(url: &str, token: Option<&str>) -> StreamableHttpClientTransport<reqwest::Client> {
    let mut headers = HashMap::new();
    if let Some(token) = token {
        headers.insert(HeaderName::from_static("x-authorization"), HeaderValue::from_str(token).unwrap());
    }
    let config = StreamableHttpClientTransportConfig::with_uri(url.to_owned()).custom_headers(headers);
    StreamableHttpClientTransport::from_config(config)
}

/// A 2025-06-18 client with a session, sending `token` in X-Authorization.
pub async fn session_client(url: String, token: Option<&str>) -> Client {
    session_client_as(url, token, Recorder::new(ProtocolVersion::V_2025_06_18)).await
}

pub async fn session_client_as(url: String, token: Option<&str>, recorder: Recorder) -> Client {
    recorder.serve(transport(&url, token)).await.expect("MCP handshake succeeds")
}

/// A 2026-07-28 client: no handshake, no session, every request on its own.
pub async fn stateless_client(url: String, token: Option<&str>) -> Client {
    let recorder = Recorder::new(ProtocolVersion::V_2026_07_28);
    let lifecycle = ClientLifecycleMode::Discover { preferred_versions: vec![ProtocolVersion::V_2026_07_28] };
    recorder.serve_with_lifecycle(transport(&url, token), lifecycle).await.expect("server/discover succeeds")
}

pub async fn tool_names(client: &Client) -> Vec<String> {
    let tools: Vec<Tool> = client.list_all_tools().await.expect("tools/list");
    tools.into_iter().map(|t| t.name.into_owned()).collect()
}

pub async fn call(client: &Client, name: &str, args: Value) -> CallToolResult {
    let mut params = CallToolRequestParams::new(name.to_owned());
    if let Value::Object(map) = args {
        params = params.with_arguments(map);
    }
    client.call_tool(params).await.expect("tools/call gets an answer")
}

pub fn text_of(result: &CallToolResult) -> String {
    result.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n")
}

pub fn is_error(result: &CallToolResult) -> bool {
    result.is_error == Some(true)
}

pub fn data(result: &CallToolResult) -> &Value {
    result.structured_content.as_ref().and_then(|v| v.get("data")).unwrap_or(&Value::Null)
}

/// One raw HTTP exchange: status, headers, and the JSON-RPC message of the body (from JSON or
/// from the SSE event that carries the answer).
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub message: Value,
}

impl Reply {
    pub fn session_id(&self) -> Option<String> {
        self.headers.get("mcp-session-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    pub fn result(&self) -> &Value {
        &self.message["result"]
    }

    pub fn tool_names(&self) -> Vec<String> {
        let tools = self.result()["tools"].as_array().cloned().unwrap_or_default();
        tools.iter().filter_map(|t| t["name"].as_str().map(str::to_owned)).collect()
    }

    pub fn tool_text(&self) -> String {
        let content = self.result()["content"].as_array().cloned().unwrap_or_default();
        content.iter().filter_map(|c| c["text"].as_str().map(str::to_owned)).collect::<Vec<_>>().join("\n")
    }
}

/// A raw request builder for the endpoint.
pub struct Raw<'a> {
    server: &'a Server,
    path: String,
    headers: Vec<(String, String)>,
}

impl<'a> Raw<'a> {
    pub fn new(server: &'a Server, path: &str) -> Self {
        Raw { server, path: path.to_owned(), headers: Vec::new() }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn token(self, token: &str) -> Self {
        self.header("x-authorization", token)
    }

    pub fn session(self, id: &str) -> Self {
        self.header("mcp-session-id", id)
    }

    fn request(&self, method: reqwest::Method) -> reqwest::RequestBuilder {
        let mut request = self
            .server
            .http
            .request(method, self.server.url(&self.path))
            .header("accept", "application/json, text/event-stream");
        for (k, v) in &self.headers {
            request = request.header(k.as_str(), v.as_str());
        }
        request
    }

    pub async fn post(&self, body: Value) -> Reply {
        let response = self.request(reqwest::Method::POST).json(&body).send().await.expect("POST is answered");
        reply(response).await
    }

    pub async fn delete(&self) -> Reply {
        reply(self.request(reqwest::Method::DELETE).send().await.expect("DELETE is answered")).await
    }

    /// `initialize` at 2025-06-18, then `notifications/initialized`; returns the session id.
    pub async fn open_session(&self) -> String {
        let init = self
            .post(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "raw-test", "version": "1"}}}))
            .await;
        assert_eq!(init.status, 200, "{}", init.text);
        assert!(init.message.get("result").is_some(), "{}", init.text);
        let id = init.session_id().expect("a session id");
        let ack = self
            .clone_with_session(&id)
            .post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        assert_eq!(ack.status, 202, "{}", ack.text);
        id
    }

    fn clone_with_session(&self, id: &str) -> Raw<'a> {
        let mut headers = self.headers.clone();
        headers.push(("mcp-session-id".into(), id.into()));
        Raw { server: self.server, path: self.path.clone(), headers }
    }

    /// A legacy-session request (`MCP-Protocol-Version: 2025-06-18`).
    pub async fn session_call(&self, id: u64, method: &str, params: Value) -> Reply {
        let raw = Raw {
            server: self.server,
            path: self.path.clone(),
            headers: self.headers.iter().cloned().chain([("mcp-protocol-version".into(), "2025-06-18".into())]).collect(),
        };
        raw.post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await
    }

    /// A stateless 2026-07-28 request with the metadata and headers the revision requires.
    pub async fn stateless_call(&self, id: u64, method: &str, params: Value) -> Reply {
        let mut params = params.as_object().cloned().unwrap_or_default();
        params.insert(
            "_meta".into(),
            json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"}
            }),
        );
        let mut raw = Raw { server: self.server, path: self.path.clone(), headers: self.headers.clone() };
        raw = raw.header("mcp-protocol-version", "2026-07-28").header("mcp-method", method);
        if let Some(name) = params.get("name").and_then(Value::as_str) {
            raw = raw.header("mcp-name", name);
        }
        raw.post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": Value::Object(params)})).await
    }
}

async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let message = serde_json::from_str::<Value>(&text).ok().unwrap_or_else(|| sse_message(&text));
    Reply { status, headers, text, message }
}

/// The JSON-RPC answer among the SSE events of a body (the last event with an id).
fn sse_message(text: &str) -> Value {
    let mut found = Value::Null;
    for event in text.split("\n\n") {
        let data: String = event
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n");
        if let Ok(value) = serde_json::from_str::<Value>(&data)
            && value.get("id").is_some()
        {
            found = value;
        }
    }
    found
}

pub fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}
