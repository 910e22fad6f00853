//! Any bytes as an HTTP request body: the body check never panics; a refusal is a bounded
//! JSON-RPC error (400, or 404 for an unknown method) whose id is the body's own or null; what
//! passes is the body itself (a byte-order mark dropped) and one JSON object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mistmcp::intake::{RefusalBody, judge_body};
use serde_json::Value;

fuzz_target!(|body: &[u8]| {
    match judge_body(body) {
        Ok(kept) => {
            let unmarked = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            assert_eq!(kept, unmarked);
            let value: Value = serde_json::from_slice(kept).expect("a passed body parses");
            assert!(value.is_object());
        }
        Err(refusal) => {
            assert!([400, 404].contains(&refusal.status.as_u16()), "{}", refusal.status);
            let RefusalBody::Rpc(answer) = refusal.body else {
                panic!("a body refusal is a JSON-RPC error")
            };
            assert_eq!(answer["jsonrpc"], "2.0");
            let code = answer["error"]["code"].as_i64().expect("an error code");
            assert!([-32700, -32600, -32601, -32602].contains(&code), "{code}");
            let message = answer["error"]["message"].as_str().expect("a message");
            assert!(message.len() < 1024, "message of {} bytes", message.len());
            if !answer["id"].is_null() {
                let unmarked = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
                let sent: Value = serde_json::from_slice(unmarked).expect("an id was read from JSON");
                assert_eq!(sent["id"], answer["id"]);
            }
        }
    }
});
