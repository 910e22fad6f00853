//! Request bodies checked against their operation's schema (`req:<operationId>` of the writes'
//! shapes) with the `jsonschema` crate, draft 2020-12. A validator is compiled the first time
//! its operation is called and kept for the life of the process.

use crate::shape::write_shapes;
use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock, RwLock};

type Cache = RwLock<HashMap<String, Option<Arc<Validator>>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// `Err` with Mist's `detail` text when `body` does not fit the operation's request schema.
/// An operation without a JSON request schema accepts any body.
pub(crate) fn check(operation_id: &str, body: &Value) -> Result<(), String> {
    let Some(validator) = validator(operation_id) else {
        return Ok(());
    };
    let Some(error) = validator.iter_errors(body).next() else {
        return Ok(());
    };
    let at = error.instance_path().to_string();
    let at = if at.is_empty() {
        "body".to_string()
    } else {
        format!("body{at}")
    };
    Err(format!("{at}: {error}"))
}

fn validator(operation_id: &str) -> Option<Arc<Validator>> {
    if let Ok(map) = cache().read()
        && let Some(v) = map.get(operation_id)
    {
        return v.clone();
    }
    let built = compile(operation_id).map(Arc::new);
    if let Ok(mut map) = cache().write() {
        map.insert(operation_id.to_string(), built.clone());
    }
    built
}

/// The request schema as one self-contained document: the shared definitions it reaches under
/// `$defs`, references rewritten to point there.
pub(crate) fn document(operation_id: &str) -> Option<Value> {
    let store = write_shapes();
    let root = store.op(&format!("req:{operation_id}"))?;
    let mut defs = BTreeMap::new();
    let mut pending = Vec::new();
    let mut doc = rewrite(&root, &mut pending);
    while let Some(name) = pending.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let def = store
            .def(&name)
            .map_or(Value::Bool(true), |d| rewrite(&d, &mut pending));
        defs.insert(name, def);
    }
    if let Value::Object(m) = &mut doc {
        m.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    } else {
        doc = Value::Object(Map::from_iter([
            ("allOf".to_string(), Value::Array(vec![doc])),
            ("$defs".to_string(), Value::Object(defs.into_iter().collect())),
        ]));
    }
    Some(doc)
}

fn compile(operation_id: &str) -> Option<Validator> {
    let doc = document(operation_id)?;
    let build = |d: &Value| jsonschema::options().with_draft(Draft::Draft202012).build(d);
    match build(&doc) {
        Ok(v) => Some(v),
        Err(e) => {
            // A pattern written for another regex dialect must not refuse every body.
            tracing::debug!("{operation_id}: request schema compiled without patterns: {e}");
            build(&without_patterns(doc)).ok()
        }
    }
}

/// A shape's `$ref: "name"` becomes `$ref: "#/$defs/name"`; names met are queued.
fn rewrite(v: &Value, pending: &mut Vec<String>) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| match (k.as_str(), x) {
                    ("$ref", Value::String(name)) => {
                        pending.push(name.clone());
                        (k.clone(), Value::String(format!("#/$defs/{name}")))
                    }
                    // Property names are data, not keywords: only their schemas are rewritten.
                    _ => (k.clone(), rewrite(x, pending)),
                })
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(|x| rewrite(x, pending)).collect()),
        other => other.clone(),
    }
}

fn without_patterns(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, x)| !(k == "pattern" && x.is_string()))
                .map(|(k, x)| (k, without_patterns(x)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.into_iter().map(without_patterns).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wlan_without_its_ssid_is_refused_with_the_field_named() {
        let err = check("createSiteWlan", &json!({"enabled": true})).unwrap_err();
        assert!(err.contains("ssid"), "{err}");
        check("createSiteWlan", &json!({"ssid": "Guest"})).unwrap();
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused_at_its_path() {
        let err = check("createSiteWlan", &json!({"ssid": 5})).unwrap_err();
        assert!(err.starts_with("body/ssid:"), "{err}");
    }

    #[test]
    fn an_operation_without_a_json_body_accepts_anything() {
        check("deleteSiteWlan", &json!({"anything": 1})).unwrap();
    }
}
