//! MCP over Streamable HTTP, spoken by hand: `initialize` opens a session (`Mcp-Session-Id`),
//! every later request carries it, and answers come as JSON or as SSE events.

use crate::stdio::{PROTOCOL, initialize_params};
use serde_json::{Value, json};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// `mistmcp --transport http` started by the bench, killed when dropped.
pub struct HttpServer {
    child: Child,
    pub url: String,
}

impl HttpServer {
    /// Starts the server made by `make(port)` on a free port and waits for `/healthz`.
    pub async fn start(
        make: impl FnOnce(u16) -> Command,
        http: &reqwest::Client,
    ) -> Result<HttpServer, String> {
        let port = free_port()?;
        let mut cmd = make(port);
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null());
        let child = cmd.spawn().map_err(|e| format!("cannot start mistmcp: {e}"))?;
        let mut server = HttpServer {
            child,
            url: format!("http://127.0.0.1:{port}/mcp"),
        };
        let health = format!("http://127.0.0.1:{port}/healthz");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "mistmcp --transport http exited at start ({status}); run with --verbose to see why"
                ));
            }
            if let Ok(reply) = http.get(&health).send().await
                && reply.status().is_success()
            {
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err("mistmcp --transport http did not answer /healthz within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// A client with keep-alive connections, enough for `connections` concurrent callers.
pub fn client(connections: usize) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(connections)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// One legacy MCP session on a server.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    next: u64,
}

/// How a client reaches the endpoint: URL and the Mist token it sends.
#[derive(Clone)]
pub struct Endpoint {
    pub http: reqwest::Client,
    pub url: String,
    pub token: String,
}

impl Endpoint {
    /// `initialize`, then `notifications/initialized`.
    pub async fn open(&self) -> Result<Session, String> {
        let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": initialize_params()});
        let reply = self.post(None, &body).await?;
        let id = reply
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| format!("initialize answered {} without a session id", reply.status()))?;
        let message = answer(reply).await?;
        if message.get("result").is_none() {
            return Err(format!("initialize failed: {}", crate::stdio::short(&message)));
        }
        let ack = self
            .post(
                Some(&id),
                &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            )
            .await?;
        if !ack.status().is_success() {
            return Err(format!("notifications/initialized answered {}", ack.status()));
        }
        Ok(Session { id, next: 1 })
    }

    /// One request in `session`; the answer's JSON-RPC message.
    pub async fn request(
        &self,
        session: &mut Session,
        method: &str,
        params: &Value,
    ) -> Result<Value, String> {
        let id = session.next;
        session.next += 1;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let reply = self.post(Some(&session.id), &body).await?;
        answer(reply).await
    }

    async fn post(&self, session: Option<&str>, body: &Value) -> Result<reqwest::Response, String> {
        let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("x-authorization", &self.token)
            .body(bytes);
        if let Some(id) = session {
            request = request
                .header("mcp-session-id", id)
                .header("mcp-protocol-version", PROTOCOL);
        }
        request
            .send()
            .await
            .map_err(|e| format!("POST {}: {e}", self.url))
    }
}

/// The JSON-RPC answer in a reply: the body itself, or the SSE event that carries an id.
async fn answer(reply: reqwest::Response) -> Result<Value, String> {
    let status = reply.status();
    let text = reply
        .text()
        .await
        .map_err(|e| format!("reading an answer: {e}"))?;
    if !status.is_success() {
        return Err(format!(
            "HTTP {status}: {}",
            text.chars().take(200).collect::<String>()
        ));
    }
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        return Ok(value);
    }
    sse_answer(&text).ok_or_else(|| {
        format!(
            "no JSON-RPC answer in: {}",
            text.chars().take(200).collect::<String>()
        )
    })
}

fn sse_answer(text: &str) -> Option<Value> {
    text.split("\n\n")
        .filter_map(|event| {
            let data: Vec<&str> = event
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim_start)
                .collect();
            serde_json::from_str::<Value>(&data.join("\n")).ok()
        })
        .filter(|v| v.get("id").is_some())
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_the_sse_event_that_carries_an_id() {
        let text = "id: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n\
                    id: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n";
        assert_eq!(sse_answer(text).unwrap()["id"], 7);
    }

    #[test]
    fn a_stream_without_an_answer_has_none() {
        assert!(sse_answer("data: {\"jsonrpc\":\"2.0\",\"method\":\"x\"}\n\n").is_none());
        assert!(sse_answer(": keep-alive\n\n").is_none());
    }
}
