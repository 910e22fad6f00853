//! The simulator's checked-in response shapes are exactly what `cargo xtask sim-shapes` derives
//! from the spec and the patch file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use serde_json::{Value, json};
use xtask::sim_shapes::{apply_patches, patches_path, render, shapes_json, shapes_path};
use xtask::workspace_root;

#[test]
fn regenerating_the_simulator_shapes_gives_the_checked_in_bytes() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = workspace_root();
    let spec = shared.join("mist-openapi/mist.openapi.json");
    let generated = shapes_json(&spec, &patches_path(&root)).expect("the generator succeeds");
    let checked_in = std::fs::read_to_string(shapes_path(&root)).expect("the shapes file exists");
    assert!(
        generated == checked_in,
        "crates/mist-sim/data/response-shapes.json is stale: run `cargo xtask sim-shapes`"
    );
}

fn tiny_spec() -> Value {
    json!({
        "info": {"version": "1.0"},
        "paths": {
            "/api/v1/things": {"get": {
                "operationId": "listThings",
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "type": "array", "description": "all the things",
                    "items": {"$ref": "#/components/schemas/thing"}
                }}}}}
            }},
            "/api/v1/nothing": {"get": {"operationId": "getNothing", "responses": {"200": {}}}}
        },
        "components": {"schemas": {
            "thing": {"type": "object", "examples": [{"id": "x"}], "required": ["id"],
                      "properties": {"id": {"$ref": "#/components/schemas/thing_id"}, "n": {"type": "integer", "minimum": 1, "default": 3}}},
            "thing_id": {"type": "string", "format": "uuid", "readOnly": true}
        }}
    })
}

#[test]
fn shapes_keep_structure_and_shortened_references_but_no_prose() {
    let out = render(&tiny_spec()).expect("renders");
    let v: Value = serde_json::from_str(&out).expect("the output is JSON");
    assert_eq!(
        v["ops"]["listThings"],
        json!({"type": "array", "items": {"$ref": "thing"}})
    );
    assert_eq!(v["ops"]["getNothing"], Value::Null, "no JSON body declared");
    assert_eq!(
        v["defs"]["thing"],
        json!({"type": "object", "required": ["id"], "properties": {"id": {"$ref": "thing_id"}, "n": {"type": "integer", "minimum": 1}}})
    );
    assert_eq!(v["defs"]["thing_id"], json!({"type": "string", "format": "uuid"}));
    assert!(!out.contains("description") && !out.contains("examples") && !out.contains("default"));
}

#[test]
fn a_patch_that_names_nothing_or_gives_no_reason_is_refused() {
    let mut spec = tiny_spec();
    let missing = json!([{"pointer": "/components/schemas/gone", "value": true, "why": "test"}]);
    let err = apply_patches(&mut spec, &missing).expect_err("a stale patch fails");
    assert!(err.to_string().contains("names nothing"), "{err}");
    let silent = json!([{"pointer": "/components/schemas/thing", "value": true}]);
    let err = apply_patches(&mut spec, &silent).expect_err("a patch without a reason fails");
    assert!(err.to_string().contains("why"), "{err}");
    let good = json!([{"pointer": "/components/schemas/thing/required", "value": [], "why": "test"}]);
    apply_patches(&mut spec, &good).expect("a fitting patch applies");
    assert_eq!(spec["components"]["schemas"]["thing"]["required"], json!([]));
}
