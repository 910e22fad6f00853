//! Write tools: every POST, PUT and DELETE operation of the document, placed in the category
//! of the objects it changes, with annotations from rules written in `catalog/overlay/writes.toml`.
//!
//! The category rule: the read tool whose path is the longest prefix of the write's path
//! (placeholders match placeholders) names the category; `POST /sites/{site_id}/wlans` lands
//! where `listSiteWlans` is, `POST /sites/{site_id}/devices/{device_id}/restart` where
//! `getSiteDevice` is. The overlay pins the few the rule cannot place.

use crate::bodies;
use crate::overlay::Overlay;
use crate::params::build_params;
use crate::response::success_body;
use crate::spec::Spec;
use crate::words;
use anyhow::{Context, Result, bail, ensure};
use mist_catalog::{CacheClass, Deletes, Pagination, ResponseKind, ToolDef};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub const WRITES_FILE: &str = "writes.toml";

/// `writes.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteRules {
    pub destructive: DestructiveRule,
    /// operationId → category, where the path rule would place it wrongly or not at all.
    #[serde(default)]
    pub category: BTreeMap<String, String>,
}

/// Which writes are destructive: every DELETE, and those whose operationId holds one of
/// `words`; `except` lists operations the words mark wrongly, `also` ones no word marks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestructiveRule {
    pub words: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(default)]
    pub also: Vec<String>,
    /// Which of them delete, whatever their method.
    #[serde(default)]
    pub deletes: DeleteRule,
}

/// Which writes delete (they need the delete switch), by what they do rather than their HTTP
/// method: every DELETE; a write whose body chooses its action with a top-level enum field
/// holding one of `actions` deletes when a call's body says so; any other whose operationId
/// holds one of `words`, or that `also` names, deletes always; `except` unmarks one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteRule {
    pub words: Vec<String>,
    pub actions: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(default)]
    pub also: Vec<String>,
}

impl DeleteRule {
    /// How the operation deletes; `chooser` is the body's top-level enum field and its values,
    /// when it has one.
    pub fn applies(&self, operation_id: &str, method: &str, chooser: Option<(&str, &[String])>) -> Deletes {
        if method == "delete" {
            return Deletes::Always;
        }
        if self.except.iter().any(|o| o == operation_id) {
            return Deletes::No;
        }
        if let Some((field, values)) = chooser {
            let deleting: Vec<String> = values
                .iter()
                .filter(|v| self.actions.iter().any(|a| a.eq_ignore_ascii_case(v)))
                .cloned()
                .collect();
            if !deleting.is_empty() {
                return Deletes::When {
                    field: field.to_owned(),
                    values: deleting,
                };
            }
        }
        let named = self.also.iter().any(|o| o == operation_id)
            || words::split_words(operation_id)
                .iter()
                .any(|w| self.words.iter().any(|d| d.eq_ignore_ascii_case(w)));
        if named { Deletes::Always } else { Deletes::No }
    }
}

/// The top-level enum fields of an operation's JSON body, with their string values: where a
/// body chooses what the call does (`op`).
fn body_choosers(spec: &Spec, op: &Value) -> Result<Vec<(String, Vec<String>)>> {
    let Some(body) = op.get("requestBody") else {
        return Ok(Vec::new());
    };
    let body = spec.resolve(body)?;
    let Some(schema) = body.pointer("/content/application~1json/schema") else {
        return Ok(Vec::new());
    };
    let schema = spec.resolve(schema)?;
    let mut out = Vec::new();
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let property = spec.resolve(property)?;
        if let Some(values) = property.get("enum").and_then(Value::as_array) {
            let values = values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            out.push((name.clone(), values));
        }
    }
    Ok(out)
}

impl DestructiveRule {
    pub fn applies(&self, operation_id: &str, method: &str) -> bool {
        if self.also.iter().any(|o| o == operation_id) {
            return true;
        }
        if method == "delete" {
            return true;
        }
        if self.except.iter().any(|o| o == operation_id) {
            return false;
        }
        words::split_words(operation_id)
            .iter()
            .any(|w| self.words.iter().any(|d| d.eq_ignore_ascii_case(w)))
    }
}

/// What the write tools add to the catalog: the tools, and the bodies file's text.
pub struct Writes {
    pub tools: Vec<ToolDef>,
    pub bodies_json: String,
}

