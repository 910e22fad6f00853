//! Any bytes as what a caller controls in a write and a read: the `fields` argument, and the
//! body of an update planned against an object. Parsing and keeping `fields` never panics and
//! stays within its bounds; a plan either is refused as too large or its form message is
//! bounded, ends with what confirming does, cannot be given a forged line, and names every
//! field the plan lists.
//!
//! Input: a JSON array `[current, body, fields]` (the seeds), or any other bytes, taken as the
//! `fields` text and as the one key of a body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mistmcp_engine::fields::{Fields, MAX_NAMES};
use mistmcp_engine::{SecretPolicy, plan, plan_text};
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let (current, body, fields) = match serde_json::from_slice::<Value>(data) {
        Ok(Value::Array(mut parts)) if parts.len() == 3 => {
            let fields = parts.pop().unwrap_or_default();
            let body = parts.pop().unwrap_or_default();
            (parts.pop().unwrap_or_default(), body, fields)
        }
        _ => {
            let text = String::from_utf8_lossy(data).into_owned();
            (json!({"ssid": "corp"}), json!({text.clone(): 1, "vlan_id": 2}), json!(text))
        }
    };

    if let Ok(parsed) = Fields::parse(&fields) {
        assert!(parsed.names().len() <= MAX_NAMES);
        let mut answer = json!([current.clone(), body.clone()]);
        if let Some(note) = parsed.select(&mut answer) {
            assert!(note.len() < 16 * 1024, "a fields note is bounded: {} bytes", note.len());
        }
    }

    let catalog = mist_catalog::catalog();
    let Some(tool) = catalog.tool("updateSiteWlan") else { return };
    let Ok(planned) = plan::plan(tool, "/api/v1/sites/s/wlans/w", Some(&body), Some(Ok(current)), SecretPolicy::Withhold)
    else {
        return;
    };
    let message = plan_text::message(&planned);
    assert!(message.len() <= plan_text::MAX_MESSAGE);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("Nothing is sent")).count(), 1, "{message}");
    if planned["changes_count"] != 0 {
        assert!(!lines.iter().any(|l| l.starts_with("Changes: none")), "{message}");
    }
    for change in planned["changes"].as_array().into_iter().flatten() {
        let field = change["field"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("- {field}")), "{field} is named: {message}");
    }
});
