//! `cargo xtask image`: the OCI image of the release binary. It lays out `target/image/rootfs`
//! (the binary, every shared library `ldd` says it loads, the loader, the CA bundle) and builds
//! the `FROM scratch` Dockerfile at the root of the workspace with it, tagged as `server.json`'s
//! `oci` package names it.

use crate::release;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the binary sits in the image; the Dockerfile's entry point.
pub const BINARY_IN_IMAGE: &str = "usr/local/bin/mistmcp";

/// Where the CA bundle sits in the image: the first place rustls' native roots look on Linux.
pub const CA_BUNDLE_IN_IMAGE: &str = "etc/ssl/certs/ca-certificates.crt";

/// CA bundles of the build machine, by distribution (Debian and Ubuntu, then Fedora and RHEL).
const CA_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
];

/// The image's file tree; the Dockerfile copies it whole (and .dockerignore sends nothing else).
pub fn rootfs(root: &Path) -> PathBuf {
    root.join("target/image/rootfs")
}

/// The `docker` command: `DOCKER` when set (another client, a wrapper), else `docker`.
pub fn docker() -> Command {
    Command::new(std::env::var("DOCKER").unwrap_or_else(|_| "docker".into()))
}

/// Builds the release binary and the image; returns the image's tag. The tag is all it prints
/// on stdout, so that scripts can take it whole (`image="$(cargo xtask image)"`); the build's
/// progress goes to stderr.
pub fn build(root: &Path) -> Result<String> {
    let tag = oci_identifier(root)?;
    let binary = release::binary(root)?;
    let files = assemble(root, &binary)?;
    eprintln!("{}: {files} files", rootfs(root).display());
    let status = docker()
        .args(["build", "--file", "Dockerfile", "--tag", &tag])
        .arg("--build-arg")
        .arg(format!("VERSION={}", release::VERSION))
        .arg("--build-arg")
        .arg(format!("REVISION={}", release::revision(root)))
        .arg(".")
        .current_dir(root)
        .stdout(std::process::Stdio::from(std::io::stderr()))
        .status()
        .context("running docker build (is the docker client installed?)")?;
    if !status.success() {
        bail!("docker build failed ({status})");
    }
    let size = release::run(docker().args(["image", "inspect", "--format", "{{.Size}}", &tag]))?;
    let bytes: u64 = size.trim().parse().unwrap_or(0);
    eprintln!("{:.1} MB", bytes as f64 / 1e6);
    println!("{tag}");
    Ok(tag)
}

/// The image reference of the `oci` package in `server.json`, which must carry this version.
pub fn oci_identifier(root: &Path) -> Result<String> {
    let path = root.join("server.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let entry: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let identifier = entry["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| package["registryType"] == "oci")
        .and_then(|package| package["identifier"].as_str())
        .context("server.json has no package with registryType oci")?;
    if !identifier.ends_with(&format!(":{}", release::VERSION)) {
        bail!(
            "server.json's oci identifier {identifier} is not tagged with the version {}",
            release::VERSION
        );
    }
    Ok(identifier.to_owned())
}

/// Lays out the image's files from `binary` and this machine's libraries; returns their count.
pub fn assemble(root: &Path, binary: &Path) -> Result<usize> {
    let tree = rootfs(root);
    if tree.exists() {
        std::fs::remove_dir_all(&tree).with_context(|| format!("emptying {}", tree.display()))?;
    }
    let listing = release::run(Command::new("ldd").arg(binary))?;
    let libraries = shared_libraries(&listing)?;
    let ca_bundle = CA_BUNDLES
        .iter()
        .map(Path::new)
        .find(|path| path.is_file())
        .context("no CA bundle on this machine (install ca-certificates)")?;
    let mut files = vec![(binary.to_path_buf(), tree.join(BINARY_IN_IMAGE))];
    files.push((ca_bundle.to_path_buf(), tree.join(CA_BUNDLE_IN_IMAGE)));
    for library in libraries {
        let inside = library.strip_prefix("/").unwrap_or(&library);
        files.push((library.clone(), tree.join(inside)));
    }
    for (from, to) in &files {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        // fs::copy follows symbolic links: the image holds the library itself under the name
        // the binary asks for.
        std::fs::copy(from, to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    }
    Ok(files.len())
}

/// The files `ldd`'s `listing` names: each library resolved to a path, and the loader. The
/// kernel's vDSO has no file; a library `ldd` could not find fails the build.
pub fn shared_libraries(listing: &str) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for line in listing.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.contains("statically linked") {
            continue;
        }
        let path = match line.split_once("=>") {
            Some((name, target)) => {
                let target = target.trim();
                if target.starts_with("not found") {
                    bail!("ldd cannot find {}", name.trim());
                }
                target.split(" (").next().unwrap_or("").trim()
            }
            None => line.split(" (").next().unwrap_or("").trim(),
        };
        if path.starts_with('/') {
            paths.push(PathBuf::from(path));
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLIBC: &str = "\tlinux-vdso.so.1 (0x00007ffd6b1e4000)
\tlibgcc_s.so.1 => /lib/x86_64-linux-gnu/libgcc_s.so.1 (0x00007f0c6a5d6000)
\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f0c6a4f7000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c6a316000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0c6b9f2000)
";

    #[test]
    fn the_libraries_and_the_loader_are_taken_and_the_vdso_is_not() {
        let paths = shared_libraries(GLIBC).unwrap_or_default();
        let names: Vec<&str> = paths.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(
            names,
            [
                "/lib/x86_64-linux-gnu/libgcc_s.so.1",
                "/lib/x86_64-linux-gnu/libm.so.6",
                "/lib/x86_64-linux-gnu/libc.so.6",
                "/lib64/ld-linux-x86-64.so.2"
            ]
        );
    }

    #[test]
    fn a_library_ldd_cannot_find_fails_the_build() {
        let missing = "\tlibssl.so.3 => not found\n";
        let error = shared_libraries(missing).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("ldd cannot find libssl.so.3"));
    }

    #[test]
    fn a_static_binary_needs_no_library() {
        let paths = shared_libraries("\tstatically linked\n").unwrap_or_default();
        assert!(paths.is_empty());
    }
}
