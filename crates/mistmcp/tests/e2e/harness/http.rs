//! Harness for the HTTP end-to-end tests: a simulated Mist cloud on a real socket, the built
//! `mistmcp --transport http` on a free port, rmcp's HTTP client, and raw JSON-RPC posts for
//! what a client library hides (status codes, session ids, headers, cache hints).

pub use super::http_raw::*;

// The stdio harness's client handler and call helpers serve the HTTP tests unchanged; each
// test file uses only some of them.
#[allow(unused_imports)]
pub use crate::harness::stdio::{Client, Recorder, call, data, is_error, sim_with, text_of, tool_names};

use reqwest::header::{HeaderName, HeaderValue};
use rmcp::ServiceExt;
use rmcp::model::ProtocolVersion;
use rmcp::service::{ClientLifecycleMode, ClientServiceExt};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};

/// A third token of the main organisation, so three sessions can each use their own.
pub const THIRD_TOKEN: &str = "simtoken-third-5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c";

pub async fn sim() -> mist_sim::RunningSim {
    let mut config = mist_sim::SimConfig::default();
    config.tokens.push(mist_sim::SimToken::new(
        "third",
        THIRD_TOKEN,
        mist_sim::MAIN_ORG_ID,
    ));
    sim_with(config).await
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server under test, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub(super) http: reqwest::Client,
    /// Its stderr lines, when started with [`Server::start_logged`].
    log: Option<Arc<std::sync::Mutex<Vec<String>>>>,
}

pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = super::server_command(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
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
        Server::launch(extra, env, false).await
    }

    /// Like [`Server::start`], keeping the server's log for [`Server::wait_for_log`].
    pub async fn start_logged(extra: &[&str], env: &[(&str, &str)]) -> Server {
        Server::launch(extra, env, true).await
    }

    async fn launch(extra: &[&str], env: &[(&str, &str)], logged: bool) -> Server {
        // A free port can be taken by another test (a Redis server, another replica) between
        // `free_port` and the server's bind: a server that exits before answering is started
        // again on another port.
        for _ in 0..5 {
            if let Some(server) = Server::try_launch(extra, env, logged).await {
                return server;
            }
        }
        panic!("mistmcp exited before answering /healthz, five times on five free ports");
    }

    async fn try_launch(extra: &[&str], env: &[(&str, &str)], logged: bool) -> Option<Server> {
        let port = free_port();
        let port_text = port.to_string();
        let mut args = vec![
            "--transport",
            "http",
            "--port",
            &port_text,
            "--allow-host",
            "127.0.0.1",
        ];
        args.extend_from_slice(extra);
        let mut cmd = command(&args, env);
        if logged {
            cmd.stderr(Stdio::piped());
        }
        let mut child = cmd.spawn().expect("mistmcp spawns");
        let log = child.stderr.take().map(|stderr| {
            let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
            let sink = lines.clone();
            tokio::spawn(async move {
                use tokio::io::AsyncBufReadExt;
                let mut reader = tokio::io::BufReader::new(stderr).lines();
                while let Ok(Some(line)) = reader.next_line().await {
                    sink.lock().unwrap().push(line);
                }
            });
            lines
        });
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut server = Server {
            child,
            port,
            http,
            log,
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = server.http.get(server.url("/healthz")).send().await
                && r.status() == 200
            {
                return Some(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                eprintln!(
                    "mistmcp on port {} exited ({status}) before answering",
                    server.port
                );
                return None;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "server answers /healthz in time"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_and_query}", self.port)
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Waits (bounded) for a log line containing `needle` among the lines after the first
    /// `skip`; returns how many lines were seen by then, or `None` if it never came.
    pub async fn wait_for_log(&self, needle: &str, skip: usize) -> Option<usize> {
        let log = self.log.as_ref().expect("server started with start_logged");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            {
                let lines = log.lock().unwrap();
                if lines.iter().skip(skip).any(|l| l.contains(needle)) {
                    return Some(lines.len());
                }
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every stderr line read so far (started with [`Server::start_logged`]).
    pub fn log_lines(&self) -> Vec<String> {
        let log = self.log.as_ref().expect("server started with start_logged");
        log.lock().unwrap().clone()
    }

    /// Sends SIGTERM without waiting for the exit.
    pub fn send_sigterm(&self) {
        let pid = self.child.id().expect("server still running").to_string();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the exit code (after a signal).
    pub async fn exit_code(mut self) -> i32 {
        let exit = tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await;
        exit.expect("server exits after SIGTERM")
            .unwrap()
            .code()
            .unwrap_or(-1)
    }
}

fn transport(url: &str, token: Option<&str>) -> StreamableHttpClientTransport<reqwest::Client> {
    let mut headers = HashMap::new();
    if let Some(token) = token {
        headers.insert(
            HeaderName::from_static("x-authorization"),
            HeaderValue::from_str(token).unwrap(),
        );
    }
    let config = StreamableHttpClientTransportConfig::with_uri(url.to_owned()).custom_headers(headers);
    StreamableHttpClientTransport::from_config(config)
}

/// A 2025-06-18 client with a session, sending `token` in X-Authorization.
pub async fn session_client(url: String, token: Option<&str>) -> Client {
    session_client_as(url, token, Recorder::new(ProtocolVersion::V_2025_06_18)).await
}

pub async fn session_client_as(url: String, token: Option<&str>, recorder: Recorder) -> Client {
    recorder
        .serve(transport(&url, token))
        .await
        .expect("MCP handshake succeeds")
}

/// A 2025-06-18 client with a session, or `None` when the handshake fails.
pub async fn try_session_client(url: String, token: Option<&str>) -> Option<Client> {
    let recorder = Recorder::new(ProtocolVersion::V_2025_06_18);
    recorder.serve(transport(&url, token)).await.ok()
}

/// A 2026-07-28 client: no handshake, no session, every request on its own.
pub async fn stateless_client(url: String, token: Option<&str>) -> Client {
    let recorder = Recorder::new(ProtocolVersion::V_2026_07_28);
    let lifecycle = ClientLifecycleMode::Discover {
        preferred_versions: vec![ProtocolVersion::V_2026_07_28],
    };
    recorder
        .serve_with_lifecycle(transport(&url, token), lifecycle)
        .await
        .expect("server/discover succeeds")
}
