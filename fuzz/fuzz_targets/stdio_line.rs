//! Any bytes as one stdio line: the intake never panics, and whatever it answers is a
//! well-formed, bounded JSON-RPC error that carries the line's own id or null.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mistmcp::intake::{Intake, Verdict};
use serde_json::Value;

const INIT: &[u8] = br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"f","version":"1"}}}"#;

fuzz_target!(|line: &[u8]| {
    let mut fresh = Intake::new();
    let mut started = Intake::new();
    let _ = started.judge(INIT);
    for intake in [&mut fresh, &mut started] {
        match intake.judge(line) {
            Verdict::Answer(answer) => check_answer(line, &answer),
            Verdict::Forward { request, .. } => {
                // Only a JSON object is ever passed on, and a tracked id is the line's own.
                let sent: Value = serde_json::from_slice(strip(line)).expect("forwarded lines parse");
                assert!(sent.is_object());
                if let Some(key) = request {
                    assert_eq!(sent["id"].to_string(), key);
                }
            }
            Verdict::Ignore(_) => {}
        }
    }
});

fn strip(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
}

fn check_answer(line: &[u8], answer: &Value) {
    assert_eq!(answer["jsonrpc"], "2.0");
    let code = answer["error"]["code"].as_i64().expect("an error code");
    assert!([-32700, -32600, -32601, -32602].contains(&code), "{code}");
    let message = answer["error"]["message"].as_str().expect("a message");
    assert!(message.len() < 1024, "message of {} bytes", message.len());
    let id = &answer["id"];
    if !id.is_null() {
        let sent: Value = serde_json::from_slice(strip(line)).expect("an id was read from JSON");
        assert_eq!(&sent["id"], id);
    }
}
