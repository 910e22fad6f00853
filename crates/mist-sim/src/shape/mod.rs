//! Spec-shaped answers. Every 200 JSON body passes through here on its way out: it is made to
//! fit the operation's response schema (from `data/response-shapes.json`, derived from the
//! Mist OpenAPI document by `cargo xtask sim-shapes`), keeping what the hand-made answer got
//! right and filling the rest from the world. An operation without a hand-made answer gets a
//! body generated from its schema alone.

mod conform;
mod fill;
mod schema_terms;
mod store;
#[cfg(test)]
mod tests;

use crate::world::World;
use crate::world::fields::Subject;
use conform::{At, Conformer};
use serde_json::Value;
use std::sync::Arc;
pub(crate) use store::write_shapes;

/// Every operationId the shapes cover, sorted.
pub fn operation_ids() -> Vec<&'static str> {
    store::shapes().operation_ids()
}

/// Whether the 200 body of the read operation `operation_id` declares the top-level field
/// `field` (following its shared definition): a search over a time window whose body the spec
/// gives no `start`/`end` answers without them.
pub fn response_declares(operation_id: &str, field: &str) -> bool {
    let shapes = store::shapes();
    let mut schema = shapes.op(operation_id);
    // Definitions may name one another; a handful of steps reaches the object.
    for _ in 0..8 {
        let Some(s) = schema else { return false };
        if let Some(name) = s.get("$ref").and_then(Value::as_str) {
            schema = shapes.def(name);
            continue;
        }
        return s.get("properties").is_some_and(|p| p.get(field).is_some());
    }
    false
}

/// What a body is about: the organisation, the site (if any) and the collection key that
/// names its records.
pub(crate) struct Scope<'a> {
    pub(crate) org: usize,
    pub(crate) site: Option<usize>,
    pub(crate) key: &'a str,
    pub(crate) operation_id: &'a str,
    /// Path placeholders and their values, echoed into a generated object that declares them.
    pub(crate) params: &'a [(&'a str, String)],
    /// The given body's records are sketches to complete with optional fields.
    pub(crate) sketched: bool,
}

/// `given` (or, when `None`, a generated body) made to fit the operation's response schema;
/// `None` when the operation has no JSON shape.
pub(crate) fn fit(w: &World, scope: &Scope<'_>, given: Option<&Value>) -> Option<Value> {
    fit_in(store::shapes(), false, w, scope, given)
}

/// [`fit`] against one of the writes' shapes (`req:<operationId>`, `res:<operationId>`);
/// `minimal` generates required fields only.
pub(crate) fn fit_write(w: &World, scope: &Scope<'_>, given: Option<&Value>, minimal: bool) -> Option<Value> {
    fit_in(store::write_shapes(), minimal, w, scope, given)
}

fn fit_in(
    store: &'static store::Shapes,
    minimal: bool,
    w: &World,
    scope: &Scope<'_>,
    given: Option<&Value>,
) -> Option<Value> {
    let schema = store.op(scope.operation_id)?;
    let mut rng = crate::rng::Rng::derive(w.seed, scope.operation_id);
    let site = scope.site.map(|s| &w.sites[s]);
    let mut subject = Subject::new(w, scope.org, site, scope.key, 0, &mut rng);
    subject.site = site;
    let at = At {
        name: String::new(),
        path: scope.operation_id.to_string(),
        depth: 0,
        subject: Arc::new(subject),
    };
    let conformer = Conformer {
        w,
        store,
        complete: scope.sketched,
        minimal,
        keep: crate::quirks::kept_undeclared(scope.operation_id),
    };
    let given = given.filter(|v| !v.is_null());
    let mut body = conformer.fit(given, &schema, &at);
    if given.is_none() {
        echo_params(&mut body, scope.params);
    }
    Some(body)
}

/// A generated object about one path id carries that id.
fn echo_params(body: &mut Value, params: &[(&str, String)]) {
    let Some(m) = body.as_object_mut() else { return };
    for (name, value) in params {
        if matches!(*name, "org_id" | "site_id") {
            continue;
        }
        if let Some(slot @ Value::String(_)) = m.get_mut(*name) {
            *slot = Value::String(value.clone());
        }
    }
    // Only an id placeholder names the object itself (a provider or metric name does not).
    if let Some((name, last)) = params.last()
        && name.ends_with("_id")
        && !matches!(*name, "org_id" | "site_id")
        && let Some(slot @ Value::String(_)) = m.get_mut("id")
    {
        *slot = Value::String(last.clone());
    }
}

impl World {
    /// The body the simulator's shape engine generates for an operation of the spec (by
    /// operationId) with nothing hand-made behind it, about the main organisation; `None` for
    /// an operation without a JSON shape.
    pub fn generated_body(&self, operation_id: &str) -> Option<Value> {
        let key = key_of(operation_id);
        let scope = Scope {
            org: 0,
            site: None,
            key: &key,
            operation_id,
            params: &[],
            sketched: false,
        };
        fit(self, &scope, None)
    }
}

/// A collection key guessed from an operationId (`listOrgNacPortals` -> `nacportals`), for
/// naming the records of a body generated without a route.
fn key_of(operation_id: &str) -> String {
    let rest = ["list", "get", "search", "count"]
        .iter()
        .find_map(|v| operation_id.strip_prefix(v))
        .unwrap_or(operation_id);
    let rest = ["Org", "Site", "Msp", "Self", "Const", "Installer"]
        .iter()
        .find_map(|s| rest.strip_prefix(s))
        .unwrap_or(rest);
    rest.to_ascii_lowercase()
}
