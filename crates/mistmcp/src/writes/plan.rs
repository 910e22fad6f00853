//! The plan of a write: what will be sent, to which object, and what it changes, for the user
//! to read before confirming. Built from the call itself and, where there is an object to
//! read, its current state (read fresh with the matching GET).

use mist_catalog::{Catalog, ToolDef};
use serde_json::{Map, Value, json};

/// Fields that name or identify an object, shown for the target and for what a delete removes.
const KEY_FIELDS: &[&str] = &["name", "id", "ssid", "type", "mac", "model", "site_id", "org_id"];
/// Longest before/after list in a plan.
const MAX_CHANGES: usize = 40;

/// The read tool whose answer is the object a write acts on: the GET of the write's path cut
/// after its last placeholder (`PUT /sites/{site_id}/wlans/{wlan_id}` → `getSiteWlan`;
/// `POST /sites/{site_id}/wlans` → the site itself).
pub fn object_reader<'a>(catalog: &'a Catalog, tool: &ToolDef) -> Option<&'a ToolDef> {
    let end = tool.path.rfind('}')? + 1;
    let path = &tool.path[..end];
    catalog.tools.iter().find(|t| t.path == path)
}

/// Whether the write acts on the object its path ends with (update, delete, an action on it)
/// rather than creating something inside it.
pub fn acts_on_object(tool: &ToolDef) -> bool {
    tool.method != "POST" || !tool.path.ends_with('s') || tool.path.ends_with('}')
}

/// `{name, id, ...}`: the identifying fields of an object.
fn identity(object: &Value) -> Value {
    let mut out = Map::new();
    for key in KEY_FIELDS {
        if let Some(value) = object.get(*key).filter(|v| !v.is_null()) {
            out.insert((*key).to_owned(), value.clone());
        }
    }
    Value::Object(out)
}

/// The fields an update changes: `{field, before, after}` for each top-level field of the body
/// whose value differs from the current object's.
pub fn changes(current: &Value, body: &Value) -> (Vec<Value>, usize) {
    let Some(fields) = body.as_object() else {
        return (Vec::new(), 0);
    };
    let mut out = Vec::new();
    let mut unchanged = 0;
    for (field, after) in fields {
        let before = current.get(field).cloned().unwrap_or(Value::Null);
        if before == *after {
            unchanged += 1;
        } else if out.len() < MAX_CHANGES {
            out.push(json!({"field": field, "before": before, "after": after}));
        }
    }
    (out, unchanged)
}

/// What the model is told to do with a plan.
pub fn ask(tool: &str, lifetime_s: u64) -> String {
    format!(
        "Nothing has been sent. Show this plan to the user and ask whether to go ahead. Only if \
         they agree, call {tool} again with exactly the same arguments plus confirmation_token; \
         the token works once, for {lifetime_s} seconds, for exactly this call. If they decline, \
         do nothing."
    )
}

/// The plan of one write. `current` is the object read before (or why it could not be read).
pub fn plan(
    tool: &ToolDef,
    path: &str,
    body: Option<&Value>,
    current: Option<Result<Value, String>>,
) -> Value {
    let mut plan = Map::new();
    plan.insert(
        "operation".into(),
        json!({"tool": tool.name, "method": tool.method, "path": path, "destructive": tool.destructive}),
    );
    match current {
        Some(Ok(object)) if acts_on_object(tool) => {
            plan.insert("target".into(), identity(&object));
            if tool.is_delete() {
                plan.insert(
                    "removes".into(),
                    json!({"object": identity(&object), "fields": object.as_object().map_or(0, Map::len)}),
                );
            } else if let Some(body) = body.filter(|_| tool.method == "PUT") {
                let (changed, unchanged) = changes(&object, body);
                plan.insert("changes".into(), Value::Array(changed));
                plan.insert("unchanged_fields".into(), json!(unchanged));
            }
        }
        Some(Ok(scope)) => {
            plan.insert("creates_in".into(), identity(&scope));
        }
        Some(Err(why)) => {
            plan.insert("target_not_read".into(), json!(why));
        }
        None => {}
    }
    if let Some(body) = body
        && (tool.method == "POST" || !plan.contains_key("changes"))
    {
        plan.insert("body".into(), body.clone());
    }
    Value::Object(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    #[test]
    fn an_update_lists_only_the_fields_that_change() {
        let current = json!({"id": "w1", "ssid": "guest", "enabled": true, "vlan_id": 10});
        let body = json!({"ssid": "visitors", "enabled": true});
        let p = plan(tool("updateSiteWlan"), "/p", Some(&body), Some(Ok(current)));
        assert_eq!(p["target"], json!({"id": "w1", "ssid": "guest"}));
        assert_eq!(
            p["changes"],
            json!([{"field": "ssid", "before": "guest", "after": "visitors"}])
        );
        assert_eq!(p["unchanged_fields"], 1);
    }

    #[test]
    fn a_delete_names_what_it_removes_and_a_create_where_it_lands() {
        let wlan = json!({"id": "w1", "ssid": "guest", "name": "Guest"});
        let p = plan(tool("deleteSiteWlan"), "/p", None, Some(Ok(wlan)));
        assert_eq!(p["removes"]["object"]["name"], "Guest");
        let site = json!({"id": "s1", "name": "HQ"});
        let body = json!({"ssid": "new"});
        let p = plan(tool("createSiteWlan"), "/p", Some(&body), Some(Ok(site)));
        assert_eq!(p["creates_in"]["name"], "HQ");
        assert_eq!(p["body"]["ssid"], "new");
    }

    #[test]
    fn the_object_read_first_is_the_get_of_the_path_up_to_its_last_id() {
        let catalog = mist_catalog::catalog();
        let name = |t: &str| object_reader(catalog, tool(t)).map(|r| r.name.as_str());
        assert_eq!(name("updateSiteWlan"), Some("getSiteWlan"));
        assert_eq!(name("deleteSiteWlan"), Some("getSiteWlan"));
        assert_eq!(name("createSiteWlan"), Some("getSiteInfo"));
        assert!(acts_on_object(tool("restartSiteDevice")));
        assert!(!acts_on_object(tool("createSiteWlan")));
    }
}
