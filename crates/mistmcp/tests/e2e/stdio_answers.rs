//! Answers in few tokens, over stdio against the demo's simulated org: the compact text of
//! lists, `fields`, and the structured content that stays JSON.

use crate::harness::stdio::*;
use serde_json::{Value, json};

/// (compact JSON of the structured content, text content) in bytes.
fn sizes(result: &rmcp::model::CallToolResult) -> (usize, usize) {
    assert!(!is_error(result), "{}", text_of(result));
    let json = serde_json::to_vec(result.structured_content.as_ref().unwrap())
        .unwrap()
        .len();
    (json, text_of(result).len())
}

fn notes(result: &rmcp::model::CallToolResult) -> String {
    result
        .structured_content
        .as_ref()
        .map(|s| s["notes"].to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_demo_device_search_reads_in_60_percent_of_its_json_and_15_with_fields() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let org = sim.org_id();
    let whole = call(&client, "searchOrgDevices", json!({"org_id": org})).await;
    let (json_bytes, text_bytes) = sizes(&whole);
    let devices = data(&whole)["results"].as_array().unwrap().len();
    assert_eq!(
        Some(devices as u64),
        data(&whole)["total"].as_u64(),
        "every device is in one answer"
    );
    let narrow = call(
        &client,
        "searchOrgDevices",
        json!({"org_id": org, "fields": "name,type,model,ip,version"}),
    )
    .await;
    let (_, narrow_text) = sizes(&narrow);
    eprintln!(
        "device search ({devices}): json {json_bytes} B, text {text_bytes} B ({:.0} %), fields {narrow_text} B ({:.0} %)",
        100.0 * text_bytes as f64 / json_bytes as f64,
        100.0 * narrow_text as f64 / json_bytes as f64
    );
    assert!(
        text_bytes * 100 <= json_bytes * 60,
        "text {text_bytes} of {json_bytes}"
    );
    assert!(
        narrow_text * 100 <= json_bytes * 15,
        "fields text {narrow_text} of {json_bytes}"
    );
    let text = text_of(&narrow);
    let table = text
        .split_once(&format!("data.results ({devices}):\n"))
        .expect("a table")
        .1;
    let header = table.lines().find(|l| !l.starts_with("every item: ")).unwrap();
    // The spec's device search items carry no `name` (a note says so); the others are columns.
    let asked = ["name", "type", "model", "ip", "version"];
    assert!(
        header.split('|').all(|c| asked.contains(&c))
            && ["model", "ip", "version"]
                .iter()
                .all(|c| header.split('|').any(|h| h == *c)),
        "{text}"
    );
    let bars = header.matches('|').count();
    let rows = table.lines().take_while(|l| !l.starts_with("pagination: "));
    assert_eq!(
        rows.filter(|l| l.matches('|').count() == bars).count(),
        devices + 1,
        "{text}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn searches_of_clients_alarms_and_device_events_read_shorter_as_text() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let org = sim.org_id();
    let cases = [
        ("searchOrgWirelessClients", "mac,hostname,ip,ssid,ap"),
        ("searchOrgAlarms", "type,severity,group,timestamp"),
        ("searchOrgDeviceEvents", "mac,type,text,timestamp"),
    ];
    for (tool, fields) in cases {
        let whole = call(&client, tool, json!({"org_id": org})).await;
        let (json_bytes, text_bytes) = sizes(&whole);
        let narrow = call(&client, tool, json!({"org_id": org, "fields": fields})).await;
        let (_, narrow_text) = sizes(&narrow);
        eprintln!("{tool}: json {json_bytes} B, text {text_bytes} B, fields={fields} {narrow_text} B");
        assert!(
            text_bytes < json_bytes,
            "{tool}: text {text_bytes} of {json_bytes}"
        );
        assert!(
            narrow_text < text_bytes,
            "{tool}: fields {narrow_text} of {text_bytes}"
        );
        assert!(
            !notes(&narrow).contains("no item has"),
            "{tool}: {}",
            notes(&narrow)
        );
    }
    client.cancel().await.ok();
}

#[tokio::test]
async fn structured_content_stays_json_with_only_the_fields_asked() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let result = call(
        &client,
        "searchOrgDevices",
        json!({"org_id": sim.org_id(), "fields": ["model", "name"]}),
    )
    .await;
    for device in data(&result)["results"].as_array().unwrap() {
        let keys: Vec<&String> = device.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|k| *k == "model" || *k == "name"), "{keys:?}");
    }
    assert!(data(&result)["total"].is_number(), "the search's own fields stay");
    client.cancel().await.ok();
}

#[tokio::test]
async fn an_unknown_field_gets_a_note_listing_the_available_ones() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let result = call(
        &client,
        "getOrg",
        json!({"org_id": sim.org_id(), "fields": "name,colour"}),
    )
    .await;
    assert!(!is_error(&result), "{}", text_of(&result));
    assert_eq!(data(&result), &json!({"name": data(&result)["name"].clone()}));
    let notes = notes(&result);
    assert!(
        notes.contains("no item has colour") && notes.contains("id"),
        "{notes}"
    );
    assert!(
        text_of(&result).contains("note: fields: no item has colour"),
        "{}",
        text_of(&result)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn dot_paths_keep_nested_fields() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("-m").arg("all").connect().await;
    let whole = call(&client, "getSelf", json!({})).await;
    let privileges = data(&whole)["privileges"].as_array().unwrap().clone();
    assert!(privileges[0]["role"].is_string(), "{privileges:?}");
    let narrow = call(&client, "getSelf", json!({"fields": "privileges.role,email"})).await;
    let kept = data(&narrow)["privileges"].as_array().unwrap();
    assert_eq!(kept.len(), privileges.len());
    for item in kept {
        assert_eq!(item.as_object().unwrap().keys().collect::<Vec<_>>(), ["role"]);
    }
    assert!(data(&narrow).get("first_name").is_none());
    let _: &Value = &data(&narrow)["email"];
    client.cancel().await.ok();
}
