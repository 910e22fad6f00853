//! The checked-in catalog is exactly what the generator makes from the spec and the overlay.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;
use xtask::{catalog_json, catalog_path, overlay_dir, workspace_root};

#[test]
fn regenerating_gives_the_checked_in_bytes() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = workspace_root();
    let spec = shared.join("mist-openapi/mist.openapi.json");
    let generated = catalog_json(&spec, &overlay_dir(&root)).expect("the generator succeeds");
    let checked_in = std::fs::read_to_string(catalog_path(&root)).expect("catalog.json exists");
    assert!(
        generated == checked_in,
        "crates/mist-catalog/catalog.json is stale: run `cargo xtask catalog`"
    );
    let again = catalog_json(&spec, &overlay_dir(&root)).expect("the generator succeeds");
    assert_eq!(generated, again, "the same input gives the same bytes");
}

#[test]
fn regenerating_gives_the_checked_in_body_schemas() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = workspace_root();
    let spec = shared.join("mist-openapi/mist.openapi.json");
    let generated = xtask::generated(&spec, &overlay_dir(&root)).expect("the generator succeeds");
    let checked_in = std::fs::read_to_string(xtask::bodies_path(&root)).expect("bodies.json exists");
    assert!(
        generated.bodies == checked_in,
        "crates/mist-catalog/bodies.json is stale: run `cargo xtask catalog`"
    );
}

/// Rows of `seed-tools.tsv` by seed tool name: (operationId, path, pagination, response).
fn seed_rows(shared: &std::path::Path) -> BTreeMap<String, [String; 4]> {
    let text = std::fs::read_to_string(shared.join("mist-openapi/seed-tools.tsv"))
        .expect("seed-tools.tsv is readable");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let row = [f[2], f[4], f[5], f[7]].map(str::to_owned);
            (f[1].to_owned(), row)
        })
        .collect()
}

#[test]
fn derived_facts_agree_with_the_seed_mapping_except_where_the_spec_says_otherwise() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = workspace_root();
    let json = catalog_json(
        &shared.join("mist-openapi/mist.openapi.json"),
        &overlay_dir(&root),
    )
    .expect("the generator succeeds");
    let catalog = mist_catalog::Catalog::from_json(&json).expect("the output parses");
    let seed = seed_rows(&shared);
    let original: Vec<&mist_catalog::ToolDef> = catalog
        .categories
        .iter()
        .filter(|c| !c.added)
        .flat_map(|c| catalog.tools_in(&c.name))
        .collect();
    assert_eq!(seed.len(), original.len());

    // Where the seed mapping and the spec disagree, the spec decides (see `rules::pagination`):
    // bodies that declare `next` are cursors even beside `page`, and `searchSiteWanUsage`
    // declares no cursor at all.
    let decided_by_spec = BTreeMap::from([
        ("listOrgAuditLogs", "search"),
        ("listSiteRrmEvents", "search"),
        ("listSiteCurrentRrmNeighbors", "search"),
        ("searchSiteWanUsage", "limit"),
    ]);
    let mut disagreements = BTreeMap::new();
    for tool in original {
        let [operation_id, path, pagination, response] = &seed[&tool.name];
        assert_eq!(&tool.operation_id, operation_id, "{}", tool.name);
        assert_eq!(&tool.path, path, "{}", tool.name);
        let ours = serde_json::to_value(tool.pagination).expect("enum serializes");
        let ours = ours.as_str().expect("a string");
        // The seed spells limit-only pagination `limit-only` and text bodies `string`.
        let theirs = pagination.replace("limit-only", "limit");
        if ours != theirs {
            disagreements.insert(tool.name.as_str(), ours.to_owned());
        }
        let kind = serde_json::to_value(tool.response).expect("enum serializes");
        let seed_kind = response.replace("string", "text");
        assert_eq!(kind, seed_kind.as_str(), "{}", tool.name);
    }
    let disagreements: BTreeMap<&str, &str> = disagreements.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(disagreements, decided_by_spec);
}

#[test]
fn the_readme_tables_are_the_catalogs() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(xtask::readme_path(&root)).expect("README.md exists");
    let catalog = mist_catalog::Catalog::from_json(mist_catalog::CATALOG_JSON).expect("the catalog parses");
    let fresh = xtask::readme::replace_tables(&readme, &catalog).expect("README.md has both table markers");
    assert!(
        fresh == readme,
        "the categories tables are stale: run `cargo xtask readme`"
    );
}
