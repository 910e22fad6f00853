//! Code generation for the workspace, run as `cargo xtask ...`.
//!
//! `catalog` rebuilds `crates/mist-catalog/catalog.json` from the Mist OpenAPI document and the overlay in
//! `catalog/overlay/`; `readme` rewrites the categories table of `README.md` from that catalog.
//! The logic lives in this library so tests can run it exactly as the command does.

pub mod answer;
pub mod bodies;
pub mod bundle;
pub mod dist;
pub mod generate;
pub mod image;
pub mod overlay;
pub mod params;
pub mod readme;
pub mod release;
pub mod response;
pub mod rules;
pub mod sim_shapes;
pub mod sources;
pub mod spec;
#[cfg(test)]
mod test_support;
pub mod ui;
pub mod words;
pub mod workflows;
pub mod writes;

use anyhow::{Context, Result};
use mist_catalog::Catalog;
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
    root.join("crates/mist-catalog/catalog.json")
}

pub fn bodies_path(root: &Path) -> PathBuf {
    root.join("crates/mist-catalog/bodies.json")
}

/// The two generated files: the catalog and the write tools' body schemas.
pub struct Generated {
    pub catalog: String,
    pub bodies: String,
}

/// Generates both files from the document and the overlay.
pub fn generated(spec_path: &Path, overlay_dir: &Path) -> Result<Generated> {
    let spec = spec::Spec::load(spec_path)?;
    let overlay = overlay::Overlay::load(overlay_dir)?;
    let (catalog, bodies) = generate::generate_with_bodies(&spec, &overlay)?;
    Ok(Generated {
        catalog: to_json(&catalog)?,
        bodies,
    })
}

pub fn readme_path(root: &Path) -> PathBuf {
    root.join("README.md")
}

/// Generates the catalog and renders it as the bytes of `crates/mist-catalog/catalog.json`.
pub fn catalog_json(spec_path: &Path, overlay_dir: &Path) -> Result<String> {
    Ok(generated(spec_path, overlay_dir)?.catalog)
}

/// The file format: one line per category, per tool and per shape, with a trailing newline.
/// Diffs stay readable (a changed tool is a changed line, its keys in the model's order), the
/// same catalog always gives the same bytes, and the file embedded in the binary carries no
/// indentation: a quarter smaller than indenting every value.
pub fn to_json(catalog: &Catalog) -> Result<String> {
    fn line<T: serde::Serialize>(value: &T) -> Result<String> {
        serde_json::to_string(value).context("serializing a catalog entry")
    }
    fn block(open: char, lines: Vec<String>, close: char) -> String {
        if lines.is_empty() {
            return format!("{open}{close}");
        }
        format!("{open}\n  {}\n {close}", lines.join(",\n  "))
    }
    let categories = catalog.categories.iter().map(line).collect::<Result<Vec<_>>>()?;
    let tools = catalog.tools.iter().map(line).collect::<Result<Vec<_>>>()?;
    let workflows = catalog.workflows.iter().map(line).collect::<Result<Vec<_>>>()?;
    let writes = catalog.writes.iter().map(line).collect::<Result<Vec<_>>>()?;
    let shapes = catalog
        .shapes
        .iter()
        .map(|(name, fields)| Ok(format!("{}: {}", line(name)?, line(fields)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = format!(
        "{{\n \"spec_version\": {},\n \"categories\": {},\n \"tools\": {}",
        line(&catalog.spec_version)?,
        block('[', categories, ']'),
        block('[', tools, ']')
    );
    if !workflows.is_empty() {
        out.push_str(&format!(",\n \"workflows\": {}", block('[', workflows, ']')));
    }
    if !catalog.write_verbs.is_empty() {
        out.push_str(&format!(",\n \"write_verbs\": {}", line(&catalog.write_verbs)?));
    }
    if !writes.is_empty() {
        out.push_str(&format!(",\n \"writes\": {}", block('[', writes, ']')));
    }
    if !shapes.is_empty() {
        out.push_str(&format!(",\n \"shapes\": {}", block('{', shapes, '}')));
    }
    out.push_str("\n}\n");
    Ok(out)
}
