//! Judging each line a stdio client writes, before the MCP engine sees it.
//!
//! The engine drops what it cannot parse without a word, answers some malformed requests
//! without their `id` (so the client waits forever), and ends the process when anything but a
//! handshake comes first. Every line therefore passes [`Intake::judge`] first: a well-formed
//! message goes on; anything else is answered here with a JSON-RPC error that names the
//! problem (and carries the request's `id` whenever it can be read), or ignored when it is a
//! notification or a response nobody waits for.

use mist_client::echo::{clip, kind_of};
use rmcp::model::{ClientJsonRpcMessage, ClientRequest, GetMeta, ProtocolVersion};
use serde_json::{Map, Value, json};

/// JSON-RPC error codes.
pub(crate) const PARSE_ERROR: i64 = -32700;
pub(crate) const INVALID_REQUEST: i64 = -32600;
pub(crate) const METHOD_NOT_FOUND: i64 = -32601;
pub(crate) const INVALID_PARAMS: i64 = -32602;

/// Method names longer than this are not MCP methods; they are refused without reaching the
/// engine (which would echo them whole).
const MAX_METHOD_CHARS: usize = 128;

/// What to do with one line.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Pass the line on to the engine. `request` is the key of a request's `id`, in flight
    /// until the engine answers it; `cancels` the key of a request the client cancelled,
    /// which the engine will not answer.
    Forward {
        /// The request's key, in flight until answered.
        request: Option<String>,
        /// The key of the request a cancellation names.
        cancels: Option<String>,
    },
    /// Answer the client with this JSON-RPC message, and pass nothing on.
    Answer(Value),
    /// Drop the line; the reason goes to the debug log.
    Ignore(&'static str),
}

/// The state the judgement depends on: whether a session has begun.
#[derive(Debug, Default)]
pub struct Intake {
    started: bool,
}

impl Intake {
    /// The intake of a session that has not begun.
    pub fn new() -> Self {
        Self::default()
    }

    /// An intake for a transport whose handshake rules are kept elsewhere (HTTP, where the
    /// session layer answers a request sent before `initialize`): every message is judged as
    /// if the session had begun.
    pub fn begun() -> Self {
        Self { started: true }
    }

    /// Whether `initialize` (or a request of a revision without handshake) has been passed on.
    pub fn started(&self) -> bool {
        self.started
    }

    /// The answer to a line longer than the reader keeps.
    pub fn oversized(limit: usize) -> Verdict {
        parse_error(&format!("the message is longer than {} MB", limit >> 20))
    }

    /// Judges one line (without its `\n`).
    pub fn judge(&mut self, line: &[u8]) -> Verdict {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Verdict::Ignore("blank line");
        }
        let Ok(text) = std::str::from_utf8(line) else {
            return parse_error("the message is not UTF-8 text");
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => return parse_error(&format!("the message is not one valid JSON value ({e})")),
        };
        let msg = match value {
            Value::Object(msg) => msg,
            Value::Array(_) => {
                return error(
                    None,
                    INVALID_REQUEST,
                    "batches are not supported: send one JSON-RPC message per line",
                );
            }
            _ => return error(None, INVALID_REQUEST, "a JSON-RPC message must be a JSON object"),
        };
        let id = match msg.get("id") {
            None => None,
            Some(id @ Value::String(_)) => Some(id.clone()),
            Some(id @ Value::Number(n)) if n.is_i64() => Some(id.clone()),
            Some(_) => {
                if msg.contains_key("method") {
                    return error(None, INVALID_REQUEST, "'id' must be a string or an integer");
                }
                // A response to nothing this server asked for.
                return Verdict::Ignore("response with an unusable id");
            }
        };
        if msg.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
            return error(id, INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
        }
        match msg.get("method") {
            Some(Value::String(method)) => {
                let method = method.clone();
                self.judge_call(msg, id, &method)
            }
            Some(_) => error(id, INVALID_REQUEST, "'method' must be a string"),
            None if msg.contains_key("result") || msg.contains_key("error") => {
                if self.started {
                    Verdict::forward(None)
                } else {
                    Verdict::Ignore("response before initialize")
                }
            }
            None => error(
                id,
                INVALID_REQUEST,
                "a JSON-RPC message needs 'method' (a request or notification) or 'result' or \
                 'error' (a response)",
            ),
        }
    }

    /// A notification: ignored before the session begins or with an overlong method; a
    /// cancellation names the request it cancels.
    fn judge_notification(&self, msg: &Map<String, Value>, method: &str) -> Verdict {
        if !self.started {
            Verdict::Ignore("notification before initialize")
        } else if method.chars().nth(MAX_METHOD_CHARS).is_some() {
            Verdict::Ignore("notification with an overlong method name")
        } else if method == "notifications/cancelled" {
            let cancels = msg
                .get("params")
                .and_then(|p| p.get("requestId"))
                .map(Value::to_string);
            Verdict::Forward {
                request: None,
                cancels,
            }
        } else {
            Verdict::forward(None)
        }
    }

    /// Whether a request may come before the session has begun, and whether it begins it:
    /// `initialize` and a handshake-free (2026-07-28) request do; `ping` and discovery may come
    /// first without beginning it.
    fn begins(&mut self, method: &str, parsed: &ClientRequest) -> bool {
        match method {
            "initialize" => self.started = true,
            "ping" | "server/discover" => return true,
            _ if handshake_free(parsed) => self.started = true,
            _ => return false,
        }
        true
    }

    /// A request (with `id`) or a notification (without).
    fn judge_call(&mut self, msg: Map<String, Value>, id: Option<Value>, method: &str) -> Verdict {
        let Some(id) = id else {
            return self.judge_notification(&msg, method);
        };
        if method.chars().nth(MAX_METHOD_CHARS).is_some() {
            let message = format!("method '{}' does not exist", clip(method));
            return error(Some(id), METHOD_NOT_FOUND, &message);
        }
        let empty = Map::new();
        let params = match msg.get("params") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(params)) => params,
            Some(_) => return error(Some(id), INVALID_PARAMS, "'params' must be an object"),
        };
        if let Some(problem) = params_problem(method, params) {
            return error(Some(id), INVALID_PARAMS, &problem);
        }
        let key = id.to_string();
        let parsed = match serde_json::from_value::<ClientJsonRpcMessage>(Value::Object(msg)) {
            Ok(ClientJsonRpcMessage::Request(request)) => request.request,
            Ok(_) => return error(Some(id), INVALID_REQUEST, "not a JSON-RPC request"),
            Err(e) => {
                let message = format!("not a valid MCP request: {}", clip(&e.to_string()));
                return error(Some(id), INVALID_REQUEST, &message);
            }
        };
        if matches!(parsed, ClientRequest::CustomRequest(_)) && is_mcp_method(method) {
            // The engine takes a standard method whose params do not fit for an unknown one.
            let message = format!("the params do not fit the MCP schema of '{method}'");
            return error(Some(id), INVALID_PARAMS, &message);
        }
        if !self.started && !self.begins(method, &parsed) {
            return error(
                Some(id),
                INVALID_REQUEST,
                "send 'initialize' first: this session has not begun (clients of MCP \
                 2026-07-28 instead put the protocol version and client capabilities in \
                 each request's _meta)",
            );
        }
        // A subscription stays open by design; a stop does not wait for it.
        let tracked = (method != "subscriptions/listen").then_some(key);
        Verdict::forward(tracked)
    }
}

