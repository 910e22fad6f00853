//! Harness for the Mist client tests: a simulated Mist cloud on a real socket, reached either
//! through the library's executor directly or through the `mistmcp` binary over stdio with
//! rmcp's client (which also records progress notifications).

use mist_client::{AllowedHost, ApiToken, HostPolicy, MistBase, MistClient};
use mistmcp::ClientOptions;
use mistmcp_engine::{CallOptions, Executor, Target};
// Calls and result readers are the stdio harness's; only the progress-recording client differs.
#[allow(unused_imports)]
pub use crate::harness::stdio::{call, is_error, obj, params, sim_with, text_of};

use rmcp::model::{
    CallToolResult, ClientConfig, ProgressNotificationParam, ProtocolVersion, RequestMetaObject,
};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{Map, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A fixed "now", so windows and timestamps are the same on every run.
pub const NOW: i64 = 1_790_000_000;

pub fn config() -> mist_sim::SimConfig {
    mist_sim::SimConfig {
        now: Some(NOW),
        ..mist_sim::SimConfig::default()
    }
}

pub async fn sim() -> mist_sim::RunningSim {
    sim_with(config()).await
}

pub fn base_of(sim: &mist_sim::RunningSim) -> MistBase {
    let allowed = AllowedHost::parse(&format!("127.0.0.1:{}", sim.addr().port())).unwrap();
    HostPolicy::new(vec![allowed]).resolve(&sim.base_url()).unwrap()
}

pub fn target(sim: &mist_sim::RunningSim, token: &str) -> Target {
    Target {
        base: base_of(sim),
        token: ApiToken::new(token).unwrap(),
    }
}

/// The library's executor over real HTTP, with test-friendly defaults.
pub struct Direct {
    pub executor: Executor,
}

impl Direct {
    pub fn new(options: ClientOptions) -> Self {
        Self::with_timeout(options, Duration::from_secs(10))
    }

    pub fn with_timeout(options: ClientOptions, request_timeout: Duration) -> Self {
        let client = MistClient::new(options.client_settings(request_timeout)).expect("client builds");
        Self {
            executor: Executor::new(client, options.limits()),
        }
    }

    pub async fn call(&self, target: &Target, tool: &str, args: Value) -> CallToolResult {
        self.call_with(target, tool, args, &CallOptions::default()).await
    }

    pub async fn call_with(
        &self,
        target: &Target,
        tool: &str,
        args: Value,
        options: &CallOptions,
    ) -> CallToolResult {
        let def = mist_catalog::catalog().tool(tool).expect("tool exists");
        let args = args.as_object().cloned().unwrap_or_default();
        // Reads only (the client tests drive the read path): its answer dressed as the server
        // dresses it.
        match self
            .executor
            .answer_operation(def, Some(&args), target, options)
            .await
        {
            Ok(envelope) => mistmcp::answer_of(envelope),
            Err(error) => mistmcp::tool_error(&error, &def.name),
        }
    }
}

pub fn options() -> ClientOptions {
    ClientOptions::default()
}

/// A client that keeps every progress notification it receives.
#[derive(Clone, Default)]
pub struct ProgressLog {
    pub seen: Arc<Mutex<Vec<ProgressNotificationParam>>>,
}

impl ProgressLog {
    pub fn snapshot(&self) -> Vec<ProgressNotificationParam> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits (bounded) until `n` notifications arrived; they may trail the result.
    pub async fn wait_for(&self, n: usize) -> Vec<ProgressNotificationParam> {
        for _ in 0..100 {
            if self.snapshot().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.snapshot()
    }
}

impl ClientHandler for ProgressLog {
    fn get_info(&self) -> ClientConfig {
        let mut config = ClientConfig::default();
        config.protocol_version = ProtocolVersion::V_2025_06_18;
        config
    }

    async fn on_progress(&self, params: ProgressNotificationParam, _ctx: NotificationContext<RoleClient>) {
        self.seen.lock().unwrap().push(params);
    }
}

pub type Client = RunningService<RoleClient, ProgressLog>;

/// The `mistmcp` binary, pointed at a simulator with its main token, in all mode.
pub struct Launch {
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Launch {
    pub fn against(sim: &mist_sim::RunningSim) -> Self {
        Launch {
            args: ["--allow-host", "127.0.0.1", "--mode", "all"]
                .map(String::from)
                .to_vec(),
            env: vec![
                ("MIST_APITOKEN".into(), sim.token().into()),
                ("MIST_HOST".into(), sim.base_url()),
            ],
        }
    }

    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub async fn connect(&self) -> (Client, ProgressLog) {
        let mut cmd = super::server_command(&self.args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let log = ProgressLog::default();
        let transport = TokioChildProcess::new(cmd).expect("mistmcp spawns");
        let client = log
            .clone()
            .serve(transport)
            .await
            .expect("MCP handshake succeeds");
        (client, log)
    }
}

/// A `tools/call` with a `_meta` object.
pub async fn call_meta(client: &Client, name: &str, args: Value, meta: Option<Value>) -> CallToolResult {
    let mut params = params(name, args);
    if let Some(Value::Object(meta)) = meta {
        let mut object = RequestMetaObject::new();
        object.0.0.extend(meta);
        params.meta = Some(object);
    }
    client.call_tool(params).await.expect("tools/call gets an answer")
}

/// The structured answer, failing the test with the error text when the call failed.
pub fn answer(result: &CallToolResult) -> &Map<String, Value> {
    assert!(!is_error(result), "tool error: {}", text_of(result));
    result
        .structured_content
        .as_ref()
        .and_then(Value::as_object)
        .expect("structured content")
}

pub fn data(result: &CallToolResult) -> &Value {
    answer(result).get("data").unwrap_or(&Value::Null)
}

pub fn pagination(result: &CallToolResult) -> &Value {
    answer(result).get("pagination").unwrap_or(&Value::Null)
}

pub fn notes(result: &CallToolResult) -> Vec<String> {
    answer(result)
        .get("notes")
        .and_then(Value::as_array)
        .map(|n| n.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

pub fn results(result: &CallToolResult) -> &Vec<Value> {
    let data = data(result);
    data.get("results")
        .and_then(Value::as_array)
        .or_else(|| data.as_array())
        .expect("a record list")
}
