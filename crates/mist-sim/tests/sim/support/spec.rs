//! The Mist OpenAPI document as a JSON Schema registry: one validator per operation's 200 body
//! (GET by default), for the spec as written and with the project's listed defects patched.

use jsonschema::{Draft, Registry, Validator};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

const SPEC_URI: &str = "urn:mist-openapi";

/// The shared reference folder next to the workspace, if checked out. Under CI its absence
/// fails the test rather than letting the check pass unseen.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("mist-openapi/mist.openapi.json").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI must check against it", dir.display());
    }
    eprintln!("notice: {} is absent; skipping this check", dir.display());
    None
}

/// The spec's defects the simulator's shapes are patched for (the file the generator reads).
pub fn patches() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/spec-patches.json");
    let text = std::fs::read_to_string(&path).expect("the patch file is readable");
    serde_json::from_str(&text).expect("the patch file is JSON")
}

/// Replaces each patched value (a JSON pointer) by its replacement, as the generator does.
pub fn apply_patches(doc: &mut Value, patches: &Value) {
    for p in patches.as_array().expect("patches are a list") {
        let pointer = p["pointer"].as_str().expect("a patch has a pointer");
        assert!(
            p["why"].as_str().is_some_and(|w| !w.is_empty()),
            "patch {pointer} says why"
        );
        *doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("patch {pointer} names nothing in the spec")) = p["value"].clone();
    }
}

/// Validators for every GET operation's 200 JSON body, by operationId.
pub struct SpecSchemas {
    pub doc: Value,
    /// JSON pointer of each operation's body schema (`None`: no JSON body declared).
    pub pointers: BTreeMap<String, Option<String>>,
    registry: Registry<'static>,
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl SpecSchemas {
    pub fn load(shared: &std::path::Path, patched: bool) -> Self {
        Self::load_for(shared, patched, &["get"])
    }

    /// Validators for the 200 bodies of the operations of these methods (lower case).
    pub fn load_for(shared: &std::path::Path, patched: bool, methods: &[&str]) -> Self {
        let text = std::fs::read_to_string(shared.join("mist-openapi/mist.openapi.json"))
            .expect("the spec is readable");
        let mut doc: Value = serde_json::from_str(&text).expect("the spec is JSON");
        if patched {
            apply_patches(&mut doc, &patches());
        }
        let mut pointers = BTreeMap::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in methods {
                let Some(op) = item.get(*method) else { continue };
                let id = op["operationId"].as_str().expect("operationId").to_string();
                let mut base = format!("/paths/{}/{method}/responses/200", escape(path));
                if let Some(r) = op.pointer("/responses/200/$ref").and_then(Value::as_str) {
                    base = r.trim_start_matches('#').to_string();
                }
                let schema = format!("{base}/content/application~1json/schema");
                pointers.insert(id, doc.pointer(&schema).is_some().then_some(schema));
            }
        }
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(SPEC_URI, doc.clone())
            .expect("the spec registers")
            .prepare()
            .expect("the spec's references resolve");
        Self {
            doc,
            pointers,
            registry,
        }
    }

    pub fn validator(&self, operation_id: &str) -> Option<Validator> {
        let pointer = self.pointers.get(operation_id)?.as_ref()?;
        // Braces of path templates are not allowed in a URI fragment as they stand.
        let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
        let root = json!({ "$ref": format!("{SPEC_URI}#{fragment}") });
        Some(
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(&self.registry)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{operation_id}: schema does not compile: {e}")),
        )
    }

    /// What is off in `body`, as short lines (empty when valid).
    pub fn problems(validator: &Validator, body: &Value) -> Vec<String> {
        validator
            .iter_errors(body)
            .take(4)
            .map(|e| {
                let mut text = e.to_string();
                text.truncate(160);
                format!("at '{}': {text}", e.instance_path())
            })
            .collect()
    }

    /// The body schema of an operation, `$ref`s and `allOf` merged into one object's view.
    fn resolve<'a>(&'a self, mut s: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    s = self
                        .doc
                        .pointer(r.trim_start_matches('#'))
                        .unwrap_or(&Value::Null)
                }
                None => break,
            }
        }
        s
    }

    fn declared<'a>(&'a self, s: &'a Value, into: &mut Vec<&'a str>) {
        let s = self.resolve(s);
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            into.extend(props.keys().map(String::as_str));
        }
        for branch in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.declared(branch, into);
        }
    }

    /// (filled, declared) property counts of the body's records: the object itself, or the
    /// items of a list body or of a `results` list.
    pub fn coverage(&self, operation_id: &str, body: &Value) -> (usize, usize) {
        let Some(Some(pointer)) = self.pointers.get(operation_id) else {
            return (0, 0);
        };
        let Some(schema) = self.doc.pointer(pointer) else {
            return (0, 0);
        };
        let schema = self.resolve(schema);
        let (records, record_schema): (Vec<&Value>, &Value) = match body {
            Value::Array(items) => (
                items.iter().collect(),
                schema.get("items").unwrap_or(&Value::Null),
            ),
            Value::Object(m) if m.get("results").is_some_and(Value::is_array) => {
                let results = self.resolve(schema.pointer("/properties/results").unwrap_or(&Value::Null));
                (
                    m["results"]
                        .as_array()
                        .map(|a| a.iter().collect())
                        .unwrap_or_default(),
                    results.get("items").unwrap_or(&Value::Null),
                )
            }
            other => (vec![other], schema),
        };
        let mut names = Vec::new();
        self.declared(record_schema, &mut names);
        names.sort_unstable();
        names.dedup();
        let mut filled = 0;
        let mut declared = 0;
        for r in records {
            declared += names.len();
            filled += names.iter().filter(|n| r.get(**n).is_some()).count();
        }
        (filled, declared)
    }
}

/// Removes from `body` (an answer of `operation_id`) every known quirk of the real cloud that
/// the spec forbids (`mist_sim::QUIRKS` with a forbidden value): a field of the quirk holding
/// that value, at any depth. Gives how many fields each quirk's name accounted for.
pub fn set_aside_quirks(operation_id: &str, body: &mut Value) -> Vec<(&'static str, usize)> {
    mist_sim::QUIRKS
        .iter()
        .filter(|q| q.operations.contains(&operation_id))
        .filter_map(|q| {
            let value = q.forbidden_value?;
            let n = remove_fields(body, q.fields, value);
            (n > 0).then_some((q.name, n))
        })
        .collect()
}

fn remove_fields(v: &mut Value, fields: &[&str], value: &str) -> usize {
    match v {
        Value::Object(m) => {
            let before = m.len();
            m.retain(|k, x| !(fields.contains(&k.as_str()) && x.as_str() == Some(value)));
            let removed = before - m.len();
            removed
                + m.values_mut()
                    .map(|x| remove_fields(x, fields, value))
                    .sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(|x| remove_fields(x, fields, value)).sum(),
        _ => 0,
    }
}
