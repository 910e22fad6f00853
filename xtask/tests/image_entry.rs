//! The image's static labels, `server.json`'s `oci` package and the workspace manifest say the
//! same things: the registry name, the source, the license and the version.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use serde_json::Value;
use std::collections::BTreeMap;
use xtask::workspace_root;

fn entry() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("server.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn workspace_package() -> toml::Table {
    let text = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    manifest["workspace"]["package"].as_table().unwrap().clone()
}

/// The `LABEL key="value"` pairs of the Dockerfile, continuation lines joined.
fn labels() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(workspace_root().join("Dockerfile")).unwrap();
    let joined = text.replace("\\\n", " ");
    let mut labels = BTreeMap::new();
    for line in joined.lines().filter(|l| l.starts_with("LABEL ")) {
        for pair in line["LABEL ".len()..].split("\" ") {
            let (key, value) = pair.trim().split_once('=').expect("key=value");
            labels.insert(key.to_owned(), value.trim_matches('"').to_owned());
        }
    }
    labels
}

#[test]
fn the_image_labels_name_the_registry_entry_the_source_and_the_license() {
    let labels = labels();
    let package = workspace_package();
    assert_eq!(
        labels["io.modelcontextprotocol.server.name"],
        entry()["name"].as_str().unwrap()
    );
    assert_eq!(
        labels["org.opencontainers.image.source"],
        package["repository"].as_str().unwrap()
    );
    assert_eq!(
        labels["org.opencontainers.image.licenses"],
        package["license"].as_str().unwrap()
    );
    assert_eq!(labels["org.opencontainers.image.version"], "${VERSION}");
    assert_eq!(labels["org.opencontainers.image.revision"], "${REVISION}");
}

#[test]
fn the_oci_package_is_the_image_of_this_version_on_the_source_repositorys_registry() {
    let root = workspace_root();
    let identifier = xtask::image::oci_identifier(&root).unwrap();
    let version = workspace_package()["version"].as_str().unwrap().to_owned();
    assert_eq!(entry()["version"], version.as_str());
    let repository = workspace_package()["repository"].as_str().unwrap().to_owned();
    let path = repository.strip_prefix("https://github.com/").unwrap();
    assert_eq!(identifier, format!("ghcr.io/{path}:{version}"));
}

#[test]
fn the_oci_package_runs_over_stdio_with_the_token_as_a_secret_like_the_crate() {
    let entry = entry();
    let packages = entry["packages"].as_array().unwrap();
    let oci = packages.iter().find(|p| p["registryType"] == "oci").unwrap();
    let cargo = packages.iter().find(|p| p["registryType"] == "cargo").unwrap();
    assert_eq!(oci["transport"]["type"], "stdio");
    assert!(
        oci.get("version").is_none(),
        "an oci package's version is its tag"
    );
    assert_eq!(oci["environmentVariables"], cargo["environmentVariables"]);
}

#[test]
fn the_build_context_is_the_assembled_tree_alone() {
    let text = std::fs::read_to_string(workspace_root().join(".dockerignore")).unwrap();
    let rules: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(rules, ["*", "!target/image/rootfs/"]);
    let dockerfile = std::fs::read_to_string(workspace_root().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("COPY target/image/rootfs/ /"));
    assert!(dockerfile.contains(&format!("ENTRYPOINT [\"/{}\"]", xtask::image::BINARY_IN_IMAGE)));
    assert!(dockerfile.lines().any(|l| l == "FROM scratch"));
    assert!(dockerfile.lines().any(|l| l == "USER 65532:65532"));
}

/// The `image:` lines of a deployment file that name the server's own image.
fn own_images(relative: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join(relative)).unwrap();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("image:"))
        .map(|image| image.trim().to_owned())
        .filter(|image| image.contains("/mistmcp:"))
        .collect()
}

#[test]
fn the_compose_file_and_the_kubernetes_deployment_run_the_image_server_json_names() {
    let identifier = xtask::image::oci_identifier(&workspace_root()).unwrap();
    for file in ["deploy/compose.yaml", "deploy/kubernetes/deployment.yaml"] {
        assert_eq!(own_images(file), std::slice::from_ref(&identifier), "{file}");
    }
}
