//! Body schemas of write tools, assembled and compiled on first use of each tool, then cached.
//!
//! The embedded bodies file ([`mist_catalog::BODIES_JSON`]) keeps every component schema once;
//! a tool's schema is its body schema plus the components it reaches, as `$defs`. A server
//! that never writes never parses the file, and one that writes compiles only the schemas of
//! the tools it uses.

use jsonschema::Validator;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

const DEFS_PREFIX: &str = "#/$defs/";
/// Most problems one answer lists; the rest are counted.
const MAX_PROBLEMS: usize = 8;
/// Longest problem, in characters.
const MAX_PROBLEM_CHARS: usize = 300;

/// One tool's body schema, self-contained, and its compiled validator.
pub(crate) struct BodySchema {
    pub(crate) schema: Value,
    validator: Validator,
}

/// Compiled body schemas by tool name.
#[derive(Default)]
pub struct BodySchemas {
    compiled: Mutex<HashMap<String, Arc<BodySchema>>>,
}

impl BodySchemas {
    /// The body schema of `operation`, compiled on first use; `None` when it declares none.
    pub(crate) fn get(&self, operation: &str) -> Result<Option<Arc<BodySchema>>, String> {
        let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = compiled.get(operation) {
            return Ok(Some(found.clone()));
        }
        let Some(schema) = schema_of(operation)? else {
            return Ok(None);
        };
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| format!("the body schema of {operation} does not compile: {e}"))?;
        let entry = Arc::new(BodySchema { schema, validator });
        compiled.insert(operation.to_owned(), entry.clone());
        Ok(Some(entry))
    }
}

impl BodySchema {
    /// Every way `body` misses the schema, as `body.path: what was expected, what was given`.
    pub(crate) fn problems(&self, body: &Value) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut more = 0;
        for error in self.validator.iter_errors(body) {
            if out.len() == MAX_PROBLEMS {
                more += 1;
                continue;
            }
            let pointer = error.instance_path().to_string();
            let path = pointer_to_path(&pointer);
            // The message quotes the value given, which the caller chose: it is cut.
            out.push(mist_client::echo::clip_at(
                &format!("{path}: {error}"),
                MAX_PROBLEM_CHARS,
            ));
        }
        if more > 0 {
            out.push(format!("and {more} more"));
        }
        out
    }
}

/// `/a/0/b` → `body.a[0].b`.
fn pointer_to_path(pointer: &str) -> String {
    let mut path = String::from("body");
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if part.parse::<usize>().is_ok() {
            path.push_str(&format!("[{part}]"));
        } else {
            path.push('.');
            path.push_str(&part);
        }
    }
    path
}

