//! Shared harness for end-to-end tests: a simulated Mist cloud on a real socket and the built
//! `mistmcp` binary spawned over stdio, spoken to by rmcp's own client.

use rmcp::model::{CallToolRequestParams, CallToolResult, ClientConfig, ProtocolVersion, Tool};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, ClientLifecycleMode, ClientServiceExt, RoleClient, ServiceExt};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::process::Command;

pub async fn sim() -> mist_sim::RunningSim {
    sim_with(mist_sim::SimConfig::default()).await
}

pub async fn sim_with(config: mist_sim::SimConfig) -> mist_sim::RunningSim {
    mist_sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("simulator starts")
}

/// A client that counts `notifications/tools/list_changed` it receives outside subscriptions.
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
        Self {
            config,
            list_changed: Arc::default(),
            notify: Arc::default(),
        }
    }

    pub fn changes(&self) -> usize {
        self.list_changed.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` notifications arrived (bounded, so a missing one fails).
    pub async fn wait_for_changes(&self, n: usize) -> usize {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.changes() < n && tokio::time::Instant::now() < deadline {
            let _ = tokio::time::timeout(std::time::Duration::from_millis(200), self.notify.notified()).await;
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

/// How to start the server under test.
pub struct Launch {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
}

impl Launch {
    /// Pointed at `sim` with its main token.
    pub fn against(sim: &mist_sim::RunningSim) -> Self {
        Self::with_token(sim, sim.token())
    }

    /// Against the built-in simulator (`--demo`), with no credentials.
    pub fn demo() -> Self {
        Launch {
            args: vec!["--demo".into()],
            env: vec![],
        }
    }

    pub fn with_token(sim: &mist_sim::RunningSim, token: &str) -> Self {
        Launch {
            args: vec!["--allow-host".into(), "127.0.0.1".into()],
            env: vec![
                ("MIST_APITOKEN".into(), token.into()),
                ("MIST_HOST".into(), sim.base_url()),
            ],
        }
    }

    /// Pointed at `sim` in custom mode with `categories`.
    pub fn custom(sim: &mist_sim::RunningSim, categories: &str) -> Self {
        Self::against(sim)
            .arg("-m")
            .arg("custom")
            .arg("-c")
            .arg(categories)
    }

    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn args(mut self, list: &[&str]) -> Self {
        self.args.extend(list.iter().map(|a| a.to_string()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn command(&self) -> Command {
        let mut cmd = super::server_command(&self.args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    pub async fn connect(&self) -> Client {
        self.connect_as(Recorder::new(ProtocolVersion::V_2025_06_18))
            .await
    }

    pub async fn connect_as(&self, recorder: Recorder) -> Client {
        let transport = TokioChildProcess::new(self.command()).expect("mistmcp spawns");
        recorder.serve(transport).await.expect("MCP handshake succeeds")
    }

    /// Connects as a 2026-07-28 client: `server/discover`, no handshake, metadata per request.
    pub async fn connect_stateless(&self, recorder: Recorder) -> Client {
        let transport = TokioChildProcess::new(self.command()).expect("mistmcp spawns");
        let mode = ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        };
        recorder
            .serve_with_lifecycle(transport, mode)
            .await
            .expect("server/discover succeeds")
    }

    /// Runs the binary to completion (for start-up errors): (exit code, stdout, stderr).
    pub async fn run_to_exit(&self) -> (i32, String, String) {
        let mut cmd = self.command();
        cmd.stdin(std::process::Stdio::null());
        let out = tokio::time::timeout(std::time::Duration::from_secs(20), cmd.output())
            .await
            .expect("process exits in time")
            .expect("process runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

pub async fn tool_names(client: &Client) -> Vec<String> {
    let tools: Vec<Tool> = client.list_all_tools().await.expect("tools/list");
    tools.into_iter().map(|t| t.name.into_owned()).collect()
}

/// Any of the harness clients (stdio, HTTP, progress-recording) can make a call.
pub async fn call<H: ClientHandler>(
    client: &RunningService<RoleClient, H>,
    name: &str,
    args: Value,
) -> CallToolResult {
    client
        .call_tool(params(name, args))
        .await
        .expect("tools/call gets an answer")
}

/// A `tools/call` request for `name`; a non-object `args` means no arguments.
pub fn params(name: &str, args: Value) -> CallToolRequestParams {
    let mut params = CallToolRequestParams::new(name.to_owned());
    if let Value::Object(map) = args {
        params = params.with_arguments(map);
    }
    params
}

pub fn text_of(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn is_error(result: &CallToolResult) -> bool {
    result.is_error == Some(true)
}

pub fn data(result: &CallToolResult) -> &Value {
    result
        .structured_content
        .as_ref()
        .and_then(|v| v.get("data"))
        .unwrap_or(&Value::Null)
}

/// The `error` object of a tool error's structured content.
pub fn error_of(result: &CallToolResult) -> Value {
    result
        .structured_content
        .as_ref()
        .and_then(|v| v.get("error"))
        .cloned()
        .unwrap_or_default()
}

pub fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}
