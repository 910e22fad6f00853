//! `cargo xtask` entry point: parses the command line and runs one generator.

use anyhow::{Context, Result, bail};
use mist_catalog::Catalog;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask::readme::{self, added_categories_table, categories_table, replace_tables};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  catalog [--check] [--spec PATH]   regenerate crates/mist-catalog/catalog.json and bodies.json
                                    (--check: fail if stale)
  readme [--check]                  rewrite the categories tables in README.md (--check: fail if stale)
  sim-shapes [--check] [--spec PATH]
                                    regenerate crates/mist-sim/data/response-shapes.json (--check: fail if stale)
  ui [--check]                      bundle the MCP Apps views from ui/ into crates/mistmcp/ui/ (npm ci,
                                    then ui/build.mjs; --check: fail if the checked-in pages differ)
  bundle [--manifest-only]          assemble the MCP bundle in target/bundle (manifest + release
                                    binary); pack it with `npx @anthropic-ai/mcpb pack target/bundle`
  image                             build the OCI image (Dockerfile) from the release binary, tagged
                                    as server.json's oci package
  dist                              make target/dist/mistmcp-<version>-<target>.tar.gz: binary, README,
                                    LICENSE, CycloneDX SBOM, SHA256SUMS

The OpenAPI document defaults to ../shared/mist-openapi/mist.openapi.json next to the workspace.";

/// What a run ended with, beyond plain success.
enum Outcome {
    Done,
    Stale(String),
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Stale(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<Outcome> {
    let root = xtask::workspace_root();
    let mut check = false;
    let mut manifest_only = false;
    let mut spec: Option<PathBuf> = None;
    let mut rest = args.iter();
    let command = rest.next().map(String::as_str);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--manifest-only" => manifest_only = true,
            "--spec" => {
                let path = rest.next().context("--spec needs a path")?;
                spec = Some(PathBuf::from(path));
            }
            other => bail!("unknown option `{other}`\n\n{USAGE}"),
        }
    }
    match command {
        Some("catalog") => {
            let spec = spec.unwrap_or_else(|| xtask::default_spec_path(&root));
            catalog(&root, &spec, check)
        }
        Some("readme") if spec.is_none() => readme(&root, check),
        Some("sim-shapes") => {
            let spec = spec.unwrap_or_else(|| xtask::default_spec_path(&root));
            sim_shapes(&root, &spec, check)
        }
        Some("ui") if spec.is_none() => match xtask::ui::command(&root, check)? {
            None => Ok(Outcome::Done),
            Some(stale) => Ok(Outcome::Stale(stale)),
        },
        Some("bundle") => {
            let dir = xtask::bundle::write(&root, env!("CARGO_PKG_VERSION"), manifest_only)?;
            println!("{}: bundle assembled", dir.display());
            Ok(Outcome::Done)
        }
        Some("image") => xtask::image::build(&root).map(|_| Outcome::Done),
        Some("dist") => xtask::dist::build(&root).map(|_| Outcome::Done),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(Outcome::Done)
        }
        _ => bail!("{USAGE}"),
    }
}

fn catalog(root: &Path, spec: &Path, check: bool) -> Result<Outcome> {
    let generated = xtask::generated(spec, &xtask::overlay_dir(root))?;
    let files = [
        (xtask::catalog_path(root), &generated.catalog),
        (xtask::bodies_path(root), &generated.bodies),
    ];
    for (target, json) in &files {
        let current = std::fs::read_to_string(target).unwrap_or_default();
        if check && current != **json {
            return Ok(Outcome::Stale(format!(
                "{} is stale: run `cargo xtask catalog` and commit the result",
                target.display()
            )));
        }
        if !check && current != **json {
            std::fs::write(target, json).with_context(|| format!("writing {}", target.display()))?;
        }
    }
    if check {
        println!("the catalog and the body schemas are up to date");
        return Ok(Outcome::Done);
    }
    let json = &generated.catalog;
    let target = xtask::catalog_path(root);
    let parsed = Catalog::from_json(json)?;
    println!(
        "{}: {} read tools and {} write tools in {} categories (spec {})",
        target.display(),
        parsed.tools.len(),
        parsed.writes.len(),
        parsed.categories.len(),
        parsed.spec_version
    );
    Ok(Outcome::Done)
}

fn readme(root: &Path, check: bool) -> Result<Outcome> {
    let catalog_file = xtask::catalog_path(root);
    let text = std::fs::read_to_string(&catalog_file)
        .with_context(|| format!("reading {}", catalog_file.display()))?;
    let catalog = Catalog::from_json(&text)?;
    let path = xtask::readme_path(root);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    let Some(updated) = replace_tables(&current, &catalog) else {
        print!(
            "{}\n{}",
            categories_table(&catalog),
            added_categories_table(&catalog)
        );
        let message = format!(
            "{} lacks a `{}` ... `{}` or a `{}` ... `{}` block; the tables are printed above",
            path.display(),
            readme::START_MARKER,
            readme::END_MARKER,
            readme::ADDED_START_MARKER,
            readme::ADDED_END_MARKER
        );
        if check {
            return Ok(Outcome::Stale(message));
        }
        eprintln!("{message}");
        return Ok(Outcome::Done);
    };
    if updated == current {
        println!("{}: categories tables are up to date", path.display());
    } else if check {
        return Ok(Outcome::Stale(format!(
            "the categories tables in {} are stale: run `cargo xtask readme`",
            path.display()
        )));
    } else {
        std::fs::write(&path, updated).with_context(|| format!("writing {}", path.display()))?;
        println!("{}: categories tables rewritten", path.display());
    }
    Ok(Outcome::Done)
}

fn sim_shapes(root: &Path, spec: &Path, check: bool) -> Result<Outcome> {
    use xtask::sim_shapes::{patches_path, shapes_json, shapes_path};
    let json = shapes_json(spec, &patches_path(root))?;
    let target = shapes_path(root);
    let current = std::fs::read_to_string(&target).unwrap_or_default();
    if check {
        if current != json {
            return Ok(Outcome::Stale(format!(
                "{} is stale: run `cargo xtask sim-shapes` and commit the result",
                target.display()
            )));
        }
        println!("{} is up to date", target.display());
        return Ok(Outcome::Done);
    }
    if current != json {
        std::fs::write(&target, &json).with_context(|| format!("writing {}", target.display()))?;
    }
    println!("{}: {} bytes", target.display(), json.len());
    Ok(Outcome::Done)
}
