//! The simulator's checked-in write operations (`data/write-ops.json`) and their request and
//! response shapes (`data/write-shapes.json`) are exactly what the spec gives. Regenerate both
//! with `MIST_SIM_REGENERATE=1 cargo test -p mist-sim --test sim write_shapes`.
//!
//! The shapes are compacted by the same code as the read shapes (`cargo xtask sim-shapes`): each
//! write operation's JSON request body becomes the shape `req:<operationId>` and its 200 body
//! the shape `res:<operationId>` of a synthetic document that only the renderer reads.

use crate::support;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

const METHODS: &[&str] = &["post", "put", "delete"];

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(name)
}

/// How a request body is sent: `json`, `multipart` (file uploads) or `none`.
fn body_kind(op: &Value) -> &'static str {
    match op.pointer("/requestBody/content").and_then(Value::as_object) {
        Some(c) if c.contains_key("application/json") => "json",
        Some(c) if !c.is_empty() => "multipart",
        _ => "none",
    }
}

/// Both files' bytes, from the spec with the project's patches applied.
fn generate(doc: &Value) -> (String, String) {
    let version = doc["info"]["version"].clone();
    let mut index = Vec::new();
    let mut paths = Map::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let id = op["operationId"].as_str().expect("operationId");
            let kind = body_kind(op);
            index.push(json!([id, method.to_ascii_uppercase(), path, kind]));
            if kind == "json" {
                let content = json!({"application/json": op["requestBody"]["content"]["application/json"]});
                paths.insert(
                    format!("/req/{id}"),
                    json!({"get": {"operationId": format!("req:{id}"), "responses": {"200": {"content": content}}}}),
                );
            }
            let res = op.pointer("/responses/200").cloned().unwrap_or(Value::Null);
            paths.insert(
                format!("/res/{id}"),
                json!({"get": {"operationId": format!("res:{id}"), "responses": {"200": res}}}),
            );
        }
    }
    index.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    let synthetic = json!({"info": {"version": version}, "paths": paths, "components": doc["components"]});
    let shapes = xtask::sim_shapes::render(&synthetic).expect("the shapes render");
    let mut ops = format!("{{\"spec\":{version},\n\"ops\":[");
    for (i, entry) in index.iter().enumerate() {
        ops.push_str(if i == 0 { "\n" } else { ",\n" });
        ops.push_str(&entry.to_string());
    }
    ops.push_str("]}\n");
    (ops, shapes)
}

#[test]
fn regenerating_the_write_operations_gives_the_checked_in_bytes() {
    let Some(shared) = support::spec::shared_dir() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("mist-openapi/mist.openapi.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    support::spec::apply_patches(&mut doc, &support::spec::patches());
    let (ops, shapes) = generate(&doc);
    if std::env::var_os("MIST_SIM_REGENERATE").is_some() {
        std::fs::write(data("write-ops.json"), &ops).unwrap();
        std::fs::write(data("write-shapes.json"), &shapes).unwrap();
    }
    let stale = "is stale: run `MIST_SIM_REGENERATE=1 cargo test -p mist-sim --test sim write_shapes`";
    assert!(
        std::fs::read_to_string(data("write-ops.json")).unwrap_or_default() == ops,
        "data/write-ops.json {stale}"
    );
    assert!(
        std::fs::read_to_string(data("write-shapes.json")).unwrap_or_default() == shapes,
        "data/write-shapes.json {stale}"
    );
}
