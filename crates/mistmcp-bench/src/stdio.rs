//! A minimal MCP client over a child's stdin/stdout: newline-delimited JSON-RPC with blocking
//! pipes, so a measured round trip holds little beyond the server's own work.

use serde_json::{Value, json};
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command};
use std::time::{Duration, Instant};

/// The protocol revision the bench speaks (one with a handshake, as today's clients).
pub const PROTOCOL: &str = "2025-06-18";

/// One answered request.
#[derive(Debug)]
pub struct Exchange {
    /// From the first byte written to the answer's line read.
    pub rtt: Duration,
    /// The answer's JSON-RPC message.
    pub message: Value,
}

impl Exchange {
    pub fn result(&self) -> Result<&Value, String> {
        match (self.message.get("result"), self.message.get("error")) {
            (Some(result), _) => Ok(result),
            (None, Some(error)) => Err(format!("JSON-RPC error: {error}")),
            (None, None) => Err(format!("not an answer: {}", self.message)),
        }
    }

    /// The result of a `tools/call` that succeeded.
    pub fn tool_result(&self) -> Result<&Value, String> {
        let result = self.result()?;
        if result.get("isError").and_then(Value::as_bool) == Some(true) {
            return Err(format!("the tool failed: {}", crate::stdio::short(result)));
        }
        Ok(result)
    }
}

pub struct StdioServer {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
    line: String,
}

impl StdioServer {
    /// Starts `cmd` (stdin and stdout piped) without speaking to it.
    pub fn spawn(mut cmd: Command) -> io::Result<StdioServer> {
        let mut child = cmd.spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(io::Error::other("the server's stdin and stdout must be piped"));
        };
        Ok(StdioServer {
            child,
            stdin,
            stdout: BufReader::with_capacity(1 << 20, stdout),
            next_id: 1,
            line: String::new(),
        })
    }

    /// Starts `cmd` and completes the handshake; also returns the time from spawn to the
    /// `initialize` answer.
    pub fn start(cmd: Command) -> Result<(StdioServer, Duration), String> {
        let started = Instant::now();
        let mut server = StdioServer::spawn(cmd).map_err(|e| format!("cannot start mistmcp: {e}"))?;
        let init = server.request("initialize", &initialize_params())?;
        let elapsed = started.elapsed();
        init.result()?;
        server.notify("notifications/initialized")?;
        Ok((server, elapsed))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn notify(&mut self, method: &str) -> Result<(), String> {
        let mut bytes =
            serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": method})).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        self.stdin
            .write_all(&bytes)
            .and_then(|_| self.stdin.flush())
            .map_err(|e| format!("cannot write to mistmcp: {e}"))
    }

    /// Sends one request and waits for its answer, skipping notifications on the way.
    pub fn request(&mut self, method: &str, params: &Value) -> Result<Exchange, String> {
        let id = self.next_id;
        self.next_id += 1;
        let mut bytes =
            serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
                .map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        let started = Instant::now();
        self.stdin
            .write_all(&bytes)
            .and_then(|_| self.stdin.flush())
            .map_err(|e| format!("cannot write to mistmcp: {e}"))?;
        loop {
            self.line.clear();
            let n = self
                .stdout
                .read_line(&mut self.line)
                .map_err(|e| format!("cannot read from mistmcp: {e}"))?;
            let rtt = started.elapsed();
            if n == 0 {
                return Err("mistmcp closed its stdout".into());
            }
            let message: Value = serde_json::from_str(&self.line)
                .map_err(|e| format!("mistmcp wrote a line that is not JSON ({e})"))?;
            if message.get("id").and_then(Value::as_u64) == Some(id) {
                return Ok(Exchange { rtt, message });
            }
        }
    }

    /// `tools/call` of `name` with `arguments`.
    pub fn call_tool(&mut self, name: &str, arguments: &Value) -> Result<Exchange, String> {
        self.request("tools/call", &json!({"name": name, "arguments": arguments}))
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn initialize_params() -> Value {
    json!({
        "protocolVersion": PROTOCOL,
        "capabilities": {},
        "clientInfo": {"name": "mistmcp-bench", "version": env!("CARGO_PKG_VERSION")}
    })
}

/// The first 200 characters of a value, for error messages.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// Size of a value's compact JSON text.
pub fn json_len(value: &Value) -> usize {
    serde_json::to_vec(value).map_or(0, |v| v.len())
}
