//! `server.json`, the MCP registry entry, holds the fields the registry requires and agrees
//! with the crate it points at.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use serde_json::Value;
use xtask::workspace_root;

fn entry() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("server.json")).expect("server.json exists");
    serde_json::from_str(&text).expect("server.json is JSON")
}

/// The `version` of the mistmcp package, read from its manifest and the workspace's.
fn crate_version() -> String {
    let root = workspace_root();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["workspace"]["package"]["version"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn the_registry_entry_has_the_required_fields_and_the_crate_version() {
    let entry = entry();
    assert!(
        entry["$schema"]
            .as_str()
            .unwrap()
            .ends_with("/server.schema.json")
    );
    let name = entry["name"].as_str().unwrap();
    let (namespace, server) = name.split_once('/').expect("name is namespace/server");
    assert!(
        namespace.contains('.') && !server.is_empty() && !server.contains('/'),
        "{name}"
    );
    let description = entry["description"].as_str().unwrap();
    assert!(
        !description.is_empty() && description.len() <= 100,
        "description: 1 to 100 characters"
    );
    let version = crate_version();
    assert_eq!(entry["version"], version.as_str());

    let package = &entry["packages"][0];
    assert_eq!(package["registryType"], "cargo");
    assert_eq!(package["identifier"], "mistmcp");
    assert_eq!(package["version"], version.as_str());
    assert_eq!(package["transport"]["type"], "stdio");
}

#[test]
fn the_token_is_a_required_secret_and_the_host_is_declared() {
    let entry = entry();
    let variables = entry["packages"][0]["environmentVariables"].as_array().unwrap();
    let find = |name: &str| {
        variables
            .iter()
            .find(|v| v["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let token = find("MIST_APITOKEN");
    assert_eq!(token["isSecret"], true);
    assert_eq!(token["isRequired"], true);
    assert!(token.get("default").is_none(), "a secret has no default");
    assert_eq!(find("MIST_HOST")["isSecret"], false);
    for variable in variables {
        assert!(
            variable["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{variable}"
        );
    }
}

#[test]
fn the_readme_names_the_registry_entry_as_visible_text() {
    // crates.io drops HTML comments, so the ownership line must be plain text.
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let name = entry()["name"].as_str().unwrap().to_owned();
    let line = readme
        .lines()
        .find(|l| l.contains(&format!("mcp-name: {name}")))
        .expect("README carries mcp-name");
    assert!(!line.contains("<!--"), "{line}");
}

#[test]
fn the_bundle_asks_for_the_token_as_a_sensitive_setting_and_passes_it_in_the_environment() {
    let manifest = xtask::bundle::manifest(&crate_version());
    assert_eq!(manifest["version"], entry()["version"]);
    let token = &manifest["user_config"]["mist_api_token"];
    assert_eq!(token["sensitive"], true);
    assert_eq!(token["required"], true);
    assert_eq!(manifest["user_config"]["mist_host"]["default"], "api.mist.com");
    let env = &manifest["server"]["mcp_config"]["env"];
    assert_eq!(env["MIST_APITOKEN"], "${user_config.mist_api_token}");
    assert_eq!(env["MIST_HOST"], "${user_config.mist_host}");
    let entry_point = manifest["server"]["entry_point"].as_str().unwrap();
    assert!(
        manifest["server"]["mcp_config"]["command"]
            .as_str()
            .unwrap()
            .ends_with(entry_point)
    );
}
