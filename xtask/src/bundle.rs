//! `cargo xtask bundle`: the MCP bundle (`.mcpb`) directory for one-click installs in Claude
//! Desktop: a manifest whose user configuration asks for the token (marked sensitive, so the
//! client keeps it in the system's secret store) and the cloud, plus the release binary.

use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Where the bundle's files are assembled.
pub fn bundle_dir(root: &Path) -> PathBuf {
    root.join("target/bundle")
}

/// The bundle manifest for mistmcp `version`, in the format of manifest version 0.3.
pub fn manifest(version: &str) -> Value {
    json!({
        "manifest_version": "0.3",
        "name": "mistmcp",
        "display_name": "Juniper Mist",
        "version": version,
        "description": "Read-only tools for the Juniper Mist cloud API: orgs, sites, devices, clients, SLEs",
        "long_description": "Gives Claude read-only access to a Juniper Mist organization: sites, \
            devices, clients, events, alarms, SLEs, rogues and upgrades, with prompts for a site \
            health check, a client that cannot connect, a device down, firmware compliance, rogue \
            AP review and what changed.",
        "author": { "name": "mistmcp contributors" },
        "license": "MIT",
        "keywords": ["juniper", "mist", "wifi", "network"],
        "server": {
            "type": "binary",
            "entry_point": "server/mistmcp",
            "mcp_config": {
                "command": "${__dirname}/server/mistmcp",
                "args": [],
                "env": {
                    "MIST_APITOKEN": "${user_config.mist_api_token}",
                    "MIST_HOST": "${user_config.mist_host}"
                }
            }
        },
        "user_config": {
            "mist_api_token": {
                "type": "string",
                "title": "Mist API token",
                "description": "An API token from the Mist portal (My Account > API Token)",
                "sensitive": true,
                "required": true
            },
            "mist_host": {
                "type": "string",
                "title": "Mist cloud",
                "description": "The API host of your Mist cloud, e.g. api.mist.com or api.eu.mist.com",
                "default": "api.mist.com",
                "required": true
            }
        },
        "compatibility": { "platforms": ["darwin", "linux"] }
    })
}

/// Writes the manifest and, unless `manifest_only`, builds and copies the release binary.
pub fn write(root: &Path, version: &str, manifest_only: bool) -> Result<PathBuf> {
    let dir = bundle_dir(root);
    std::fs::create_dir_all(dir.join("server")).with_context(|| format!("creating {}", dir.display()))?;
    let text = serde_json::to_string_pretty(&manifest(version))? + "\n";
    std::fs::write(dir.join("manifest.json"), text).context("writing manifest.json")?;
    if manifest_only {
        return Ok(dir);
    }
    let binary = crate::release::binary(root)?;
    std::fs::copy(binary, dir.join("server/mistmcp")).context("copying the binary")?;
    Ok(dir)
}