/// Builds every write tool, in category order then path order, given the read tools.
pub fn generate(
    spec: &Spec,
    overlay: &Overlay,
    reads: &[ToolDef],
    category_order: &[String],
) -> Result<Writes> {
    let rules = &overlay.writes;
    for id in rules
        .category
        .keys()
        .chain(&rules.destructive.except)
        .chain(&rules.destructive.also)
        .chain(&rules.destructive.deletes.except)
        .chain(&rules.destructive.deletes.also)
    {
        ensure!(
            spec.operation(id).is_some_and(|op| op.method != "get"),
            "{WRITES_FILE} names `{id}`, which is not a write operation of the document"
        );
    }
    for category in rules.category.values() {
        ensure!(
            category_order.contains(category),
            "{WRITES_FILE} places a tool in `{category}`, which is not a category"
        );
    }
    let mut refs = BTreeSet::new();
    let mut schemas = BTreeMap::new();
    let mut tools = Vec::new();
    let mut unplaced = Vec::new();
    for (id, path, method) in spec.operations() {
        if !matches!(method, "post" | "put" | "delete") {
            continue;
        }
        let op = spec.operation(id).context("an indexed operation vanished")?;
        ensure!(
            path.starts_with("/api/v1/"),
            "operation `{id}` has path {path} outside /api/v1/"
        );
        let category = match rules.category.get(id) {
            Some(pinned) => pinned.clone(),
            None => match place(path, reads) {
                Some(found) => found.to_owned(),
                None => {
                    unplaced.push(format!("{id} ({path})"));
                    continue;
                }
            },
        };
        let params = build_params(spec, id, &op, &overlay.params).with_context(|| format!("write `{id}`"))?;
        let response = success_body(spec, op.op)
            .map(|b| b.kind)
            .unwrap_or(ResponseKind::Object);
        let body = bodies::request_body(spec, op.op, &mut refs).with_context(|| format!("write `{id}`"))?;
        let choosers = body_choosers(spec, op.op).with_context(|| format!("write `{id}`"))?;
        let deletes = choosers
            .iter()
            .map(|(field, values)| {
                rules
                    .destructive
                    .deletes
                    .applies(id, method, Some((field, values)))
            })
            .find(|d| matches!(d, Deletes::When { .. }))
            .unwrap_or_else(|| rules.destructive.deletes.applies(id, method, None));
        let def = ToolDef {
            name: id.to_owned(),
            aliases: Vec::new(),
            operation_id: id.to_owned(),
            category,
            method: mist_catalog::Method::parse(method).context("a write's method vanished")?,
            path: path.to_owned(),
            title: words::title(id),
            description: String::new(),
            pagination: Pagination::None,
            response,
            cache: CacheClass::Volatile,
            params,
            item: None,
            item_in_results: false,
            body: body.as_ref().map(|b| b.kind),
            body_required: body.as_ref().is_some_and(|b| b.required),
            // A delete is destructive whatever its words.
            destructive: rules.destructive.applies(id, method) || !deletes.is_no(),
            deletes,
            kind: mist_catalog::ToolKind::Operation,
        };
        if let Some(schema) = body.and_then(|b| b.schema) {
            schemas.insert(id.to_owned(), schema);
        }
        tools.push(def);
    }
    if !unplaced.is_empty() {
        bail!(
            "no read tool's path is a prefix of these writes; place them under [category] in {WRITES_FILE}: {}",
            unplaced.join(", ")
        );
    }
    let defs = bodies::components(spec, refs)?;
    for tool in &mut tools {
        let fields = schemas
            .get(&tool.name)
            .map(|s| bodies::top_fields(s, &defs))
            .unwrap_or_default();
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        tool.description = words::write_description(tool, &fields);
    }
    let rank = |c: &str| category_order.iter().position(|n| n == c).unwrap_or(usize::MAX);
    // Stable: within a category, the document's path order stays.
    tools.sort_by_key(|t| rank(&t.category));
    Ok(Writes {
        tools,
        bodies_json: bodies::to_json(&defs, &schemas)?,
    })
}