impl Verdict {
    fn forward(request: Option<String>) -> Self {
        Verdict::Forward {
            request,
            cancels: None,
        }
    }
}

/// A request of the revision without a handshake, carrying the metadata it requires.
fn handshake_free(request: &ClientRequest) -> bool {
    let meta = request.get_meta();
    meta.missing_required_keys(&ProtocolVersion::V_2026_07_28)
        .is_empty()
        && meta.protocol_version() == Some(ProtocolVersion::V_2026_07_28)
}

/// Client-to-server methods the engine knows.
fn is_mcp_method(method: &str) -> bool {
    matches!(
        method,
        "initialize"
            | "ping"
            | "server/discover"
            | "prompts/get"
            | "prompts/list"
            | "resources/list"
            | "resources/read"
            | "resources/subscribe"
            | "resources/unsubscribe"
            | "resources/templates/list"
            | "subscriptions/listen"
            | "tools/call"
            | "tools/list"
            | "completion/complete"
            | "logging/setLevel"
    )
}

/// Field-level checks of the methods whose mistakes are most common, so the error can say
/// which field is wrong and what it must be.
fn params_problem(method: &str, params: &Map<String, Value>) -> Option<String> {
    match method {
        "tools/call" => match params.get("name") {
            None => Some("'params.name' is missing: give the name of the tool to call".into()),
            Some(Value::String(name)) if name.is_empty() => {
                Some("'params.name' is empty: give the name of the tool to call".into())
            }
            Some(Value::String(_)) => match params.get("arguments") {
                None | Some(Value::Null | Value::Object(_)) => None,
                Some(other) => Some(format!(
                    "'params.arguments' must be an object of the tool's arguments; got {}",
                    kind_of(other)
                )),
            },
            Some(other) => Some(format!(
                "'params.name' must be a string, the name of the tool to call; got {}",
                kind_of(other)
            )),
        },
        "initialize" => {
            let latest = ProtocolVersion::LATEST_WITH_INITIALIZE;
            match params.get("protocolVersion") {
                None => Some(format!(
                    "'params.protocolVersion' is missing: give the MCP revision the client \
                     speaks, such as \"{latest}\""
                )),
                Some(Value::String(_)) => {
                    for field in ["capabilities", "clientInfo"] {
                        match params.get(field) {
                            Some(Value::Object(_)) => {}
                            None => {
                                return Some(format!("'params.{field}' is missing: it must be an object"));
                            }
                            Some(other) => {
                                return Some(format!(
                                    "'params.{field}' must be an object; got {}",
                                    kind_of(other)
                                ));
                            }
                        }
                    }
                    None
                }
                Some(other) => Some(format!(
                    "'params.protocolVersion' must be a string naming an MCP revision, such as \
                     \"{latest}\"; got {}",
                    kind_of(other)
                )),
            }
        }
        _ => None,
    }
}

fn parse_error(message: &str) -> Verdict {
    error(None, PARSE_ERROR, message)
}

fn error(id: Option<Value>, code: i64, message: &str) -> Verdict {
    Verdict::Answer(json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": {"code": code, "message": message},
    }))
}

#[cfg(test)]
#[path = "intake_tests.rs"]
mod tests;
