//! `cargo xtask sim-shapes`: the response shapes the simulator answers with, derived from the
//! spec's 200 response schemas of every GET operation.
//!
//! The output keeps structure only (types, properties, required, items, enums, formats,
//! additional properties, compositions and the numeric/length bounds a value must respect) with
//! every `$ref` shortened to the name of a shared definition. Prose (descriptions, examples,
//! titles) and annotations (defaults, read-only flags) are dropped. Known spec defects are
//! patched first, from the one patch file the validation tests apply too.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Keywords that constrain a value's structure; everything else is dropped.
const STRUCTURAL: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "const",
    "format",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "allOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "pattern",
];

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Where the checked-in shapes live.
pub fn shapes_path(root: &Path) -> PathBuf {
    root.join("crates/mist-sim/data/response-shapes.json")
}

/// The spec defects the simulator and its validation tests patch, with why.
pub fn patches_path(root: &Path) -> PathBuf {
    root.join("crates/mist-sim/data/spec-patches.json")
}

/// Replaces, in the OpenAPI document, each patched value (a JSON pointer) by its replacement.
/// A pointer that names nothing is an error: the patch no longer fits the spec.
pub fn apply_patches(doc: &mut Value, patches: &Value) -> Result<()> {
    let list = patches
        .as_array()
        .context("the patch file must hold a JSON array")?;
    for patch in list {
        let pointer = patch
            .get("pointer")
            .and_then(Value::as_str)
            .context("a patch lacks its `pointer`")?;
        let value = patch
            .get("value")
            .with_context(|| format!("patch {pointer} lacks its `value`"))?;
        if patch.get("why").and_then(Value::as_str).is_none_or(str::is_empty) {
            bail!("patch {pointer} does not say why it is needed");
        }
        let slot = doc
            .pointer_mut(pointer)
            .with_context(|| format!("patch {pointer} names nothing in the spec"))?;
        *slot = value.clone();
    }
    Ok(())
}

/// Reads the spec and the patch file and renders the shapes file's bytes.
pub fn shapes_json(spec_path: &Path, patches: &Path) -> Result<String> {
    let text =
        std::fs::read_to_string(spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let mut doc: Value = serde_json::from_str(&text).context("the spec is not JSON")?;
    let patch_text =
        std::fs::read_to_string(patches).with_context(|| format!("reading {}", patches.display()))?;
    let patch_list: Value = serde_json::from_str(&patch_text).context("the patch file is not JSON")?;
    apply_patches(&mut doc, &patch_list)?;
    render(&doc)
}

/// The shapes of every GET operation of `doc`, as the file's bytes: one operation or
/// definition per line, sorted, so diffs stay readable and output is reproducible.
pub fn render(doc: &Value) -> Result<String> {
    let version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .context("the spec has no info.version")?;
    let mut pending = BTreeSet::new();
    let mut ops = BTreeMap::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .context("the spec has no paths")?;
    for item in paths.values() {
        let Some(op) = item.get("get") else { continue };
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .context("a GET operation has no operationId")?;
        let shape = match body_schema(doc, op)? {
            Some(schema) => compact(schema, &mut pending)?,
            None => Value::Null,
        };
        if ops.insert(id.to_string(), shape).is_some() {
            bail!("operationId {id} appears twice");
        }
    }
    let mut defs = BTreeMap::new();
    while let Some(name) = pending.pop_first() {
        if defs.contains_key(&name) {
            continue;
        }
        let schema = doc
            .pointer(&format!("/components/schemas/{name}"))
            .with_context(|| format!("dangling schema reference {name}"))?;
        let mut found = BTreeSet::new();
        let shape = compact(schema, &mut found)?;
        pending.extend(found.into_iter().filter(|n| !defs.contains_key(n)));
        defs.insert(name, shape);
    }
    let mut out = String::new();
    writeln!(out, "{{\"spec\":{},", Value::from(version))?;
    write_section(&mut out, "ops", &ops)?;
    out.push_str(",\n");
    write_section(&mut out, "defs", &defs)?;
    out.push_str("}\n");
    Ok(out)
}

fn write_section(out: &mut String, name: &str, entries: &BTreeMap<String, Value>) -> Result<()> {
    write!(out, "\"{name}\":{{")?;
    for (i, (key, shape)) in entries.iter().enumerate() {
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(
            out,
            "{sep}{}:{}",
            Value::from(key.as_str()),
            serde_json::to_string(shape)?
        )?;
    }
    out.push('}');
    Ok(())
}

/// The JSON schema of an operation's 200 body, references to shared responses followed.
fn body_schema<'a>(doc: &'a Value, op: &'a Value) -> Result<Option<&'a Value>> {
    let Some(mut response) = op.pointer("/responses/200") else {
        return Ok(None);
    };
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        let pointer = r
            .strip_prefix('#')
            .with_context(|| format!("non-local response reference {r}"))?;
        response = doc
            .pointer(pointer)
            .with_context(|| format!("dangling response reference {r}"))?;
    }
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Ok(None);
    };
    let media = content
        .get("application/json")
        .or_else(|| content.values().next());
    Ok(media.and_then(|m| m.get("schema")))
}

/// One schema with prose dropped and references shortened; names referenced are collected.
fn compact(schema: &Value, refs: &mut BTreeSet<String>) -> Result<Value> {
    let Some(map) = schema.as_object() else {
        // `true`/`false` schemas stay as they are.
        return Ok(schema.clone());
    };
    let mut out = Map::new();
    if let Some(r) = map.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix(SCHEMA_PREFIX)
            .with_context(|| format!("unexpected schema reference {r}"))?;
        refs.insert(name.to_string());
        out.insert("$ref".into(), Value::from(name));
    }
    for key in STRUCTURAL {
        let Some(v) = map.get(*key) else { continue };
        let kept = match *key {
            "properties" => {
                let props = v.as_object().context("`properties` is not an object")?;
                let mut m = Map::new();
                for (name, p) in props {
                    m.insert(name.clone(), compact(p, refs)?);
                }
                m.sort_keys();
                Value::Object(m)
            }
            "items" | "additionalProperties" => compact(v, refs)?,
            "oneOf" | "anyOf" | "allOf" => {
                let list = v.as_array().with_context(|| format!("`{key}` is not a list"))?;
                Value::Array(list.iter().map(|s| compact(s, refs)).collect::<Result<_>>()?)
            }
            _ => v.clone(),
        };
        out.insert((*key).to_string(), kept);
    }
    // Sorted whatever the build's `serde_json` features (a workspace build keeps insertion
    // order), so the bytes never depend on how the generator was compiled.
    out.sort_keys();
    Ok(Value::Object(out))
}
