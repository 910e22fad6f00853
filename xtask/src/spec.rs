//! Read access to the Mist OpenAPI document: operations by id and `$ref` resolution.
//!
//! The document is kept as a `serde_json::Value`; the generator only needs a handful of facts
//! from it, and a typed OpenAPI model would be far larger than the code that reads it.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// HTTP methods an OpenAPI path item may hold, in the order they are looked at.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Chains of `$ref` longer than this are treated as a cycle.
const MAX_REF_DEPTH: usize = 32;

/// A parsed OpenAPI document with an index from operationId to its place.
pub struct Spec {
    doc: Value,
    by_id: HashMap<String, (String, &'static str)>,
}

/// One operation of the document.
pub struct Operation<'a> {
    pub path: &'a str,
    /// Lower-case HTTP method as the document spells it.
    pub method: &'static str,
    /// The path item: holds the parameters shared by every method of the path.
    pub path_item: &'a Value,
    pub op: &'a Value,
}

impl Spec {
    /// Reads and indexes the document at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "cannot read the Mist OpenAPI document at {}; \
                 check out ../shared next to the workspace or pass --spec PATH",
                path.display()
            )
        })?;
        let doc: Value =
            serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))?;
        Self::from_value(doc)
    }

    /// Indexes an already parsed document (tests build small ones by hand).
    pub fn from_value(doc: Value) -> Result<Self> {
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .context("the OpenAPI document has no `paths` object")?;
        let mut by_id = HashMap::new();
        for (path, item) in paths {
            for method in METHODS {
                let Some(id) = item.get(method).and_then(|op| op.get("operationId")) else {
                    continue;
                };
                let id = id.as_str().context("an operationId is not a string")?;
                if by_id.insert(id.to_owned(), (path.clone(), method)).is_some() {
                    bail!("operationId `{id}` appears more than once in the OpenAPI document");
                }
            }
        }
        Ok(Self { doc, by_id })
    }

    /// `info.version` of the document.
    pub fn version(&self) -> Result<&str> {
        self.doc
            .pointer("/info/version")
            .and_then(Value::as_str)
            .context("the OpenAPI document has no info.version")
    }

    /// The operation with this operationId, whatever its method.
    pub fn operation(&self, id: &str) -> Option<Operation<'_>> {
        let (path, method) = self.by_id.get(id)?;
        let path_item = self.doc.get("paths")?.get(path)?;
        Some(Operation {
            path,
            method,
            path_item,
            op: path_item.get(*method)?,
        })
    }

    /// Every operation id with its path and method, sorted by path, then method order.
    pub fn operations(&self) -> Vec<(&str, &str, &'static str)> {
        let mut all: Vec<(&str, &str, &'static str)> = self
            .by_id
            .iter()
            .map(|(id, (path, method))| (id.as_str(), path.as_str(), *method))
            .collect();
        let rank = |m: &str| METHODS.iter().position(|x| *x == m).unwrap_or(METHODS.len());
        all.sort_by(|a, b| (a.1, rank(a.2)).cmp(&(b.1, rank(b.2))));
        all
    }

    /// The whole document, for walks the typed helpers do not cover.
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// Follows `$ref` until a value without one is reached.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> Result<&'a Value> {
        for _ in 0..MAX_REF_DEPTH {
            let Some(reference) = value.get("$ref") else {
                return Ok(value);
            };
            let reference = reference.as_str().context("a $ref is not a string")?;
            let pointer = reference
                .strip_prefix('#')
                .with_context(|| format!("only local references are supported, found {reference}"))?;
            value = self
                .doc
                .pointer(pointer)
                .with_context(|| format!("dangling reference {reference}"))?;
        }
        bail!("reference chain deeper than {MAX_REF_DEPTH}: probably a cycle")
    }
}

/// The one non-null type of a `type` keyword, which OpenAPI 3.1 allows to be a list.
pub fn single_type(ty: Option<&Value>) -> Option<&str> {
    match ty? {
        Value::String(s) => Some(s),
        Value::Array(list) => {
            let mut types = list.iter().filter_map(Value::as_str).filter(|t| *t != "null");
            let first = types.next()?;
            types.next().is_none().then_some(first)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn small_spec() -> Spec {
        Spec::from_value(json!({
            "info": {"version": "1.2.3"},
            "paths": {"/api/v1/a": {"get": {"operationId": "getA"}, "post": {"operationId": "makeA"}}},
            "components": {"parameters": {
                "first": {"$ref": "#/components/parameters/second"},
                "second": {"name": "x", "in": "query"},
                "loop": {"$ref": "#/components/parameters/loop"}
            }}
        }))
        .unwrap()
    }

    #[test]
    fn operations_are_found_by_id_with_their_method() {
        let spec = small_spec();
        assert_eq!(spec.operation("getA").unwrap().method, "get");
        assert_eq!(spec.operation("makeA").unwrap().method, "post");
        assert!(spec.operation("nothing").is_none());
        assert_eq!(spec.version().unwrap(), "1.2.3");
    }

    #[test]
    fn references_are_followed_through_chains() {
        let spec = small_spec();
        let start = json!({"$ref": "#/components/parameters/first"});
        assert_eq!(spec.resolve(&start).unwrap()["name"], "x");
    }

    #[test]
    fn reference_cycles_and_dangling_references_are_errors() {
        let spec = small_spec();
        assert!(
            spec.resolve(&json!({"$ref": "#/components/parameters/loop"}))
                .is_err()
        );
        assert!(
            spec.resolve(&json!({"$ref": "#/components/parameters/none"}))
                .is_err()
        );
        assert!(spec.resolve(&json!({"$ref": "other.json#/x"})).is_err());
    }

    #[test]
    fn duplicate_operation_ids_are_rejected() {
        let doc = json!({"paths": {
            "/a": {"get": {"operationId": "same"}},
            "/b": {"get": {"operationId": "same"}}
        }});
        assert!(Spec::from_value(doc).is_err());
    }
}
