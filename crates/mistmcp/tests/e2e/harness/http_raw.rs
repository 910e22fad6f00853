//! Raw JSON-RPC over HTTP, for what a client library hides: status codes, session ids,
//! headers and cache hints.

use super::http::Server;
use reqwest::header::HeaderMap;
use serde_json::{Map, Value, json};

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
        self.headers
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn result(&self) -> &Value {
        &self.message["result"]
    }

    pub fn tool_names(&self) -> Vec<String> {
        let tools = self.result()["tools"].as_array().cloned().unwrap_or_default();
        tools
            .iter()
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect()
    }

    pub fn tool_text(&self) -> String {
        let content = self.result()["content"].as_array().cloned().unwrap_or_default();
        content
            .iter()
            .filter_map(|c| c["text"].as_str().map(str::to_owned))
            .collect::<Vec<_>>()
            .join("\n")
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
        Raw {
            server,
            path: path.to_owned(),
            headers: Vec::new(),
        }
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
        let response = self
            .request(reqwest::Method::POST)
            .json(&body)
            .send()
            .await
            .expect("POST is answered");
        reply(response).await
    }

    pub async fn delete(&self) -> Reply {
        reply(
            self.request(reqwest::Method::DELETE)
                .send()
                .await
                .expect("DELETE is answered"),
        )
        .await
    }

    /// `initialize` at 2025-06-18, then `notifications/initialized`; returns the session id.
    pub async fn open_session(&self) -> String {
        let init = self
            .post(
                json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "raw-test", "version": "1"}}}),
            )
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
        Raw {
            server: self.server,
            path: self.path.clone(),
            headers,
        }
    }

    /// A legacy-session request (`MCP-Protocol-Version: 2025-06-18`).
    pub async fn session_call(&self, id: u64, method: &str, params: Value) -> Reply {
        let raw = Raw {
            server: self.server,
            path: self.path.clone(),
            headers: self
                .headers
                .iter()
                .cloned()
                .chain([("mcp-protocol-version".into(), "2025-06-18".into())])
                .collect(),
        };
        raw.post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await
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
        let mut raw = Raw {
            server: self.server,
            path: self.path.clone(),
            headers: self.headers.clone(),
        };
        raw = raw
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", method);
        if let Some(name) = params.get("name").and_then(Value::as_str) {
            raw = raw.header("mcp-name", name);
        }
        raw.post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": Value::Object(params)}))
            .await
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let message = serde_json::from_str::<Value>(&text)
        .ok()
        .unwrap_or_else(|| sse_message(&text));
    Reply {
        status,
        headers,
        text,
        message,
    }
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
