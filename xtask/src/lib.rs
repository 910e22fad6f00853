//! Code generation for the workspace, run as `cargo xtask ...`.
//!
//! `catalog` rebuilds `catalog/catalog.json` from the Mist OpenAPI document and the overlay in
//! `catalog/overlay/`; `readme` rewrites the categories table of `README.md` from that catalog.
//! The logic lives in this library so tests can run it exactly as the command does.

pub mod generate;
pub mod overlay;
pub mod params;
pub mod readme;
pub mod response;
pub mod rules;
pub mod sim_shapes;
pub mod spec;

use anyhow::{Context, Result};
use mist_catalog::Catalog;
use serde::Serialize;
use serde_json::ser::{PrettyFormatter, Serializer};
use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Where the shared reference material is checked out next to the workspace.
pub fn shared_dir(root: &Path) -> PathBuf {
    root.join("../shared")
}

/// The OpenAPI document read when `--spec` is not given.
pub fn default_spec_path(root: &Path) -> PathBuf {
    shared_dir(root).join("mist-openapi/mist.openapi.json")
}

pub fn overlay_dir(root: &Path) -> PathBuf {
    root.join("catalog/overlay")
}

pub fn catalog_path(root: &Path) -> PathBuf {
    root.join("catalog/catalog.json")
}

pub fn readme_path(root: &Path) -> PathBuf {
    root.join("README.md")
}

/// Generates the catalog and renders it as the bytes of `catalog/catalog.json`.
pub fn catalog_json(spec_path: &Path, overlay_dir: &Path) -> Result<String> {
    let spec = spec::Spec::load(spec_path)?;
    let overlay = overlay::Overlay::load(overlay_dir)?;
    let catalog = generate::generate(&spec, &overlay)?;
    to_json(&catalog)
}

/// The file format: one-space indented JSON with a trailing newline, so diffs stay readable
/// and the same catalog always gives the same bytes.
pub fn to_json(catalog: &Catalog) -> Result<String> {
    let mut out = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(b" "));
    catalog
        .serialize(&mut serializer)
        .context("serializing the catalog")?;
    out.push(b'\n');
    String::from_utf8(out).context("the catalog JSON is not UTF-8")
}
