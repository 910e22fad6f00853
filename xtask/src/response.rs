//! What an operation's successful body looks like: its JSON kind and whether it carries a
//! `next` cursor.

use crate::spec::{Spec, single_type};
use anyhow::{Context, Result, bail};
use mist_catalog::ResponseKind;
use serde_json::Value;

/// Composition keywords whose branches together describe one schema.
const COMPOSITIONS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Schemas nested deeper than this are not searched for `next`.
const MAX_DEPTH: usize = 16;

/// The facts the catalog needs about a 200 body.
#[derive(Debug, PartialEq, Eq)]
pub struct Body {
    pub kind: ResponseKind,
    /// The body schema declares a `next` property (a cursor URL).
    pub has_next: bool,
    /// The body schema declares a `distinct` property: a count grouped by one field.
    pub has_distinct: bool,
}

/// Reads the 200 response of an operation.
pub fn success_body(spec: &Spec, op: &Value) -> Result<Body> {
    // A 200 that declares no body (a few actions exposed as GET) is passed on as text, so
    // whatever Mist sends back, even nothing, reaches the caller unparsed.
    let Some(schema) = success_schema(spec, op)? else {
        return Ok(Body {
            kind: ResponseKind::Text,
            has_next: false,
            has_distinct: false,
        });
    };
    let kind = match schema_type(spec, schema, 0)?.as_deref() {
        Some("object") => ResponseKind::Object,
        Some("array") => ResponseKind::Array,
        Some("string") => ResponseKind::Text,
        other => bail!("cannot tell the kind of the 200 body (found {other:?})"),
    };
    Ok(Body {
        kind,
        has_next: declares_property(spec, schema, "next", 0)?,
        has_distinct: declares_property(spec, schema, "distinct", 0)?,
    })
}

/// The schema of the JSON (or first) media type of the 200 response, `None` when the
/// response declares no content at all.
pub fn success_schema<'a>(spec: &'a Spec, op: &'a Value) -> Result<Option<&'a Value>> {
    let response = op
        .pointer("/responses/200")
        .context("the operation declares no 200 response")?;
    let response = spec.resolve(response)?;
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Ok(None);
    };
    let media = content
        .get("application/json")
        .or_else(|| content.values().next())
        .context("the 200 response declares no media type")?;
    media
        .get("schema")
        .map(Some)
        .context("the 200 response has no schema")
}

/// The JSON type a schema describes, looking through references and compositions.
fn schema_type(spec: &Spec, schema: &Value, depth: usize) -> Result<Option<String>> {
    if depth > MAX_DEPTH {
        bail!("schema nesting deeper than {MAX_DEPTH}");
    }
    let schema = spec.resolve(schema)?;
    if let Some(ty) = single_type(schema.get("type")) {
        return Ok(Some(ty.to_owned()));
    }
    for keyword in COMPOSITIONS {
        let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        let mut found: Option<String> = None;
        for branch in branches {
            let ty = schema_type(spec, branch, depth + 1)?;
            match (&found, ty) {
                (_, None) => {}
                (None, Some(ty)) => found = Some(ty),
                (Some(seen), Some(ty)) if *seen == ty => {}
                (Some(seen), Some(ty)) => bail!("{keyword} mixes {seen} and {ty}"),
            }
        }
        if found.is_some() {
            return Ok(found);
        }
    }
    if schema.get("properties").is_some() {
        return Ok(Some("object".to_owned()));
    }
    if schema.get("items").is_some() {
        return Ok(Some("array".to_owned()));
    }
    Ok(None)
}

/// Whether an object schema, or any branch of its compositions, declares `name`.
fn declares_property(spec: &Spec, schema: &Value, name: &str, depth: usize) -> Result<bool> {
    if depth > MAX_DEPTH {
        bail!("schema nesting deeper than {MAX_DEPTH}");
    }
    let schema = spec.resolve(schema)?;
    if schema.pointer(&format!("/properties/{name}")).is_some() {
        return Ok(true);
    }
    for keyword in COMPOSITIONS {
        for branch in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if declares_property(spec, branch, name, depth + 1)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body_of(schema: Value) -> Result<Body> {
        let spec = Spec::from_value(json!({
            "paths": {},
            "components": {"schemas": {
                "page": {"type": "object", "properties": {"results": {}, "next": {"type": "string"}}},
                "plain": {"type": "object", "properties": {"results": {}}}
            }}
        }))?;
        let op = json!({"responses": {"200": {"content": {"application/json": {"schema": schema}}}}});
        success_body(&spec, &op)
    }

    #[test]
    fn a_referenced_object_with_next_is_an_object_with_a_cursor() {
        let body = body_of(json!({"$ref": "#/components/schemas/page"})).unwrap();
        assert_eq!(
            body,
            Body {
                kind: ResponseKind::Object,
                has_next: true,
                has_distinct: false,
            }
        );
    }

    #[test]
    fn compositions_agreeing_on_object_give_an_object() {
        let schema = json!({"oneOf": [
            {"$ref": "#/components/schemas/plain"},
            {"$ref": "#/components/schemas/page"}
        ]});
        let body = body_of(schema).unwrap();
        assert_eq!(
            body,
            Body {
                kind: ResponseKind::Object,
                has_next: true,
                has_distinct: false,
            }
        );
    }

    #[test]
    fn arrays_nullable_types_and_files_are_recognised() {
        let array = body_of(json!({"type": "array", "items": {}})).unwrap();
        assert_eq!(array.kind, ResponseKind::Array);
        let nullable = body_of(json!({"type": ["object", "null"]})).unwrap();
        assert_eq!(nullable.kind, ResponseKind::Object);
        let file = body_of(json!({"type": "string", "contentMediaType": "text/csv"})).unwrap();
        assert_eq!(file.kind, ResponseKind::Text);
    }

    #[test]
    fn a_response_without_content_is_passed_on_as_text() {
        let spec = Spec::from_value(json!({"paths": {}})).unwrap();
        let op = json!({"responses": {"200": {"description": "OK"}}});
        let body = success_body(&spec, &op).unwrap();
        assert_eq!(body.kind, ResponseKind::Text);
        assert!(!body.has_next);
    }

    #[test]
    fn a_body_of_unknown_kind_is_an_error() {
        assert!(body_of(json!({"description": "nothing"})).is_err());
        assert!(body_of(json!({"type": "integer"})).is_err());
        assert!(body_of(json!({"anyOf": [{"type": "object"}, {"type": "array"}]})).is_err());
    }
}
