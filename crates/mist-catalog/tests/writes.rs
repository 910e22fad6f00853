//! Properties of the write tools and their body schemas, checked on the embedded files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use mist_catalog::{BODIES_JSON, BodyType, Deletes, catalog};
use serde_json::Value;
use std::collections::BTreeSet;

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
        if tool.method == mist_catalog::Method::Delete {
            assert!(tool.is_delete() && tool.is_idempotent(), "{}", tool.name);
        }
        if !tool.deletes.is_no() {
            assert!(tool.destructive, "a delete is destructive: {}", tool.name);
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

/// The tool names quoted in the README's list of writes that delete through POST or PUT.
fn readme_deletes() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let start = readme
        .find("**What counts as a delete**")
        .expect("the README lists the deletes");
    let section = &readme[start..];
    let section = &section[..section.find("**Confirmation before").unwrap()];
    section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| catalog().tool(word).is_some())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_writes_that_delete_through_post_or_put_are_the_ones_the_readme_lists() {
    let catalog = catalog();
    let deleting: BTreeSet<String> = catalog
        .write_tools()
        .iter()
        .filter(|t| t.method != mist_catalog::Method::Delete && !t.deletes.is_no())
        .map(|t| t.name.clone())
        .collect();
    for named in [
        "deleteOrgPskList",
        "deleteOrgSsoAdmins",
        "updateOrgInventoryAssignment",
    ] {
        assert!(deleting.contains(named), "{named} deletes");
    }
    assert_eq!(deleting, readme_deletes());
    let inventory = catalog.tool("updateOrgInventoryAssignment").unwrap();
    assert!(matches!(&inventory.deletes, Deletes::When { field, .. } if field == "op"));
    assert!(inventory.deletes_with(Some(&serde_json::json!({"op": "delete"}))));
    assert!(!inventory.deletes_with(Some(&serde_json::json!({"op": "assign"}))));
    assert!(catalog.tool("deleteOrgPskList").unwrap().is_delete());
}
