//! `cargo xtask dist`: the release tarball for this machine's target, in `target/dist`:
//! `mistmcp-<version>-<target>.tar.gz` holding the release binary, README.md, LICENSE, a
//! CycloneDX SBOM of the binary's dependencies (made by `cargo cyclonedx`) and SHA256SUMS of
//! those four, plus the tarball's own `.sha256` beside it.

use crate::release;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The SBOM's file name, inside the tarball.
pub const SBOM: &str = "mistmcp.cdx.json";

/// The files of the tarball, in the order SHA256SUMS lists them.
pub const CONTENTS: &[&str] = &["mistmcp", "README.md", "LICENSE", SBOM];

/// Where the tarballs are made.
pub fn dist_dir(root: &Path) -> PathBuf {
    release::target_dir(root).join("dist")
}

/// Builds the release binary and the tarball; returns the tarball's path.
pub fn build(root: &Path) -> Result<PathBuf> {
    let binary = release::binary(root)?;
    let triple = release::host_triple()?;
    let name = format!("mistmcp-{}-{triple}", release::VERSION);
    let dir = dist_dir(root).join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    copy(&binary, &dir.join("mistmcp"))?;
    copy(&root.join("README.md"), &dir.join("README.md"))?;
    copy(&root.join("LICENSE"), &dir.join("LICENSE"))?;
    sbom(root, &triple, &dir.join(SBOM))?;
    std::fs::write(dir.join("SHA256SUMS"), sums(&dir, CONTENTS)?).context("writing SHA256SUMS")?;

    let tarball = dist_dir(root).join(format!("{name}.tar.gz"));
    release::run(
        Command::new("tar")
            .arg("-czf")
            .arg(&tarball)
            .arg("-C")
            .arg(dist_dir(root))
            .arg(&name),
    )?;
    let file_name = format!("{name}.tar.gz");
    let line = sums(&dist_dir(root), &[file_name.as_str()])?;
    std::fs::write(dist_dir(root).join(format!("{file_name}.sha256")), line)
        .context("writing the tarball's checksum")?;
    println!("{}", tarball.display());
    Ok(tarball)
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))
}

/// Writes the CycloneDX SBOM of the mistmcp package for `triple` to `to`. `cargo cyclonedx`
/// writes one next to the manifest of every workspace member, whichever manifest it is given:
/// mistmcp's is moved from there at once and the others are removed.
fn sbom(root: &Path, triple: &str, to: &Path) -> Result<()> {
    let manifest = root.join("crates/mistmcp/Cargo.toml");
    let stem = "mistmcp.dist-sbom";
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let result = release::run(
        Command::new(cargo)
            .args([
                "cyclonedx",
                "--format",
                "json",
                "--spec-version",
                "1.5",
                "--no-build-deps",
            ])
            .args(["--target", triple])
            .args(["--override-filename", stem])
            .arg("--manifest-path")
            .arg(&manifest)
            .current_dir(root),
    );
    if let Err(err) = result {
        bail!("{err:#}\n(install it with `cargo install --locked cargo-cyclonedx`)");
    }
    let made = root.join(format!("crates/mistmcp/{stem}.json"));
    std::fs::rename(&made, to).with_context(|| format!("moving {} to {}", made.display(), to.display()))?;
    for member in workspace_members(root)? {
        let stray = root.join(member).join(format!("{stem}.json"));
        if stray.exists() {
            std::fs::remove_file(&stray).with_context(|| format!("removing {}", stray.display()))?;
        }
    }
    Ok(())
}

/// The `members` of the workspace manifest.
fn workspace_members(root: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).context("reading Cargo.toml")?;
    let manifest: toml::Table = text.parse().context("parsing Cargo.toml")?;
    let members = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .context("Cargo.toml lists no workspace members")?;
    Ok(members
        .iter()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect())
}

/// SHA256SUMS for `names` in `dir`: one `<hex digest>  <name>` line each, as `sha256sum -c`
/// and `shasum -a 256 -c` read them.
pub fn sums(dir: &Path, names: &[&str]) -> Result<String> {
    let mut out = String::new();
    for name in names {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let digest = Sha256::digest(&bytes);
        for byte in digest {
            let _ = write!(out, "{byte:02x}");
        }
        let _ = writeln!(out, "  {name}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sums_are_in_the_format_sha256sum_checks() {
        let dir = std::env::temp_dir().join(format!("xtask-dist-sums-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join("abc"), "abc").ok();
        let text = sums(&dir, &["abc"]).unwrap_or_default();
        std::fs::remove_dir_all(&dir).ok();
        // The SHA-256 of "abc" from FIPS 180-2's examples.
        assert_eq!(
            text,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc\n"
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let error = sums(Path::new("/nonexistent-dir"), &["gone"])
            .err()
            .map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("reading /nonexistent-dir/gone"));
    }
}
