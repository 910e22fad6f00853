//! Properties of the write tools and their body schemas, checked on the embedded files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use mist_catalog::{BODIES_JSON, BodyType, catalog};
use serde_json::Value;

#[test]
fn every_write_tool_is_a_post_put_or_delete_in_a_known_category_with_our_words() {
    let catalog = catalog();
    assert_eq!(catalog.write_tools().len(), 530, "the spec holds 530 writes");
    for tool in catalog.write_tools() {
        assert!(
            matches!(tool.method.as_str(), "POST" | "PUT" | "DELETE"),
            "{}",
            tool.name
        );
        assert!(tool.is_write());
        assert!(catalog.category(&tool.category).is_some(), "{}", tool.name);
        assert_eq!(catalog.tool(&tool.name).map(|t| &t.method), Some(&tool.method));
        let len = tool.description.chars().count();
        assert!((20..=180).contains(&len), "{}: {len}", tool.name);
        if tool.is_delete() {
            assert!(tool.destructive && tool.is_idempotent(), "{}", tool.name);
        }
    }
}

#[test]
fn every_json_body_has_a_schema_whose_references_resolve_in_defs() {
    let bodies: Value = serde_json::from_str(BODIES_JSON).unwrap();
    let defs = bodies["defs"].as_object().unwrap();
    let schemas = bodies["bodies"].as_object().unwrap();
    for tool in catalog().write_tools() {
        if tool.body == Some(BodyType::Json) {
            assert!(
                schemas.contains_key(&tool.name),
                "{} has no body schema",
                tool.name
            );
        }
    }
    let text = BODIES_JSON;
    for part in text.split("\"$ref\":\"#/$defs/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(defs.contains_key(name), "dangling reference to {name}");
    }
    assert!(!text.contains("\"description\":\""), "no prose is kept");
}
