//! `cargo xtask ui`: the MCP Apps views, bundled from `ui/` into `crates/mistmcp/ui/*.html`.
//!
//! It installs the pinned JavaScript dependencies exactly as `ui/package-lock.json` says
//! (`npm ci`, no install scripts run), then runs `ui/build.mjs`, which writes one
//! self-contained page per view. `--check` builds into `target/ui-check` and compares: the
//! checked-in pages must be what the sources give, byte for byte.

use anyhow::{Context, Result, ensure};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The views' sources and their lock file.
pub fn source_dir(root: &Path) -> PathBuf {
    root.join("ui")
}

/// Where the pages the server embeds are checked in.
pub fn pages_dir(root: &Path) -> PathBuf {
    root.join("crates/mistmcp/ui")
}

/// Where `--check` builds the pages it compares.
pub fn check_dir(root: &Path) -> PathBuf {
    root.join("target/ui-check")
}

/// Installs the dependencies and builds the pages into `out`.
pub fn build(root: &Path, out: &Path) -> Result<()> {
    let source = source_dir(root);
    run(
        Command::new("npm")
            .args([
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(&source),
        "npm ci",
    )?;
    run(
        Command::new("node")
            .arg("build.mjs")
            .arg("--out")
            .arg(out)
            .current_dir(&source),
        "node build.mjs",
    )
}

/// The pages of `built` that differ from the checked-in ones, or exist on one side only.
pub fn differences(built: &Path, checked_in: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for dir in [built, checked_in] {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".html") && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names
        .into_iter()
        .filter(|name| std::fs::read(built.join(name)).ok() != std::fs::read(checked_in.join(name)).ok())
        .collect())
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("{what}: cannot start it (are node and npm installed?)"))?;
    ensure!(status.success(), "{what} failed ({status})");
    Ok(())
}

/// `cargo xtask ui [--check]`: `Ok(None)` when done, `Ok(Some(message))` when stale.
pub fn command(root: &Path, check: bool) -> Result<Option<String>> {
    if !check {
        build(root, &pages_dir(root))?;
        return Ok(None);
    }
    let out = check_dir(root);
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    build(root, &out)?;
    let stale = differences(&out, &pages_dir(root))?;
    if stale.is_empty() {
        println!("the views in {} are up to date", pages_dir(root).display());
        return Ok(None);
    }
    Ok(Some(format!(
        "these views differ from what ui/ builds: {}; run `cargo xtask ui` and commit the result",
        stale.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_differs_or_is_missing_on_one_side_is_named() {
        let base = std::env::temp_dir().join(format!("xtask-ui-{}", std::process::id()));
        let (built, kept) = (base.join("built"), base.join("kept"));
        for dir in [&built, &kept] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("same.html"), "same").unwrap();
        }
        std::fs::write(built.join("changed.html"), "new").unwrap();
        std::fs::write(kept.join("changed.html"), "old").unwrap();
        std::fs::write(built.join("added.html"), "x").unwrap();
        std::fs::write(kept.join("notes.txt"), "not a page").unwrap();
        let found = differences(&built, &kept).unwrap();
        std::fs::remove_dir_all(&base).unwrap();
        assert_eq!(found, ["added.html", "changed.html"]);
    }
}