/// The category of the read tool whose path is the longest prefix of `path`.
pub fn place<'a>(path: &str, reads: &'a [ToolDef]) -> Option<&'a str> {
    let segments: Vec<&str> = path.split('/').collect();
    reads
        .iter()
        .filter(|t| !t.is_write())
        .filter_map(|t| {
            let theirs: Vec<&str> = t.path.split('/').collect();
            let fits = theirs.len() <= segments.len()
                && theirs
                    .iter()
                    .zip(&segments)
                    .all(|(a, b)| a == b || (a.starts_with('{') && b.starts_with('{')));
            fits.then_some((theirs.len(), t.category.as_str()))
        })
        // The first of the longest, in catalog order.
        .fold(None, |best: Option<(usize, &str)>, (len, cat)| match best {
            Some((l, _)) if l >= len => best,
            _ => Some((len, cat)),
        })
        .map(|(_, category)| category)
}

/// Parses `writes.toml`.
pub fn parse_rules(text: &str) -> Result<WriteRules> {
    toml::from_str(text).with_context(|| format!("in {WRITES_FILE}"))
}

/// The body schema of `id` in a bodies file, for tests and tools that read it back.
pub fn body_schema<'a>(bodies: &'a Value, id: &str) -> Option<&'a Value> {
    bodies.get("bodies")?.get(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::tool;

    fn read(name: &str, path: &str, category: &str) -> ToolDef {
        let mut t = tool(name, path, vec![], Pagination::None);
        t.category = category.into();
        t
    }

    #[test]
    fn a_write_lands_in_the_category_of_the_longest_read_path_before_it() {
        let reads = vec![
            read("getSite", "/api/v1/sites/{site_id}", "sites"),
            read("listSiteWlans", "/api/v1/sites/{site_id}/wlans", "wlans"),
            read(
                "getSiteDevice",
                "/api/v1/sites/{site_id}/devices/{device_id}",
                "devices",
            ),
        ];
        assert_eq!(place("/api/v1/sites/{site_id}/wlans", &reads), Some("wlans"));
        assert_eq!(
            place("/api/v1/sites/{site_id}/wlans/{wlan_id}", &reads),
            Some("wlans")
        );
        assert_eq!(
            place("/api/v1/sites/{site_id}/devices/{id}/restart", &reads),
            Some("devices")
        );
        assert_eq!(place("/api/v1/sites/{site_id}/maps", &reads), Some("sites"));
        assert_eq!(place("/api/v1/login", &reads), None);
    }

    #[test]
    fn a_write_deletes_by_what_it_does_and_a_body_that_chooses_decides_at_call_time() {
        let rule = DeleteRule {
            words: vec!["delete".into(), "unassign".into()],
            actions: vec!["delete".into(), "unassign".into()],
            except: vec!["deleteNothing".into()],
            also: vec!["replaceOrgDevices".into()],
        };
        assert_eq!(rule.applies("deleteSiteWlan", "delete", None), Deletes::Always);
        assert_eq!(rule.applies("deleteOrgPskList", "post", None), Deletes::Always);
        assert_eq!(
            rule.applies("unassignOrgDeviceProfile", "post", None),
            Deletes::Always
        );
        assert_eq!(rule.applies("replaceOrgDevices", "post", None), Deletes::Always);
        assert_eq!(rule.applies("deleteNothing", "post", None), Deletes::No);
        assert_eq!(rule.applies("createSiteWlan", "post", None), Deletes::No);
        let ops = ["assign".to_owned(), "delete".to_owned(), "upgrade".to_owned()];
        assert_eq!(
            rule.applies("updateOrgInventoryAssignment", "put", Some(("op", &ops))),
            Deletes::When {
                field: "op".into(),
                values: vec!["delete".into()]
            }
        );
        let harmless = ["amend".to_owned(), "annotate".to_owned()];
        assert_eq!(
            rule.applies("updateOrgThing", "put", Some(("op", &harmless))),
            Deletes::No
        );
    }

    #[test]
    fn deletes_and_listed_words_are_destructive_with_the_exceptions_honoured() {
        let rule = DestructiveRule {
            words: vec!["reboot".into(), "remove".into()],
            except: vec!["removeOrgHarmless".into()],
            also: vec!["replaceEverything".into()],
            deletes: DeleteRule::default(),
        };
        assert!(rule.applies("deleteSiteWlan", "delete"));
        assert!(rule.applies("rebootSiteDevice", "post"));
        assert!(rule.applies("replaceEverything", "post"));
        assert!(!rule.applies("removeOrgHarmless", "post"));
        assert!(!rule.applies("createSiteWlan", "post"));
        assert!(!rule.applies("updateSiteWlan", "put"));
    }
}
