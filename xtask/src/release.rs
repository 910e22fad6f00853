//! The release build that `cargo xtask image` and `cargo xtask dist` ship: one `cargo build
//! --release -p mistmcp`, so when CI has built it already both commands reuse it as it is.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version every artifact carries: the workspace's, which is mistmcp's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Builds the release binary (a no-op when it is current) and returns its path.
pub fn binary(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .args(["build", "--release", "--locked", "-p", "mistmcp"])
        .current_dir(root);
    // `cargo xtask` runs under `cargo run`, which describes xtask to it in the environment.
    // Build scripts that watch those variables (ring's watches CARGO_MANIFEST_DIR) would see
    // them change and rebuild what a plain `cargo build --release` just built.
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(describes_the_running_package) {
            build.env_remove(&name);
        }
    }
    let status = build.status().context("running cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p mistmcp failed");
    }
    let path = target_dir(root).join("release/mistmcp");
    if !path.is_file() {
        bail!("{} is missing after the build", path.display());
    }
    Ok(path)
}

/// Whether `name` is one of the variables cargo sets for the package it runs (as opposed to
/// the settings of cargo itself: CARGO, CARGO_HOME, CARGO_TARGET_DIR, ...).
fn describes_the_running_package(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || matches!(
            name,
            "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
        )
}

/// The cargo target directory: `CARGO_TARGET_DIR` when set, else the workspace's `target/`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The commit being built, for the image's revision label; "unknown" outside a git checkout.
pub fn revision(root: &Path) -> String {
    Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// The target triple of the running toolchain's host (`rustc -vV`), which names a tarball.
pub fn host_triple() -> Result<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc)
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(|host| host.trim().to_owned())
        .context("rustc -vV names no host")
}

/// Runs `command`, failing with its name and its error output when it fails.
pub fn run(command: &mut Command) -> Result<String> {
    let shown = format!("{command:?}");
    let out = command.output().with_context(|| format!("running {shown}"))?;
    if !out.status.success() {
        bail!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_packages_description_is_dropped_and_cargos_settings_are_kept() {
        for name in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PKG_VERSION",
            "CARGO_CRATE_NAME",
            "CARGO_PRIMARY_PACKAGE",
        ] {
            assert!(describes_the_running_package(name), "{name}");
        }
        for name in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_INCREMENTAL",
            "PATH",
        ] {
            assert!(!describes_the_running_package(name), "{name}");
        }
    }
}
