//! A byte-level stdio client: writes any bytes as a line to the spawned server and reads its
//! answers as JSON, for tests that must send what no well-behaved client library would.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// How long any one answer may take before the test fails.
pub const ANSWER_WAIT: Duration = Duration::from_secs(20);

pub const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#;

pub struct RawClient {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    pub lines: Option<Lines<BufReader<ChildStdout>>>,
    pings: u64,
}

impl RawClient {
    pub fn spawn(mut command: Command) -> Self {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = command.spawn().expect("mistmcp spawns");
        let stdin = child.stdin.take();
        let lines = child.stdout.take().map(|out| BufReader::new(out).lines());
        Self {
            child,
            stdin,
            lines,
            pings: 0,
        }
    }

    /// Writes `bytes` followed by a newline.
    pub async fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).await.expect("write to the server");
        stdin.write_all(b"\n").await.expect("write to the server");
        stdin.flush().await.expect("flush to the server");
    }

    pub async fn send_json(&mut self, value: &Value) {
        self.send(value.to_string().as_bytes()).await;
    }

    /// The next message the server writes; `None` when stdout ends.
    pub async fn next(&mut self) -> Option<Value> {
        let lines = self.lines.as_mut().expect("stdout is open");
        let line = tokio::time::timeout(ANSWER_WAIT, lines.next_line())
            .await
            .expect("the server answers in time")
            .expect("stdout reads")?;
        Some(serde_json::from_str(&line).expect("the server writes JSON lines"))
    }

    /// Reads messages until the answer with `id`; the others read on the way are returned too.
    pub async fn answer_to(&mut self, id: &Value) -> (Value, Vec<Value>) {
        let mut others = Vec::new();
        loop {
            let msg = self.next().await.expect("the server is still running");
            if &msg["id"] == id && msg.get("method").is_none() {
                return (msg, others);
            }
            others.push(msg);
        }
    }

    /// Sends a request and waits for its answer (other messages on the way are dropped).
    pub async fn request(&mut self, id: Value, method: &str, params: Value) -> Value {
        self.send_json(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.answer_to(&id).await.0
    }

    pub async fn initialize(&mut self) -> Value {
        self.send(INITIALIZE.as_bytes()).await;
        let (answer, _) = self.answer_to(&json!("init")).await;
        self.send(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            .await;
        answer
    }

    /// Pings the server; returns the messages that arrived before the ping's answer, which
    /// proves the server is still serving.
    pub async fn ping(&mut self) -> Vec<Value> {
        self.pings += 1;
        let id = json!(format!("ping-{}", self.pings));
        self.send_json(&json!({"jsonrpc": "2.0", "id": id, "method": "ping"}))
            .await;
        let (answer, before) = self.answer_to(&id).await;
        assert!(answer.get("result").is_some(), "ping answered: {answer}");
        before
    }

    pub async fn call(&mut self, id: Value, tool: &str, arguments: Value) -> Value {
        self.request(id, "tools/call", json!({"name": tool, "arguments": arguments}))
            .await
    }

    /// Closes stdin and waits for the exit status.
    pub async fn close_and_wait(&mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        self.wait().await
    }

    pub async fn wait(&mut self) -> std::process::ExitStatus {
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the server exits in time")
            .expect("exit status")
    }

    /// Sends a signal to the server process.
    #[allow(unsafe_code)] // kill(2): the test must signal the process it spawned
    pub fn signal(&self, signal: i32) {
        let pid = self.child.id().expect("the server is running") as i32;
        // SAFETY: kill(2) with a pid this test spawned and still holds.
        let rc = unsafe { libc::kill(pid, signal) };
        assert_eq!(rc, 0, "signal delivered");
    }
}

/// The error object of an answer, or `None` for a result.
pub fn error_of(answer: &Value) -> Option<(i64, String)> {
    let e = answer.get("error")?;
    Some((
        e["code"].as_i64().unwrap_or(0),
        e["message"].as_str().unwrap_or("").to_owned(),
    ))
}

/// The text of a tool result and whether it is an error result.
pub fn tool_text(answer: &Value) -> (bool, String) {
    let result = &answer["result"];
    let text = result["content"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|c| c["text"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    (result["isError"] == json!(true), text)
}