/// The embedded bodies file, parsed on first use and kept: a server that writes reads it for
/// each tool it checks, describes or signs.
fn embedded() -> Result<&'static Value, String> {
    static PARSED: OnceLock<Result<Value, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            serde_json::from_str(mist_catalog::BODIES_JSON)
                .map_err(|e| format!("the embedded body schemas do not parse: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The self-contained body schema of `operation` (not compiled); `None` when it declares none.
pub(crate) fn schema_of(operation: &str) -> Result<Option<Value>, String> {
    assemble_parsed(embedded()?, operation)
}

/// The self-contained schema of `operation` from a bodies file's text.
#[cfg(test)]
pub(crate) fn assemble(file: &str, operation: &str) -> Result<Option<Value>, String> {
    let parsed: Value =
        serde_json::from_str(file).map_err(|e| format!("the embedded body schemas do not parse: {e}"))?;
    assemble_parsed(&parsed, operation)
}

/// [`assemble`] from an already parsed bodies file.
pub(crate) fn assemble_parsed(parsed: &Value, operation: &str) -> Result<Option<Value>, String> {
    let Some(root) = parsed.get("bodies").and_then(|b| b.get(operation)).cloned() else {
        return Ok(None);
    };
    let empty = Map::new();
    let defs = parsed.get("defs").and_then(Value::as_object).unwrap_or(&empty);
    let mut wanted = BTreeSet::new();
    references(&root, &mut wanted);
    let mut kept = Map::new();
    while let Some(name) = wanted.pop_first() {
        if kept.contains_key(&name) {
            continue;
        }
        let Some(schema) = defs.get(&name) else {
            return Err(format!(
                "the body schema of {operation} refers to a missing {name}"
            ));
        };
        let mut found = BTreeSet::new();
        references(schema, &mut found);
        wanted.extend(found.into_iter().filter(|n| !kept.contains_key(n)));
        kept.insert(name, schema.clone());
    }
    // A body that is one named component reads better as that component itself.
    let only_ref = root
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(DEFS_PREFIX))
        .filter(|_| root.as_object().is_some_and(|m| m.len() == 1))
        .map(str::to_owned);
    let root = match only_ref.and_then(|name| kept.get(&name).cloned().map(|named| (name, named))) {
        Some((name, named)) => {
            if !references_name(&kept, &name) {
                kept.remove(&name);
            }
            named
        }
        None => root,
    };
    let mut schema = match root {
        Value::Object(map) => map,
        other => return Ok(Some(other)),
    };
    if !kept.is_empty() {
        schema.insert("$defs".into(), Value::Object(kept));
    }
    Ok(Some(Value::Object(schema)))
}

/// Whether any kept component refers to `name` (then it stays under `$defs`).
fn references_name(kept: &Map<String, Value>, name: &str) -> bool {
    kept.values().any(|schema| {
        let mut found = BTreeSet::new();
        references(schema, &mut found);
        found.contains(name)
    })
}

/// The component names a schema refers to.
fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "$ref"
                    && let Some(name) = inner.as_str().and_then(|r| r.strip_prefix(DEFS_PREFIX))
                {
                    out.insert(name.to_owned());
                } else {
                    references(inner, out);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_tool_schema_carries_only_the_components_it_reaches() {
        let file = r##"{"defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "integer"}, "c": {}},
            "bodies": {"op": {"properties": {"x": {"$ref": "#/$defs/a"}}}}}"##;
        let schema = assemble(file, "op").unwrap().unwrap();
        let defs = schema["$defs"].as_object().unwrap();
        assert_eq!(defs.keys().collect::<Vec<_>>(), ["a", "b"]);
        let file = r##"{"defs": {"a": {"properties": {"x": {"$ref": "#/$defs/b"}}}, "b": {"type": "integer"}},
            "bodies": {"op": {"$ref": "#/$defs/a"}}}"##;
        let schema = assemble(file, "op").unwrap().unwrap();
        assert_eq!(
            schema["properties"]["x"]["$ref"], "#/$defs/b",
            "the root component is inlined"
        );
        assert_eq!(
            schema["$defs"].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["b"]
        );
        assert!(assemble(file, "other").unwrap().is_none());
    }

    #[test]
    fn problems_name_the_field_what_was_expected_and_what_was_given() {
        let schemas = BodySchemas::default();
        let wlan = schemas.get("createSiteWlan").unwrap().unwrap();
        let problems =
            wlan.problems(&json!({"ssid": "guest", "vlan_enabled": "yes", "auth": {"type": "nope"}}));
        let text = problems.join("\n");
        assert!(
            text.contains("body.vlan_enabled") && text.contains("\"yes\"") && text.contains("boolean"),
            "{text}"
        );
        assert!(
            text.contains("body.auth.type") && text.contains("\"nope\""),
            "{text}"
        );
        assert!(wlan.problems(&json!({"ssid": "guest"})).is_empty());
    }

    #[test]
    fn every_body_schema_of_the_catalog_compiles() {
        let parsed: Value = serde_json::from_str(mist_catalog::BODIES_JSON).unwrap();
        for tool in mist_catalog::catalog().write_tools() {
            if let Some(schema) = assemble_parsed(&parsed, &tool.name).unwrap() {
                let compiled = jsonschema::options().should_validate_formats(true).build(&schema);
                assert!(compiled.is_ok(), "{}: {:?}", tool.name, compiled.err());
            }
        }
    }

    #[test]
    fn pointers_read_as_field_paths() {
        assert_eq!(pointer_to_path(""), "body");
        assert_eq!(pointer_to_path("/a/0/b~1c"), "body.a[0].b/c");
    }
}
